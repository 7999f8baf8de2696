/**
 * Aligns rows the way kubectl does: Go's text/tabwriter with padding 3 and spaces. Every column but the
 * last is padded to the widest cell + 3, at least `minWidth`; the last column is not padded, so lines
 * carry no trailing spaces. kubectl's writers differ in their minimum width: 10 for `auth whoami`, 6 for
 * `get` (cli-runtime's `printers.GetNewTabWriter`, {@link GET_MIN_WIDTH}).
 */
import { escapeTerminal, tabwrite } from "./tabwriter.ts";

const MIN_WIDTH = 6;
const PADDING = 3;

/** The minimum column width of `kubectl get`'s tables (cli-runtime's `tabwriterMinWidth`). */
export const GET_MIN_WIDTH = 6;

/** Width in runes, as Go's tabwriter counts it. */
export function runeLength(text: string): number {
  return [...text].length;
}

/**
 * The width of each column but the last, padding included, as kubectl's tab writer sets them for a table
 * whose cells hold no tab or newline (the live view's, whose cells are one line each): the widest cell + 3,
 * at least `minWidth` (in runes). With `rememberedWidths`, a column is at least as wide as it was in earlier
 * calls, and the array is updated with this call's widths — pass the same array for every frame.
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
 * `rows` as kubectl's tab writer prints them (cli-runtime's `printers.GetNewTabWriter`: minimum width
 * `minWidth`, padding 3, `RememberWidths`): each cell escaped ({@link escapeTerminal}), cells joined by tabs,
 * rows by newlines, and the text aligned by Go's tabwriter ({@link tabwrite}). Every column but the last is
 * padded to its widest cell + 3; a tab or newline inside a cell is a cell or line break, as in kubectl.
 * `rememberedWidths`: one array for every flush of one output (a watch's lines), as in `TabWriterOptions`.
 */
export function formatTable(
  rows: readonly (readonly string[])[],
  minWidth = MIN_WIDTH,
  rememberedWidths?: number[],
): string {
  if (rows.length === 0) return "";
  const text = rows.map((row) => `${row.map(escapeTerminal).join("\t")}\n`).join("");
  // kubectl's writer always remembers widths: a block of rows after a cell's line break is at least as
  // wide as the rows before it.
  return tabwrite(text, { minWidth, padding: PADDING, rememberedWidths: rememberedWidths ?? [] });
}
