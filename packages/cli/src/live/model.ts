import type { JsonPath, TableColumn, TableRow } from "@kr8s/core";
import { humanDuration } from "../printers/duration.ts";
import {
  resourceTableHeader,
  resourceTableRows,
  visibleColumns,
  type ResourceTableOptions,
} from "../printers/resource-table.ts";
import { sortByPath } from "../printers/sort-by.ts";
import { columnWidths, GET_MIN_WIDTH } from "../printers/table.ts";
import { escapeTerminal } from "../printers/tabwriter.ts";
import type { LiveEvent, WatchedResource } from "../watch/events.ts";
import { classifyChange, type CellChange } from "./cell-change.ts";

/**
 * How long (ms) a changed cell keeps its mark, an added row its highlight and a deleted row its place:
 * long enough to catch from the corner of an eye, short enough that the view settles between rollouts.
 */
export const FADE_MS = 5000;

/**
 * A cell as one line of the frame: ESC escaped as kubectl escapes it ({@link escapeTerminal}: an object's
 * text must not drive the terminal), and a tab (or `\v`) shown as `\t` (`\v`): it would break the frame's
 * columns. Line breaks never get here: the table's cells are cut at the first one, as kubectl cuts them.
 */
export function oneLine(text: string): string {
  return escapeTerminal(text).replace(/[\t\v]/g, (c) => (c === "\t" ? "\\t" : "\\v"));
}

/** The columns a mark takes after a cell's text: a space and `↑`, `↓` or `Δ`. */
export const MARK_WIDTH = 2;

/** What the view model needs of `get`'s flags. */
export interface LiveModelOptions {
  /** `-o wide`: also the server's columns of priority > 0. */
  wide?: boolean;
  /** `-A`: a NAMESPACE column first, on the types that live in namespaces. */
  withNamespace?: boolean;
  /** `--show-labels`: a LABELS column last. */
  showLabels?: boolean;
  /** `-L`: one column per label key. */
  labelColumns?: readonly string[];
  /**
   * `--sort-by`, compiled; evaluated on each `row.object` (whole objects only when the source asked the
   * server for them, `includeObject=Object`; with metadata alone only `.metadata` paths find anything).
   * Rows where the path finds nothing come first; ties keep the default order: namespace, then name (the
   * server's list order). Rows move as their values change.
   */
  sortBy?: JsonPath | undefined;
  /**
   * The watched types in the order the command named them: their tables come in this order, each shown
   * (listing) from the start. Types not named here follow in the order their first event came.
   */
  resources?: readonly WatchedResource[] | undefined;
  /** How long marks and highlights last (ms). @default {@link FADE_MS} */
  fadeMs?: number;
}

/** The state of one watched type, as the status line shows it. */
export type TypeStatus =
  | { state: "listing" }
  | { state: "watching" }
  | { state: "reconnecting"; reason: string; retryInMs: number }
  | { state: "error"; message: string };

/** One cell of a frame: its text (ages as of the frame's time) and its mark while it lasts. */
export interface CellView {
  text: string;
  mark?: CellChange | undefined;
}

/** One row of a frame: `added` and `deleted` while their highlight lasts. */
export interface RowView {
  cells: CellView[];
  state: "added" | "deleted" | "steady";
}

/** One watched type in a frame: what the renderer draws. */
export interface TypeView {
  resource: WatchedResource;
  status: TypeStatus;
  /** Column names; empty until the server sent the columns. */
  header: string[];
  rows: RowView[];
  /**
   * The width (runes, 3 of padding included) of every column but the last. They only grow within a
   * session, so the table does not jitter when a long value or a mark goes away.
   */
  widths: number[];
}

interface Mark {
  change: CellChange;
  at: number;
}

interface TrackedRow {
  row: TableRow;
  /** The cells as `kubectl get` prints them, ages as the server sent them. */
  cells: string[];
  marks: (Mark | undefined)[];
  addedAt: number | undefined;
  deletedAt: number | undefined;
}

