import type { JsonPath } from "@kr8s/core";
import { UsageError } from "../errors.ts";
import { goValue } from "./go-format.ts";
import { formatTable, GET_MIN_WIDTH } from "./table.ts";

/** One `HEADER:path` of `-o custom-columns=…`, its path already in kubectl's relaxed `{.path}` form. */
export interface CustomColumn {
  header: string;
  path: string;
}

/**
 * `-o custom-columns=NAME:.metadata.name,IP:.status.podIP` as kubectl reads it: comma-separated
 * `HEADER:path` pairs, split at the first colon. Either side may be empty, as in kubectl (an empty
 * header prints blank, an empty path `<none>`).
 * @throws {UsageError} kubectl's `unexpected custom-columns spec: …, expected <header>:<json-path-expr>`
 *   for a pair without a colon.
 */
export function parseCustomColumns(spec: string): { header: string; rawPath: string }[] {
  if (spec === "") throw new UsageError("custom-columns format specified but no custom columns given");
  return spec.split(",").map((part) => {
    const colon = part.indexOf(":");
    if (colon < 0)
      throw new UsageError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, colon), rawPath: part.slice(colon + 1) };
  });
}

/**
 * `-o custom-columns-file=FILE`, read as kubectl reads it (`NewCustomColumnsPrinterFromTemplate`): the first
 * line holds the headers, the second the paths, both split on whitespace; further lines are ignored.
 * @throws {UsageError} kubectl's words for a missing header or spec line, or counts that differ.
 */
export function parseCustomColumnsFile(text: string): { header: string; rawPath: string }[] {
  const expected =
    "Expected format is one line of space separated headers, one line of space separated column specs.";
  const lines = text.split("\n");
  if (text.endsWith("\n")) lines.pop();
  const [headerLine = "", pathLine] = lines;
  if (text === "") throw new UsageError(`invalid template, missing header line. ${expected}`);
  if (pathLine === undefined) throw new UsageError(`invalid template, missing spec line. ${expected}`);
  const fields = (line: string): string[] => line.split(/\s+/).filter((field) => field !== "");
  const headers = fields(headerLine);
  const paths = fields(pathLine);
  if (headers.length !== paths.length)
    throw new UsageError(
      `number of headers (${headers.length}) and field specifications (${paths.length}) don't match`,
    );
  return headers.map((header, i) => ({ header, rawPath: paths[i] ?? "" }));
}

/**
 * The custom-columns table kubectl prints for `objects`: the headers as given (unless `noHeaders`), then
 * per object each column's results joined by commas, `<none>` when the path finds nothing.
 * `rememberedWidths`: as `formatTable`'s, to align the lines of successive calls (a watch).
 * @throws {InvalidArgumentError} when a path cannot run on an object (from the JSONPath engine).
 */
export function formatCustomColumns(
  columns: readonly { header: string; path: JsonPath }[],
  objects: readonly unknown[],
  noHeaders = false,
  rememberedWidths?: number[],
): string {
  const rows: string[][] = noHeaders ? [] : [columns.map((c) => c.header)];
  for (const object of objects) {
    rows.push(
      columns.map(({ path }) => {
        const values = path.execute(object).flat();
        return values.length === 0 ? "<none>" : values.map(goValue).join(",");
      }),
    );
  }
  return formatTable(rows, GET_MIN_WIDTH, rememberedWidths);
}
