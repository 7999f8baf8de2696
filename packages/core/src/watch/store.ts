/**
 * What a watch has delivered so far, by namespace/name: the informer's cache, and what a re-list after a 410
 * is compared with so that the consumer gets the difference — no event lost, none repeated.
 */
import type { RawObject, WatchEventType } from "./types.ts";

/** One delivered change, ready to be committed to the store when the consumer receives it. */
export interface Change<T> {
  type: WatchEventType;
  key: string;
  /** The new state (`DELETED`: the last state). */
  object: T;
  /** The state the consumer had before, for updates and deletions. */
  previous: T | undefined;
  uid: string | undefined;
  resourceVersion: string | undefined;
}

interface Entry<T> {
  object: T;
  uid: string | undefined;
  resourceVersion: string | undefined;
}

/** client-go's `MetaNamespaceKeyFunc`: `namespace/name`, or `name` for cluster-scoped objects. */
export function objectKey(object: RawObject): string {
  const { name = "", namespace } = object.metadata ?? {};
  return namespace ? `${namespace}/${name}` : name;
}

/** The objects a watch has delivered, and the resourceVersion to resume from. */
export class DeliveredObjects<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #wrap: (raw: RawObject) => T;
  /** Where the next watch starts; undefined = the state must be (re-)listed first. */
  resourceVersion: string | undefined;

  constructor(wrap: (raw: RawObject) => T) {
    this.#wrap = wrap;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): T | undefined {
    return this.#entries.get(key)?.object;
  }

  values(): T[] {
    return Array.from(this.#entries.values(), (entry) => entry.object);
  }

  /** The change an event of the watch stream makes. */
  change(type: WatchEventType, raw: RawObject): Change<T> {
    const key = objectKey(raw);
    return {
      type,
      key,
      object: this.#wrap(raw),
      previous: this.#entries.get(key)?.object,
      uid: raw.metadata?.uid,
      resourceVersion: raw.metadata?.resourceVersion,
    };
  }

  /** Record that the consumer has received `change`. */
  commit(change: Change<T>): void {
    if (change.type === "DELETED") this.#entries.delete(change.key);
    else
      this.#entries.set(change.key, {
        object: change.object,
        uid: change.uid,
        resourceVersion: change.resourceVersion,
      });
  }

  /** Start comparing a full listing (a list, or a WatchList's initial events) with what was delivered. */
  snapshot(): Snapshot<T> {
    return new Snapshot(this, this.#entries);
  }
}

/**
 * A full listing compared object by object with what was delivered: new → ADDED, another resourceVersion →
 * MODIFIED, same uid and resourceVersion → nothing, another uid (deleted and re-created meanwhile) → DELETED
 * then ADDED; and at the end, whatever the listing did not contain → DELETED with its last delivered state.
 */
export class Snapshot<T> {
  readonly #seen = new Set<string>();
  readonly #store: DeliveredObjects<T>;
  readonly #entries: ReadonlyMap<string, Entry<T>>;

  constructor(store: DeliveredObjects<T>, entries: ReadonlyMap<string, Entry<T>>) {
    this.#store = store;
    this.#entries = entries;
  }

  /** The changes one listed object makes (0, 1 or 2). */
  observe(raw: RawObject): Change<T>[] {
    const key = objectKey(raw);
    this.#seen.add(key);
    const known = this.#entries.get(key);
    if (!known) return [this.#store.change("ADDED", raw)];
    const { uid, resourceVersion } = raw.metadata ?? {};
    if (known.uid !== undefined && uid !== undefined && known.uid !== uid)
      return [deletion(key, known), { ...this.#store.change("ADDED", raw), previous: undefined }];
    if (known.resourceVersion === resourceVersion) return [];
    return [this.#store.change("MODIFIED", raw)];
  }

  /** DELETED for every delivered object the listing did not contain. */
  finish(): Change<T>[] {
    const gone: Change<T>[] = [];
    for (const [key, entry] of this.#entries) if (!this.#seen.has(key)) gone.push(deletion(key, entry));
    return gone;
  }
}

function deletion<T>(key: string, entry: Entry<T>): Change<T> {
  return {
    type: "DELETED",
    key,
    object: entry.object,
    previous: entry.object,
    uid: entry.uid,
    resourceVersion: entry.resourceVersion,
  };
}
