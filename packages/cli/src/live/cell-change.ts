/** How a cell of the live view changed: a number in it went up or down, or anything else changed. */
export type CellChange = "up" | "down" | "changed";

const NUMBER = /\d+(?:\.\d+)?/g;

/**
 * Classifies a changed cell. When both texts have the same shape with only numbers differing (`1/3` →
 * `2/3`, `0` → `1`, `1 (5s ago)` → `2 (1s ago)`), the first number that differs decides: `up` or `down`.
 * Any other difference (`Pending` → `Running`, `<none>` → `10.0.0.1`) is `changed`. Equal texts are not a
 * change: the caller does not ask.
 */
export function classifyChange(before: string, after: string): CellChange {
  const shape = (text: string): string => text.replace(NUMBER, "#");
  if (shape(before) !== shape(after)) return "changed";
  const numbersBefore = before.match(NUMBER) ?? [];
  const numbersAfter = after.match(NUMBER) ?? [];
  for (const [index, text] of numbersBefore.entries()) {
    const a = Number(text);
    const b = Number(numbersAfter[index]);
    if (a !== b) return b > a ? "up" : "down";
  }
  return "changed";
}
