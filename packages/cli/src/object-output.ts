import { UsageError } from "./errors.ts";
import { parseOutput } from "./flags.ts";

/**
 * The printer of one object of a command's own (`events`' EventList, `auth whoami`'s SelfSubjectReview)
 * in a format of kubectl's printer flags: `json`, `yaml`, `name`, JSONPath and Go templates, built as
 * kubectl's PrintFlags build it — before anything is fetched, so a bad template fails first. Check the
 * format with `checkPrinterFormat` before.
 * @param options.name - what `-o name` prints for this command (kubectl's name printer: `kind.group/name`,
 *   `<unknown>` for a missing name, nothing for `events`' list).
 * @param options.template - `--template`; `allowMissingKeys` is `--allow-missing-template-keys`.
 * @throws {UsageError} kubectl's message for a template that does not parse or cannot be read; the printer
 *   throws one for a template that fails on the object, after writing the partial output and kubectl's
 *   debugging text.
 */
export async function objectPrinter(
  output: string,
  options: {
    name: string;
    template?: string | undefined;
    allowMissingKeys: boolean;
    write: (text: string) => void;
  },
): Promise<(value: unknown) => void> {
  const parsed = parseOutput(output, options.template);
  const { format } = parsed;
  const argument = parsed.argument ?? options.template ?? "";
  // JSONPath and templates run on the object as -o json shows it, as kubectl's printers do (they marshal it).
  const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
  switch (format) {
    case "json":
    case "yaml": {
      const { formatStructured } = await import("./printers/structured.ts");
      return (value) => options.write(formatStructured(value, format));
    }
    case "name":
      return () => options.write(options.name);
    case "jsonpath":
    case "jsonpath-file":
    case "jsonpath-as-json": {
      if (argument === "") throw new UsageError("template format specified but no template given");
      const { compileJsonPath } = await import("@kr8s/core");
      const text =
        format === "jsonpath-file"
          ? await (await import("./template-output.ts")).readTemplateFile(argument)
          : argument;
      const path = compileJsonPath(text);
      return (value) =>
        options.write(
          format === "jsonpath-as-json" ? path.printJSON(asJson(value)) : path.print(asJson(value)),
        );
    }
    default: {
      const { goTemplatePrinter, TemplateOutputError } = await import("./template-output.ts");
      // A typed object: kubectl's debugging text shows its JSON in field order, as -o json prints it.
      const print = await goTemplatePrinter(format, argument, options.allowMissingKeys, "as-is");
      return (value) => {
        try {
          options.write(print(asJson(value)));
        } catch (error) {
          if (!(error instanceof TemplateOutputError)) throw error;
          options.write(error.stdout);
          throw new UsageError(error.message);
        }
      };
    }
  }
}