interface TrackedType {
  resource: WatchedResource;
  columns: TableColumn[];
  rows: Map<string, TrackedRow>;
  synced: boolean;
  status:
    | { state: "listing" | "watching" }
    | { state: "reconnecting"; reason: string; retryAt: number }
    | { state: "error"; message: string };
  widths: number[];
}

/**
 * The live view's state: for each watched type, its rows by key, each cell's last change and when it
 * happened. Pure apart from its own state: time comes in as `now` (ms since the epoch) on every call.
 */
export class LiveModel {
  readonly #options: LiveModelOptions;
  readonly #fadeMs: number;
  readonly #types = new Map<string, TrackedType>();

  constructor(options: LiveModelOptions = {}) {
    this.#options = options;
    this.#fadeMs = options.fadeMs ?? FADE_MS;
    for (const resource of options.resources ?? []) this.#type(resource);
  }

  /** Takes one event of the source into the model. */
  apply(event: LiveEvent, now: number): void {
    const type = this.#type(event.resource);
    switch (event.kind) {
      case "columns":
        if (!sameColumns(type.columns, event.columns)) {
          type.columns = event.columns;
          type.widths = [];
          for (const tracked of type.rows.values()) tracked.cells = this.#cells(type, tracked.row);
        }
        if (type.status.state !== "error") type.status = { state: type.synced ? "watching" : "listing" };
        return;
      case "synced":
        type.synced = true;
        type.status = { state: "watching" };
        return;
      case "reconnecting":
        type.status = { state: "reconnecting", reason: event.reason, retryAt: now + event.delayMs };
        return;
      case "connected":
        // Back after a reconnection: a resumed watch with nothing to report sends no other event.
        if (type.status.state === "reconnecting")
          type.status = { state: type.synced ? "watching" : "listing" };
        return;
      case "error":
        type.status = { state: "error", message: event.error.message };
        return;
      case "change":
        if (type.status.state === "reconnecting") type.status = { state: "watching" };
        this.#change(type, event.type, event.key, event.row, now);
        return;
    }
  }

  /**
   * The frame as of `now`: rows in order, ages ticked, marks and highlights that have not faded, deleted
   * rows whose time is up dropped. Grows the remembered column widths.
   */
  view(now: number): TypeView[] {
    return [...this.#types.values()].map((type) => {
      for (const [key, tracked] of type.rows)
        if (tracked.deletedAt !== undefined && now - tracked.deletedAt >= this.#fadeMs) type.rows.delete(key);
      const header =
        type.columns.length === 0 ? [] : resourceTableHeader(type.columns, this.#tableOptions(type));
      const { ticking } = this.#timeColumns(type);
      const rows = this.#ordered([...type.rows.values()]).map((tracked) =>
        this.#rowView(tracked, ticking, now),
      );
      columnWidths(
        [
          header,
          ...rows.map((row) =>
            row.cells.map((cell) => cell.text + (cell.mark ? " ".repeat(MARK_WIDTH) : "")),
          ),
        ],
        GET_MIN_WIDTH,
        type.widths,
      );
      return {
        resource: type.resource,
        status: this.#status(type, now),
        header,
        rows,
        widths: [...type.widths],
      };
    });
  }

