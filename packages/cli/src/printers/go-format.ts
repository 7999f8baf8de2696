/** Go's `%v` of a string slice, as kubectl prints groups: `[a b c]`. */
export function goSlice(values: readonly string[]): string {
  return `[${values.join(" ")}]`;
}
