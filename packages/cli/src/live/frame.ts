import { createColors } from "picocolors";
import { humanDuration } from "../printers/duration.ts";
import { runeLength } from "../printers/table.ts";
import type { CellChange } from "./cell-change.ts";
import type { RowView, TypeStatus, TypeView } from "./model.ts";

/** The screen a frame is drawn for. */
export interface FrameOptions {
  /** Terminal width in columns; lines are cut to it so that none wraps. */
  width: number;
  /** Terminal height in lines; the frame has at most this many. */
  height: number;
  /** ANSI colours and styles; without them, marks and row states still read from their characters. */
  color: boolean;
}

/** The characters of the marks; each takes {@link MARK_WIDTH} columns with its leading space. */
const MARK_TEXT: Record<CellChange, string> = { up: " ↑", down: " ↓", changed: " Δ" };

/** The gutter before each row: `+` while an added row is highlighted, `-` while a deleted one lingers. */
const GUTTER: Record<RowView["state"], string> = { added: "+ ", deleted: "- ", steady: "  " };

type Style = (text: string) => string;

/** A run of text in one style; a line is a list of them, so that it can be cut before it is coloured. */
interface Segment {
  text: string;
  style?: Style | undefined;
}

/**
 * Draws one frame of the live view: a status line, then for each watched type a heading and its table,
 * aligned with the type's remembered widths. Pure: the same views and options give the same lines.
 *
 * When the tables do not fit the height, the status line, every heading and every header stay; the
 * height left is shared fairly between the types (a type with few rows leaves its unused share to the
 * others), and a cut table shows its first rows then `… N more`.
 */
export function renderFrame(views: readonly TypeView[], options: FrameOptions): string[] {
  const colors = createColors(options.color);
  const lines: Segment[][] = [statusLine(views, colors)];
  const fixed = views.reduce((sum, view, index) => sum + (index > 0 ? 1 : 0) + 1 + 1, 1);
  const budgets = shareRows(
    views.map((view) => view.rows.length),
    Math.max(0, options.height - fixed),
  );
  views.forEach((view, index) => {
    if (index > 0) lines.push([]);
    lines.push([{ text: `${view.resource.id} (${view.rows.length})`, style: colors.bold }]);
    // An empty type sends no row, so its columns never come: once listed, it is simply empty.
    if (view.rows.length === 0 && view.status.state !== "listing") {
      lines.push([{ text: "  No resources found", style: colors.dim }]);
      return;
    }
    if (view.header.length === 0) {
      lines.push([{ text: "  waiting for the server's columns", style: colors.dim }]);
      return;
    }
    lines.push(
      tableLine(
        GUTTER.steady,
        view.header.map((text) => ({ text })),
        view.widths,
        colors.bold,
      ),
    );
    const budget = budgets[index] ?? 0;
    const shown = budget >= view.rows.length ? view.rows : view.rows.slice(0, Math.max(0, budget - 1));
    for (const row of shown) lines.push(rowLine(row, view.widths, colors));
    if (shown.length < view.rows.length && budget > 0)
      lines.push([{ text: `  … ${view.rows.length - shown.length} more`, style: colors.dim }]);
  });
  return lines.slice(0, Math.max(0, options.height)).map((line) => paint(cut(line, options.width)));
}

function statusLine(views: readonly TypeView[], colors: ReturnType<typeof createColors>): Segment[] {
  const segments: Segment[] = [];
  // Trouble first, so that a narrow terminal cuts the types that are fine.
  const urgency = (view: TypeView): number => STATUS_ORDER.indexOf(view.status.state);
  [...views]
    .sort((a, b) => urgency(a) - urgency(b))
    .forEach((view, index) => {
      if (index > 0) segments.push({ text: " · " });
      segments.push({ text: `${view.resource.id}: ` }, statusSegment(view.status, colors));
    });
  if (views.length === 0) segments.push({ text: "starting", style: colors.dim });
  segments.push({ text: "   (q to quit)", style: colors.dim });
  return segments;
}

const STATUS_ORDER: readonly TypeStatus["state"][] = ["error", "reconnecting", "listing", "watching"];

function statusSegment(status: TypeStatus, colors: ReturnType<typeof createColors>): Segment {
  switch (status.state) {
    case "listing":
      return { text: "listing", style: colors.dim };
    case "watching":
      return { text: "watching", style: colors.green };
    case "reconnecting":
      // The countdown before the reason: a long reason (a URL) is what the terminal's width cuts.
      return {
        text:
          status.retryInMs > 0
            ? `reconnecting in ${humanDuration(Math.ceil(status.retryInMs / 1000) * 1000)} (${status.reason})`
            : `reconnecting (${status.reason})`,
        style: colors.yellow,
      };
    case "error":
      return { text: `error: ${status.message}`, style: colors.red };
  }
}

function rowLine(
  row: RowView,
  widths: readonly number[],
  colors: ReturnType<typeof createColors>,
): Segment[] {
  const rowStyle: Style | undefined =
    row.state === "deleted"
      ? (text) => colors.dim(colors.strikethrough(text))
      : row.state === "added"
        ? (text) => colors.bold(colors.green(text))
        : undefined;
  const markStyle: Record<CellChange, Style> = { up: colors.green, down: colors.red, changed: colors.yellow };
  const line: Segment[] = [{ text: GUTTER[row.state], style: rowStyle }];
  row.cells.forEach((cell, index) => {
    // An added or deleted row says so as a whole; its cells' marks would only add noise.
    const marked = row.state === "steady" ? cell.mark : undefined;
    const mark = marked ? MARK_TEXT[marked] : "";
    const style = marked ? markStyle[marked] : rowStyle;
    line.push({ text: cell.text + mark, style });
    if (index < row.cells.length - 1) line.push({ text: padding(cell.text + mark, widths[index]) });
  });
  return line;
}

function tableLine(
  gutter: string,
  cells: readonly { text: string }[],
  widths: readonly number[],
  style: Style,
): Segment[] {
  const line: Segment[] = [{ text: gutter }];
  cells.forEach((cell, index) => {
    line.push({ text: cell.text, style });
    if (index < cells.length - 1) line.push({ text: padding(cell.text, widths[index]) });
  });
  return line;
}

function padding(text: string, width: number | undefined): string {
  return " ".repeat(Math.max(1, (width ?? 0) - runeLength(text)));
}

/**
 * How many rows each table may show in `available` lines (a cut table's `… N more` line counted): an
 * equal share each, the share a small table does not use going to the others.
 */
export function shareRows(counts: readonly number[], available: number): number[] {
  const budgets = counts.map(() => 0);
  const order = counts.map((count, index) => ({ count, index })).sort((a, b) => a.count - b.count);
  let left = available;
  order.forEach(({ count, index }, position) => {
    const share = Math.floor(left / (order.length - position));
    budgets[index] = Math.min(count, share);
    left -= budgets[index] ?? 0;
  });
  return budgets;
}

function cut(line: readonly Segment[], width: number): Segment[] {
  const result: Segment[] = [];
  let left = width;
  for (const segment of line) {
    if (left <= 0) break;
    const runes = [...segment.text];
    result.push({ ...segment, text: runes.slice(0, left).join("") });
    left -= runes.length;
  }
  return result;
}

function paint(line: readonly Segment[]): string {
  return line.map(({ text, style }) => (style && text !== "" ? style(text) : text)).join("");
}
