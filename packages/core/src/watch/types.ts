/** The shapes of watch events and of the objects they carry, as the API server sends them. */

/** The metadata fields a watch relies on (every Kubernetes object has them). */
export interface RawObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  /** Opaque: compared for equality only, never ordered. */
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** A Kubernetes object as parsed JSON (what a watch yields when no `wrap` is given). */
export interface RawObject {
  apiVersion?: string;
  kind?: string;
  metadata?: RawObjectMeta;
  [field: string]: unknown;
}

/** The change an event reports. */
export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

/**
 * One change to one object. For `DELETED` the object is its last state: the server's, or — when the
 * deletion was found by a re-list after a 410 — the last state this watch delivered (client-go's
 * `DeletedFinalStateUnknown`).
 */
export interface WatchEvent<T = RawObject> {
  type: WatchEventType;
  object: T;
}

/**
 * A progress marker from the server: nothing changed up to `object.metadata.resourceVersion`. Delivered only
 * with `bookmarks: true`; the watch always asks for them and uses them to resume.
 */
export interface BookmarkEvent {
  type: "BOOKMARK";
  object: RawObject;
}

/** A line of the watch stream as the server sends it (`ERROR` carries a `Status`). */
export interface WireEvent {
  type: WatchEventType | "BOOKMARK" | "ERROR";
  object: RawObject;
}
