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
