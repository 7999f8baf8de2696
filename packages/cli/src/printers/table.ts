/**
 * Aligns rows the way kubectl does: Go's text/tabwriter with padding 3 and spaces. Every column but the
 * last is padded to the widest cell + 3, at least `minWidth`; the last column is not padded, so lines
 * carry no trailing spaces. kubectl's writers differ in their minimum width: 10 for `auth whoami`, 6 for
 * `get` (cli-runtime's `printers.GetNewTabWriter`, {@link GET_MIN_WIDTH}).
 */
const MIN_WIDTH = 6;
const PADDING = 3;

/** The minimum column width of `kubectl get`'s tables (cli-runtime's `tabwriterMinWidth`). */
export const GET_MIN_WIDTH = 6;

/** Width in runes, as Go's tabwriter counts it. */
export function runeLength(text: string): number {
  return [...text].length;
}

/**
 * The width of each column but the last, padding included, as kubectl's tab writer sets them: the widest
 * cell + 3, at least `minWidth` (in runes). With `rememberedWidths` (kubectl's watch writer uses
 * liggitt/tabwriter's `RememberWidths`: widths kept across flushes, so each event line lines up with the
 * lines before it), a column is at least as wide as it was in earlier calls, and the array is updated with
 * this call's widths — pass the same array for every flush of one output.
 */
export function columnWidths(
  rows: readonly (readonly string[])[],
  minWidth = MIN_WIDTH,
  rememberedWidths?: number[],
): number[] {
  const widths: number[] = rememberedWidths ? [...rememberedWidths] : [];
  for (const row of rows) {
    row.slice(0, -1).forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? minWidth, runeLength(cell) + PADDING);
    });
  }
  if (rememberedWidths) rememberedWidths.splice(0, widths.length, ...widths);
  return widths;
}

/**
 * `rows` aligned as one flush of kubectl's tab writer: every cell but the last padded to its column's
 * width ({@link columnWidths}, `rememberedWidths` as there).
 */
export function formatTable(
  rows: readonly (readonly string[])[],
  minWidth = MIN_WIDTH,
  rememberedWidths?: number[],
): string {
  const widths = columnWidths(rows, minWidth, rememberedWidths);
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === row.length - 1
            ? cell
            : cell.padEnd((widths[column] ?? 0) - runeLength(cell) + cell.length),
        )
        .join(""),
    )
    .map((line) => `${line}\n`)
    .join("");
}
