/**
 * Aligns rows the way kubectl does: Go's text/tabwriter with minwidth 6, padding 3 and spaces
 * (`printers.GetNewTabWriter`). Every column but the last is padded to the widest cell + 3, at least 6;
 * the last column is not padded, so lines carry no trailing spaces.
 */
const MIN_WIDTH = 6;
const PADDING = 3;

/** Width in runes, as Go's tabwriter counts it. */
function runeLength(text: string): number {
  return [...text].length;
}

export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.slice(0, -1).forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? MIN_WIDTH, runeLength(cell) + PADDING);
    });
  }
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