  #type(resource: WatchedResource): TrackedType {
    let type = this.#types.get(resource.id);
    if (!type) {
      type = {
        resource,
        columns: [],
        rows: new Map(),
        synced: false,
        status: { state: "listing" },
        widths: [],
      };
      this.#types.set(resource.id, type);
    }
    return type;
  }

  #change(
    type: TrackedType,
    kind: "ADDED" | "MODIFIED" | "DELETED",
    key: string,
    row: TableRow,
    now: number,
  ): void {
    const tracked = type.rows.get(key);
    if (kind === "DELETED") {
      if (tracked) tracked.deletedAt ??= now;
      return;
    }
    const cells = this.#cells(type, row);
    if (!tracked || tracked.deletedAt !== undefined) {
      // Rows of the first list are the starting point, not news.
      const addedAt = type.synced ? now : undefined;
      type.rows.set(key, { row, cells, marks: [], addedAt, deletedAt: undefined });
      return;
    }
    const { unmarked } = this.#timeColumns(type);
    // A row still highlighted as new is news as a whole: marks on it would only appear as it fades.
    const isNew = tracked.addedAt !== undefined && now - tracked.addedAt < this.#fadeMs;
    cells.forEach((text, index) => {
      const before = tracked.cells[index];
      if (isNew || before === undefined || before === text || unmarked.has(index)) return;
      tracked.marks[index] = { change: classifyChange(before, text), at: now };
    });
    tracked.row = row;
    tracked.cells = cells;
  }

  #cells(type: TrackedType, row: TableRow): string[] {
    const table = {
      apiVersion: "meta.k8s.io/v1",
      kind: "Table" as const,
      metadata: {},
      columnDefinitions: type.columns,
      rows: [row],
    };
    return resourceTableRows(table, { ...this.#tableOptions(type), noHeaders: true })[0] ?? [];
  }

  #tableOptions(type: TrackedType): ResourceTableOptions {
    return {
      wide: this.#options.wide ?? false,
      withNamespace: (this.#options.withNamespace ?? false) && type.resource.namespaced,
      showLabels: this.#options.showLabels ?? false,
      labelColumns: this.#options.labelColumns ?? [],
    };
  }

  /**
   * The printed columns that are times: `unmarked` ones change with the clock and not with the object
   * (the server's `Age`, `date` columns of custom resources); `ticking` ones (`Age`, the age of the
   * object) the view keeps counting between events from `metadata.creationTimestamp`.
   */
  #timeColumns(type: TrackedType): { unmarked: Set<number>; ticking: Set<number> } {
    const options = this.#tableOptions(type);
    const offset = options.withNamespace ? 1 : 0;
    const unmarked = new Set<number>();
    const ticking = new Set<number>();
    visibleColumns(type.columns, options).forEach(({ column }, index) => {
      const isAge = column.name.toLowerCase() === "age";
      if (isAge) ticking.add(offset + index);
      if (isAge || column.type === "date" || column.format === "date") unmarked.add(offset + index);
    });
    return { unmarked, ticking };
  }

  #ordered(rows: TrackedRow[]): TrackedRow[] {
    const byName = rows.sort((a, b) => compareText(nameKey(a.row), nameKey(b.row)));
    return this.#options.sortBy
      ? sortByPath(byName, this.#options.sortBy, (tracked) => tracked.row.object)
      : byName;
  }

  #rowView(tracked: TrackedRow, ticking: Set<number>, now: number): RowView {
    const fresh = (at: number | undefined): boolean => at !== undefined && now - at < this.#fadeMs;
    const created = Date.parse(tracked.row.object?.metadata?.creationTimestamp ?? "");
    const cells = tracked.cells.map((cell, index): CellView => {
      const text = oneLine(cell);
      // The server's age is its own clock at the event; between events the view keeps counting.
      if (ticking.has(index) && !Number.isNaN(created) && /^\d/.test(text))
        return { text: humanDuration(now - created) };
      const mark = tracked.marks[index];
      return fresh(mark?.at) ? { text, mark: mark?.change } : { text };
    });
    const state = fresh(tracked.deletedAt) ? "deleted" : fresh(tracked.addedAt) ? "added" : "steady";
    return { cells, state };
  }

  #status(type: TrackedType, now: number): TypeStatus {
    const status = type.status;
    return status.state === "reconnecting"
      ? { state: "reconnecting", reason: status.reason, retryInMs: Math.max(0, status.retryAt - now) }
      : status;
  }
}

function nameKey(row: TableRow): string {
  const metadata = row.object?.metadata;
  return `${metadata?.namespace ?? ""}/${metadata?.name ?? ""}`;
}

/** Byte order, as the server lists objects (its storage keys are `namespace/name`). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameColumns(a: readonly TableColumn[], b: readonly TableColumn[]): boolean {
  return (
    a.length === b.length &&
    a.every((column, index) => column.name === b[index]?.name && column.priority === b[index]?.priority)
  );
}
