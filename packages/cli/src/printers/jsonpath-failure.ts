import { quote } from "./go-template/fmt.ts";
import { goSyntax } from "./go-syntax.ts";

/**
 * kubectl's error when a JSONPath template fails on the data (`-o jsonpath=…` with an index out of range,
 * or a missing key with `--allow-missing-template-keys=false`): the template and the data, as Go's `%#v`
 * prints it, follow the reason (cli-runtime's `JSONPathPrinter.PrintObj`).
 * @param error - what {@link JsonPath.print} threw: an error whose `cause` holds the bare reason.
 * @throws {unknown} `error` itself when it is not such a failure.
 */
export function jsonPathFailure(template: string, data: unknown, error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (!(cause instanceof Error)) throw error;
  return (
    `error executing jsonpath ${quote(template)}: Error executing template: ${cause.message}. ` +
    `Printing more information for debugging the template:\n` +
    `\ttemplate was:\n\t\t${template}\n` +
    `\tobject given to jsonpath engine was:\n\t\t${goSyntax(data)}\n\n`
  );
}
