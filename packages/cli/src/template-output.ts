import { UsageError } from "./errors.ts";

/** kubectl's go-template output formats (`-o go-template=…`; `template` and `templatefile` are aliases). */
export const TEMPLATE_FORMATS = ["go-template", "go-template-file", "template", "templatefile"] as const;

/** Whether `-o`'s format (before any `=`) is one of kubectl's go-template formats. */
export function isTemplateFormat(format: string): boolean {
  return (TEMPLATE_FORMATS as readonly string[]).includes(format);
}

/**
 * A template that failed while printing: `stdout` is what kubectl writes before its error line (the
 * template's partial output and its "Error executing template" debugging text).
 */
export class TemplateOutputError extends UsageError {
  /** Text for stdout, written before the error. */
  readonly stdout: string;

  constructor(message: string, stdout: string) {
    super(message);
    this.name = "TemplateOutputError";
    this.stdout = stdout;
  }
}

/** Prints one object (or kubectl's List) through a template; see {@link goTemplatePrinter}. */
export type TemplatePrinter = (object: unknown) => string;

/**
 * The printer of `-o go-template=TEMPLATE` / `go-template-file=FILE` (and their aliases), built as
 * cli-runtime's `GoTemplatePrintFlags.ToPrinter` builds it: the template is `-o`'s text after `=`, else
 * `--template`'s; a file is read first. The engine is loaded here, only when a template format is used.
 * @param allowMissingKeys - `--allow-missing-template-keys` (kubectl's default: true): a missing key
 *   prints `<no value>` instead of failing.
 * @param rawKeys - key order of the raw JSON in the debugging text (see `printGoTemplate`).
 * @throws {UsageError} kubectl's words: `template format specified but no template given`,
 *   `error reading --template FILE, open FILE: no such file or directory`,
 *   `error parsing template TEMPLATE, template: output:1: unclosed action`.
 * @returns a printer that returns the text for stdout, or throws {@link TemplateOutputError} when the
 *   template fails on the object (`error executing template …`).
 */
export async function goTemplatePrinter(
  format: string,
  template: string,
  allowMissingKeys: boolean,
  rawKeys: "sorted" | "as-is" = "sorted",
): Promise<TemplatePrinter> {
  if (template === "") throw new UsageError("template format specified but no template given");
  let text = template;
  if (format === "go-template-file" || format === "templatefile") text = await readTemplateFile(template);
  const { compileGoTemplate, printGoTemplate, TemplateParseError } =
    await import("./printers/go-template/index.ts");
  let compiled;
  try {
    compiled = compileGoTemplate(text);
  } catch (error) {
    if (error instanceof TemplateParseError)
      throw new UsageError(`error parsing template ${text}, ${error.message}`);
    throw error;
  }
  return (object) => {
    const { stdout, error } = printGoTemplate(compiled, object, allowMissingKeys, rawKeys);
    if (error !== undefined) throw new TemplateOutputError(error, stdout);
    return stdout;
  };
}

/**
 * The text of a `-o …-file=FILE` template (go-template-file, jsonpath-file), or kubectl's error for a file
 * it cannot read.
 * @throws {UsageError} `error reading --template FILE, open FILE: no such file or directory` (kubectl's words;
 *   `read FILE: is a directory` for a directory)
 */
export async function readTemplateFile(file: string): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`error reading --template ${file}, ${goFileError(error, file)}`);
  }
}

/**
 * The text of `-o custom-columns-file=FILE`. kubectl reads it another way: a missing file is
 * `error reading template FILE, open …`, and a directory reads as empty (its parser then says what is missing).
 * @throws {UsageError} for a file that does not exist or cannot be opened
 */
export async function readCustomColumnsFile(file: string): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "EISDIR") return "";
    throw new UsageError(`error reading template ${file}, ${goFileError(error, file)}`);
  }
}

/** Go's `*PathError` text for a file that cannot be read (`open FILE: no such file or directory`). */
function goFileError(error: unknown, file: string): string {
  const code = (error as { code?: string }).code ?? "";
  switch (code) {
    case "ENOENT":
      return `open ${file}: no such file or directory`;
    case "EACCES":
      return `open ${file}: permission denied`;
    case "EISDIR":
      return `read ${file}: is a directory`;
    default:
      return `open ${file}: ${(error as Error).message}`;
  }
}
