/**
 * The seam between the watch engine (the data side of `kr8s get -w`) and its two outputs: the non-TTY
 * printer, which prints kubectl's lines, and the live terminal view (`../live/`). The engine turns the
 * server's Table watch of each requested type into one merged stream of these events.
 */
import type { TableColumn, TableRow } from "@kr8s/core";

/** One watched resource type, as the view labels it: kubectl's `deployment.apps`, `pod`. */
export interface WatchedResource {
  /** kubectl's qualified name of the type (`deployment.apps`, `pod`), unique among the watched types. */
  id: string;
  /** The kind (`Deployment`, `Pod`). */
  kind: string;
  /** Whether objects of this type live in a namespace (decides the `-A` NAMESPACE column). */
  namespaced: boolean;
}

/** One thing that happened to one watched type. */
export type LiveEvent =
  /** The server's columns of this type; comes before its first row (again after a re-list). */
  | { kind: "columns"; resource: WatchedResource; columns: TableColumn[] }
  /** One row added, changed or deleted; `key` is the object's uid, else `namespace/name`. */
  | {
      kind: "change";
      resource: WatchedResource;
      type: "ADDED" | "MODIFIED" | "DELETED";
      key: string;
      /** The row; `row.object` carries the object's metadata (`PartialObjectMetadata`). */
      row: TableRow;
    }
  /** The initial rows of this type have all been delivered. */
  | { kind: "synced"; resource: WatchedResource }
  /** The watch of this type broke and is retried after `delayMs` (ms). */
  | { kind: "reconnecting"; resource: WatchedResource; reason: string; delayMs: number }
  /** A watch of this type has its stream open (at the start, and again after each reconnection). */
  | { kind: "connected"; resource: WatchedResource }
  /** A fatal error for this type (e.g. 403); its stream ends after it. */
  | { kind: "error"; resource: WatchedResource; error: Error };

/** The engine: one merged stream for every requested type; ends when `signal` aborts. */
export type LiveSource = (signal: AbortSignal) => AsyncIterable<LiveEvent>;
