/**
 * Go's `%#v` of data decoded from JSON into `map[string]interface {}` (what kubectl's JSONPath printer
 * shows as "object given to jsonpath engine was" when a template fails): maps with sorted keys, slices as
 * `[]interface {}{…}`, strings quoted as `strconv.Quote` does, integers exactly, other numbers as `%v`.
 */
import { formatValue, PLAIN, quote } from "./go-template/fmt.ts";
import { fromJson } from "./go-template/values.ts";

/** `%#v` of one JSON value, as Go prints it when it sits in an `interface {}`. */
export function goSyntax(value: unknown): string {
  if (value === null || value === undefined) return "interface {}(nil)";
  if (typeof value === "string") return quote(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") return formatValue(fromJson(value), "v", PLAIN);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSyntax).join(", ")}}`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `map[string]interface {}{${entries.map(([k, v]) => `${quote(k)}:${goSyntax(v)}`).join(", ")}}`;
  }
  // JSON has no other values.
  return typeof value === "bigint" ? value.toString() : "";
}
