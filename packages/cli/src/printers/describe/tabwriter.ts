/**
 * Go's `text/tabwriter` as kubectl's describers configure it (`tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)`:
 * minimum width 0, padding 2, spaces, no flags). Cells end at a tab; the last cell of a line is not part
 * of any column. A column is a run of adjacent lines that all have a cell at that index, and is as wide as
 * its widest cell plus the padding. Widths count code points, as Go counts runes.
 */

const PADDING = 2;

/** One line, split into its cells (every cell but the last was ended by a tab). */
type Line = string[];

function width(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Aligns `text` (lines ending in `\n`; a last line without one is kept as it is). */
export function alignTabs(text: string): string {
  const lines: Line[] = text.split("\n").map((line) => line.split("\t"));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i] ?? [];
      cells.forEach((cell, j) => {
        out.push(cell);
        const cellWidth = widths[j];
        if (cellWidth !== undefined && j < cells.length - 1) out.push(" ".repeat(cellWidth - width(cell)));
      });
      if (i + 1 < lines.length) out.push("\n");
    }
  };

  // Go's Writer.format: the widths of the columns to the left are known; find the blocks of this one.
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let current = line0; current < line1; current++) {
      if (column >= (lines[current]?.length ?? 0) - 1) continue;
      writeLines(start, current);
      start = current;
      let columnWidth = 0;
      for (; current < line1; current++) {
        const cells = lines[current] ?? [];
        if (column >= cells.length - 1) break;
        columnWidth = Math.max(columnWidth, width(cells[column] ?? "") + PADDING);
      }
      widths.push(columnWidth);
      format(start, current);
      widths.pop();
      // Like Go, the loop then skips the line that ended the block: it has no cell in this column.
      start = current;
    }
    writeLines(start, line1);
  };

  format(0, lines.length);
  return out.join("");
}
