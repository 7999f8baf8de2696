/**
 * Go's `text/tabwriter` as kubectl uses it (with liggitt/tabwriter's `RememberWidths`, the fork kubectl's
 * `get` writer is made with), for text written with spaces as padding and no other flags. Cells end at a
 * tab (or `\v`), lines at a newline (or `\f`); the last cell of a line is not part of any column. A column
 * is a run of adjacent lines that all have a cell at that index, as wide as its widest cell plus the
 * padding, at least the minimum width. Widths count code points, as Go counts runes.
 *
 * kubectl's writers: the describers' `(minwidth 0, padding 2)`, `get`'s and most tables'
 * `printers.GetNewTabWriter` `(6, 3, RememberWidths)`.
 */

/** How a writer is set up (Go's `NewWriter` arguments that kubectl varies). */
export interface TabWriterOptions {
  /** A column's least width, padding included. */
  minWidth: number;
  /** Spaces added to a column's widest cell. */
  padding: number;
  /**
   * `RememberWidths`: each column (by index) is at least as wide as it was in earlier formatting with the
   * same array, which is updated — one array for every flush of one output (a watch's lines).
   */
  rememberedWidths?: number[];
}

/**
 * cli-runtime's `printers.EscapeTerminal` (what `WriteEscaped` writes): ESC and CR in an object's text
 * would let it drive the terminal, so they print as `^[` and `\r`. kubectl escapes every table cell and
 * every describe line this way.
 */
export function escapeTerminal(text: string): string {
  return text.replaceAll("\x1b", "^[").replaceAll("\r", "\\r");
}

function runeCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Formats `text` (lines ending in `\n`; a last line without one is kept, its cells aligned as Go's). */
export function tabwrite(text: string, { minWidth, padding, rememberedWidths }: TabWriterOptions): string {
  const lines = text.split(/[\n\f]/).map((line) => line.split(/[\t\v]/));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i] ?? [];
      cells.forEach((cell, j) => {
        out.push(cell);
        const width = widths[j];
        if (width !== undefined) out.push(" ".repeat(width - runeCount(cell)));
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
      let width = minWidth;
      for (; current < line1; current++) {
        const cells = lines[current] ?? [];
        if (column >= cells.length - 1) break;
        width = Math.max(width, runeCount(cells[column] ?? "") + padding);
      }
      if (rememberedWidths) {
        if (rememberedWidths.length < column) rememberedWidths.push(...widths.slice(rememberedWidths.length));
        const remembered = rememberedWidths[column];
        if (remembered === undefined) rememberedWidths.push(width);
        else if (remembered > width) width = remembered;
        else rememberedWidths[column] = width;
      }
      widths.push(width);
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

/** The describers' writer: `tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)`. */
export function alignTabs(text: string): string {
  return tabwrite(text, { minWidth: 0, padding: 2 });
}
