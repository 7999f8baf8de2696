/**
 * `watchTable`: the changes to a collection as rows of the server's Table (the columns `kubectl get` prints),
 * with the resilience of {@link watch} — it is the same list+watch runner, reading Table rows instead of
 * objects. The server sends each watch event's object as a Table holding that object's one row, with the
 * column definitions in the first event of a stream only (PROTOCOLS.md "Table printing").
 */
import type { ListPage, ResourceRef } from "../internal/resource.ts";
import type { Transport } from "../http/transport.ts";
import { fromTableOrList, TABLE_ACCEPT, type TableColumn, type TableRow } from "../verbs/table.ts";
import { DeliveredObjects } from "./store.ts";
import type { RawObject, RawObjectMeta, WatchEventType } from "./types.ts";
import { runWatch, type WatchFormat, type WatchOptions } from "./watch.ts";

/** Options of {@link watchTable}: those of {@link watch} that apply to rows, and the Table's `includeObject`. */
export interface TableWatchOptions extends Omit<
  WatchOptions<TableRow>,
  "wrap" | "bookmarks" | "sendInitialEvents"
> {
  /**
   * What each row's `object` holds: `Metadata` (a `PartialObjectMetadata`: name, namespace, uid, labels…)
   * or `Object` (the whole object, for printers that read its fields). `None` is not offered: the watch
   * keys rows by their object's metadata.
   * @default "Metadata"
   */
  includeObject?: "Metadata" | "Object" | undefined;
}

/** One change to one row. */
export interface TableWatchEvent {
  type: WatchEventType;
  /** The object's row (`DELETED`: its last state); `row.object` carries at least its metadata. */
  row: TableRow;
  /**
   * The Table's column definitions for this row (the same array until the server sends other ones).
   * Servers that cannot make Tables get kubectl's default Name / Created At columns.
   */
  columns: TableColumn[];
}

/** A Table row as the runner stores it: its object's metadata on top (key, uid, resourceVersion), the row beside. */
interface RowObject extends RawObject {
  row: TableRow;
}

/** Reads rows out of Table answers, remembering the last column definitions the server sent. */
class TableFormat implements WatchFormat {
  readonly headers = { accept: TABLE_ACCEPT };
  readonly query: { includeObject: string };
  columns: TableColumn[] = [];

  constructor(includeObject: string) {
    this.query = { includeObject };
  }

  items(page: ListPage<unknown>): RawObject[] {
    return this.#rows(page);
  }

  object(wire: RawObject): RawObject {
    return this.#rows(wire)[0] ?? { metadata: {}, row: { cells: [] } };
  }

  #rows(answer: unknown): RowObject[] {
    const table = fromTableOrList(answer);
    // Column definitions come with a list and with the first event of each watch stream, not after.
    if (Array.isArray(table.columnDefinitions) && table.columnDefinitions.length > 0)
      this.columns = table.columnDefinitions;
    return (table.rows ?? []).map((row) => ({
      metadata: (row.object?.metadata ?? {}) as RawObjectMeta,
      row,
    }));
  }
}

/**
 * Watch a collection as Table rows: first the current rows as `ADDED` (from a paged Table list, as
 * `kubectl get -w` starts), then one event per change, each with the row the server printed for it.
 * Resilience as {@link watch}: reconnects from the last resourceVersion (bookmarks included) after the
 * server ends the stream or the connection drops or goes silent; after a 410 it lists again and yields only
 * the difference (rows compared by namespace/name, uid and resourceVersion), so no row is lost or repeated.
 * The initial rows always come from a list (never a WatchList stream).
 *
 * @throws {WatchError} for an in-stream `ERROR` other than 410/429/500/504
 * @throws {ForbiddenError | NotFoundError | UnauthorizedError | ServerError} when the server refuses the
 *   list or watch request for a reason retrying cannot fix
 * @example
 * for await (const { type, row, columns } of watchTable(transport, podsRef, { namespace: "default" }))
 *   console.log(type, columns.map((c, i) => `${c.name}=${String(row.cells[i])}`).join(" "));
 */
export async function* watchTable(
  transport: Transport,
  ref: ResourceRef,
  options: TableWatchOptions = {},
): AsyncGenerator<TableWatchEvent, void, undefined> {
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const format = new TableFormat(options.includeObject ?? "Metadata");
  const store = new DeliveredObjects<RowObject>((raw) => raw as RowObject);
  store.resourceVersion = options.resourceVersion || undefined;
  try {
    const runnerOptions = { ...options, sendInitialEvents: false };
    for await (const event of runWatch(transport, ref, runnerOptions, store, signal, format)) {
      if (event.kind === "change")
        yield { type: event.change.type, row: event.change.object.row, columns: format.columns };
      else if (event.kind === "synced") options.onSynced?.();
    }
  } finally {
    controller.abort();
  }
}
