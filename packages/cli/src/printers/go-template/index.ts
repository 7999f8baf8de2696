import { executeTemplate, TemplateExecError } from "./exec.ts";
import { formatGoJsonLine, sortKeys } from "../go-json.ts";
import { formatValue, PLAIN } from "./fmt.ts";
import { FUNCTIONS } from "./funcs.ts";
import { fromJson } from "./values.ts";
import { parseTemplate, TemplateParseError, type ParsedTemplate } from "./parser.ts";

export { TemplateExecError, TemplateParseError };

/** A Go text/template compiled with kubectl's functions, ready to run on JSON data. */
export interface GoTemplate {
  /** The template text, as given. */
  readonly text: string;
  /**
   * Runs the template on JSON data: integers are int64 to the template, other numbers float64, as after
   * kubectl's decoding (apimachinery `util/json.Unmarshal` into `map[string]interface{}`). `error` is Go's message when execution failed; `output` is what
   * was written before the failure.
   */
  execute(data: unknown, options?: { allowMissingKeys?: boolean }): { output: string; error?: string };
}

const NAMES: ReadonlySet<string> = new Set(FUNCTIONS.keys());

/**
 * Parses a template the way kubectl's go-template printer does: `template.New("output")` with Go's
 * built-in functions and kubectl's `exists` and `base64decode` (cli-runtime `printers/template.go`).
 * @throws {TemplateParseError} Go's parse error, e.g. `template: output:1: unclosed action`.
 */
export function compileGoTemplate(text: string): GoTemplate {
  const parsed: ParsedTemplate = parseTemplate("output", text, NAMES);
  return {
    text,
    execute(data, options = {}) {
      const { output, error } = executeTemplate(parsed, fromJson(data), FUNCTIONS, {
        missingKeyError: options.allowMissingKeys === false,
      });
      return error ? { output, error: error.message } : { output };
    },
  };
}

/**
 * What kubectl's go-template printer writes for one object (or List): the template's output; on an
 * execution error, the partial output followed by kubectl's debugging text (the template, the raw JSON,
 * the object as Go's `%+v` prints it), and the error line kubectl then prints on stderr.
 * @param rawKeys - the raw JSON's key order: `sorted` for API objects (kubectl marshals unstructured maps),
 *   `as-is` for a typed object such as `config view`'s Config (struct field order).
 */
export function printGoTemplate(
  template: GoTemplate,
  object: unknown,
  allowMissingKeys: boolean,
  rawKeys: "sorted" | "as-is" = "sorted",
): { stdout: string; error?: string } {
  const { output, error } = template.execute(object, { allowMissingKeys });
  if (error === undefined) return { stdout: output };
  const raw = goJsonLine(rawKeys === "sorted" ? sortKeys(object) : object);
  const dump =
    `Error executing template: ${error}. Printing more information for debugging the template:\n` +
    `\ttemplate was:\n\t\t${template.text}\n` +
    `\traw data was:\n\t\t${raw}\n` +
    `\tobject given to template engine was:\n\t\t${formatValue(fromJson(object), "v", PLAIN)}\n\n`;
  return { stdout: output + dump, error: `error executing template ${goQuote(template.text)}: ${error}` };
}

/** Go's `json.Marshal`: compact, HTML characters escaped, no newline. */
function goJsonLine(value: unknown): string {
  return formatGoJsonLine(value).slice(0, -1);
}

/** Go's `%q` of a string. */
function goQuote(text: string): string {
  return formatValue(text, "q", PLAIN);
}
