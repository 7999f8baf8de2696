/** Go's `%v` of a string slice, as kubectl prints groups: `[a b c]`. */
export function goSlice(values: readonly string[]): string {
  return `[${values.join(" ")}]`;
}

/**
 * A JSON number as Go prints it (`fmt.Sprint`, `strconv.FormatFloat(f, 'g', -1, 64)`): integers as
 * integers, other numbers in the shortest form, exponents padded to two digits (`1e-07`).
 */
export function goNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  return String(value).replace(/e([+-])(\d)$/, "e$10$2");
}

/**
 * A JSON value as Go's `fmt.Sprintf("%v", v)` prints it after `encoding/json` decoding, which is how
 * kubectl's custom columns print cells: maps as `map[k:v]` (keys sorted), lists as `[a b]`, null as
 * `<nil>`.
 */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return "<nil>";
  if (typeof value === "number") return goNumber(value);
  if (Array.isArray(value)) return `[${value.map(goValue).join(" ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `map[${entries.map(([k, v]) => `${k}:${goValue(v)}`).join(" ")}]`;
  }
  // What is left is a string, boolean or bigint: JSON has nothing else.
  return typeof value === "string" ? value : JSON.stringify(value);
}
