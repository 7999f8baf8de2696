/**
 * `watch`: the changes to a collection as an async iterable that survives what a long-lived watch meets —
 * the server ending the stream, dropped connections, silence, 410 Gone — without losing or repeating an
 * event. (client-go's reflector and RetryWatcher are the models; PROTOCOLS.md "Watch" has the wire facts.)
 */
import type { Readable } from "node:stream";
import { APITimeoutError, ConnectionError, Kr8sError, ServerError, WatchError } from "../errors.ts";
import type { KubernetesStatus } from "../errors.ts";
import { errorCodes } from "../http/backoff.ts";
import {
  reconnectDelay,
  resolveReconnectBackoff,
  type ReconnectBackoff,
  type ResolvedReconnectBackoff,
} from "./backoff.ts";
import type { Query } from "../http/query.ts";
import type { Transport } from "../http/transport.ts";
import {
  listPages,
  resourcePath,
  selectorString,
  type ListPage,
  type ResourceRef,
  type Selector,
} from "../internal/resource.ts";
import { parseWatchStream, resourceVersionOf } from "./parse.ts";
import { DeliveredObjects, type Change, type Snapshot } from "./store.ts";
import type { BookmarkEvent, RawObject, WatchEvent, WireEvent } from "./types.ts";
import { sleep } from "../internal/sleep.ts";
import { monotonicMs } from "../internal/clock.ts";

/** Options of {@link watch}: the API's own names where the API has one. */
export interface WatchOptions<T = RawObject> {
  /** Namespace to watch (namespaced kinds); omitted = all namespaces. Ignored for cluster-scoped kinds. */
  namespace?: string | undefined;
  /** Watch one object: sent as a `metadata.name=<name>` field selector on the collection (as kubectl does). */
  name?: string | undefined;
  /** `app=web,tier!=db`, or `{ app: "web" }`. */
  labelSelector?: Selector | undefined;
  /** `status.phase=Running`, or `{ "status.phase": "Running" }`; combined with `name`. */
  fieldSelector?: Selector | undefined;
  /**
   * Where to start. Omitted: the current objects first, as `ADDED` events (as `kubectl get -w` shows
   * them), then every change after them. Given: only the changes after this resourceVersion.
   */
  resourceVersion?: string | undefined;
  /**
   * How the current objects are fetched when `resourceVersion` is omitted (and after a 410): `true` = a
   * streaming list (`sendInitialEvents=true`, the WatchList feature: one request, no large list in memory
   * on the server); `false` = a paged list, then a watch from its resourceVersion. Omitted: WatchList
   * where the server accepts it, the paged list where it refuses it (remembered per transport).
   */
  sendInitialEvents?: boolean | undefined;
  /**
   * Seconds the server keeps each watch request open before ending it (the watch then reconnects from
   * the last resourceVersion; nothing is lost). Omitted: the server's default (`--min-request-timeout`,
   * 30 min randomised).
   */
  timeoutSeconds?: number | undefined;
  /**
   * Milliseconds without a byte from the server (bookmarks count; the API server sends one about every
   * minute) after which the connection is presumed dead and the watch reconnects from the last
   * resourceVersion. A consumer that keeps an event for longer also trips it (harmlessly: it reconnects).
   * @default 180000
   */
  inactivityTimeoutMs?: number | undefined;
  /** Also yield the server's `BOOKMARK` events (always requested and used to resume; hidden by default). */
  bookmarks?: boolean | undefined;
  /** Ends the iteration (without an error) and closes the HTTP stream. */
  signal?: AbortSignal | undefined;
  /** Turns each object's JSON into what the events carry (e.g. an object class). @default the JSON as is */
  wrap?: ((raw: RawObject) => T) | undefined;
  /**
   * Called before each reconnection after a failure the watch recovers from by itself (connection refused
   * or reset, inactivity timeout, 429/5xx, in-stream 500/504), with the wait in ms. Such failures are
   * never thrown: the watch retries them with exponential backoff until `signal` aborts.
   */
  onRetry?: ((error: Error, delayMs: number) => void) | undefined;
  /**
   * Called each time the server has accepted a watch request and its stream is open: at the start and
   * after every reconnection. After an `onRetry` it says the watch is back, even when nothing has changed
   * since (no event would say so).
   */
  onConnected?: (() => void) | undefined;
  /** Backoff between reconnections after failures. @default { minDelayMs: 800, maxDelayMs: 30000 } (client-go's reflector) */
  backoff?: ReconnectBackoff | undefined;
  /**
   * Called when the events yielded so far describe every object there is (client-go's `HasSynced`): after
   * the `ADDED` events of the current objects, and again after each re-list that follows a 410. Only
   * without `resourceVersion`. A watch of one name that never calls it with that object seen means the
   * object does not exist — what `wait("delete")` needs to know.
   */
  onSynced?: (() => void) | undefined;
}

/** What the runner hands to {@link watch} and the informer: changes, bookmarks, and "the state is complete". */
export type RunnerEvent<T> =
  { kind: "change"; change: Change<T> } | { kind: "bookmark"; object: RawObject } | { kind: "synced" };

/**
 * How the runner reads objects out of what the server sends: as they are ({@link PLAIN_FORMAT}), or as
 * Table rows (`table-watch.ts`, which asks for them with its own Accept header and query).
 */
export interface WatchFormat {
  /** Sent on the list and the watch requests. */
  headers?: Record<string, string> | undefined;
  /** Added to the query of the list and the watch requests. */
  query?: Query | undefined;
  /** The objects one list page holds, in order. */
  items(page: ListPage<unknown>): RawObject[];
  /** The object an `ADDED`/`MODIFIED`/`DELETED` event carries (`metadata` gives its key and resourceVersion). */
  object(wire: RawObject): RawObject;
}

/** Objects as the server sends them. */
export const PLAIN_FORMAT: WatchFormat = {
  items: (page) => page.items as RawObject[],
  object: (wire) => wire,
};

/** Marks the bookmark that ends a WatchList's initial events. */
const INITIAL_EVENTS_END = "k8s.io/initial-events-end";
/** A stream open at least this long before it ended cleanly was a normal end, not a failure. */
const HEALTHY_STREAM_MS = 1000;
/** Transports whose server refused `sendInitialEvents`: they get list + watch from then on. */
const watchListRefused = new WeakSet<Transport>();

/**
 * Watch a collection: an async iterable of `{type, object}` changes. Ends when `signal` aborts or the
 * consumer leaves the loop (`break`, `return`, a thrown error) — the HTTP stream is closed either way.
 *
 * Resilience: the server ending the stream (`timeoutSeconds`, its ~30 min limit, a restart) or a dropped
 * connection → reconnect from the last resourceVersion seen (bookmarks included); 410 Gone (HTTP or an
 * in-stream `ERROR`) → re-list and deliver only the difference from what this watch has delivered (`ADDED`
 * new, `MODIFIED` changed, `DELETED` gone); never resumed from an empty resourceVersion. BOOKMARKs are
 * requested always and yielded only with `bookmarks: true`.
 *
 * @throws {WatchError} for an in-stream `ERROR` other than 410/429/500/504, or a line that is not an event
 * @throws {ForbiddenError | NotFoundError | UnauthorizedError | ServerError} when the server refuses the
 *   list or watch request itself for a reason retrying cannot fix (4xx other than 410 and 429)
 * @example
 * for await (const { type, object } of watch(transport, podsRef, { namespace: "default" }))
 *   console.log(type, object.metadata?.name);
 */
export function watch<T = RawObject>(
  transport: Transport,
  ref: ResourceRef,
  options: WatchOptions<T> & { bookmarks: true },
): AsyncGenerator<WatchEvent<T> | BookmarkEvent, void, undefined>;
export function watch<T = RawObject>(
  transport: Transport,
  ref: ResourceRef,
  options?: WatchOptions<T>,
): AsyncGenerator<WatchEvent<T>, void, undefined>;
export async function* watch<T = RawObject>(
  transport: Transport,
  ref: ResourceRef,
  options: WatchOptions<T> = {},
): AsyncGenerator<WatchEvent<T> | BookmarkEvent, void, undefined> {
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const store = new DeliveredObjects<T>(options.wrap ?? ((raw) => raw as T));
  store.resourceVersion = options.resourceVersion || undefined;
  try {
    for await (const event of runWatch(transport, ref, options, store, signal)) {
      if (event.kind === "change") yield { type: event.change.type, object: event.change.object };
      else if (event.kind === "bookmark" && options.bookmarks)
        yield { type: "BOOKMARK", object: event.object };
      else if (event.kind === "synced") options.onSynced?.();
    }
  } finally {
    controller.abort();
  }
}

/**
 * The list+watch loop behind {@link watch}, the informer and the Table watch. `store` holds what was
 * delivered and where to resume (`resourceVersion` undefined = list first); each change is committed to it
 * as it is yielded. `format` reads the objects out of list pages and events. Returns when `signal` aborts.
 */
export async function* runWatch<T>(
  transport: Transport,
  ref: ResourceRef,
  options: Omit<WatchOptions<T>, "wrap" | "signal" | "resourceVersion">,
  store: DeliveredObjects<T>,
  signal: AbortSignal,
  format: WatchFormat = PLAIN_FORMAT,
): AsyncGenerator<RunnerEvent<T>, void, undefined> {
  const path = resourcePath(ref, { namespace: options.namespace });
  const fieldSelector = [
    selectorString(options.fieldSelector),
    options.name === undefined ? undefined : `metadata.name=${options.name}`,
  ].filter((part) => part !== undefined);
  const selectors = {
    labelSelector: selectorString(options.labelSelector),
    fieldSelector: fieldSelector.length > 0 ? fieldSelector.join(",") : undefined,
  };
  const backoff = resolveReconnectBackoff(options.backoff);
  const what = `watch ${path}`;

  const open = async (query: Query): Promise<Readable> => {
    const { body } = await transport.request({
      path,
      ...(format.headers ? { headers: format.headers } : {}),
      query: {
        ...format.query,
        ...selectors,
        watch: 1,
        allowWatchBookmarks: true,
        timeoutSeconds: options.timeoutSeconds,
        ...query,
      },
      stream: true,
      signal,
      timeoutMs: options.inactivityTimeoutMs ?? 180_000,
    });
    return body;
  };

  let failures = 0;
  while (!signal.aborted) {
    let progressed = false;
    let usedWatchList = false;
    const openedAt = monotonicMs();
    try {
      let body: Readable;
      let snapshot: Snapshot<T> | undefined;
      if (store.resourceVersion === undefined) {
        usedWatchList = options.sendInitialEvents ?? !watchListRefused.has(transport);
        snapshot = store.snapshot();
        if (usedWatchList) {
          body = await open({ sendInitialEvents: true, resourceVersionMatch: "NotOlderThan" });
        } else {
          let listed: string | undefined;
          for await (const page of listPages(transport, ref, {
            namespace: options.namespace,
            ...selectors,
            headers: format.headers,
            query: format.query,
            signal,
          })) {
            for (const item of format.items(page)) yield* deliver(store, snapshot.observe(item));
            listed = page.metadata.resourceVersion ?? listed;
          }
          yield* deliver(store, snapshot.finish());
          snapshot = undefined;
          if (listed === undefined)
            throw new WatchError(
              { reason: "InvalidList", message: "the list response has no metadata.resourceVersion" },
              what,
            );
          store.resourceVersion = listed;
          progressed = true;
          failures = 0;
          yield { kind: "synced" };
          body = await open({ resourceVersion: store.resourceVersion });
        }
      } else {
        body = await open({ resourceVersion: store.resourceVersion });
      }
      options.onConnected?.();

      let expired = false;
      let restart = false;
      // Leaving this loop (break, return, throw) destroys the body, which closes the HTTP stream.
      for await (const event of parseWatchStream(body)) {
        progressed = true;
        failures = 0;
        const { type, object } = event;
        if (type === "ERROR") {
          const status = object as KubernetesStatus;
          if (status.code === 410) {
            expired = true;
            break;
          }
          throw new WatchError(status, what);
        }
        if (snapshot && !followsWatchList(event)) {
          // The server took sendInitialEvents but did not end the initial events with the bookmark (servers
          // that ignore the parameter; kubernetes/kubernetes#122805): what was delivered stands, a list
          // completes it.
          if (options.sendInitialEvents)
            throw new WatchError(
              {
                reason: "InitialEventsNotEnded",
                message: `the server sent ${type} before the initial-events-end bookmark`,
              },
              what,
            );
          watchListRefused.add(transport);
          restart = true;
          break;
        }
        if (type === "BOOKMARK") {
          const rv = resourceVersionOf(object);
          if (snapshot) {
            yield* deliver(store, snapshot.finish());
            snapshot = undefined;
            if (rv !== undefined) store.resourceVersion = rv;
            yield { kind: "synced" };
            continue;
          }
          if (rv !== undefined) store.resourceVersion = rv;
          yield { kind: "bookmark", object };
          continue;
        }
        if (snapshot) {
          // A WatchList's initial events are ADDED only; their resourceVersions are not resume points.
          yield* deliver(store, snapshot.observe(format.object(object)));
          continue;
        }
        const change = store.change(type, format.object(object));
        store.resourceVersion = change.resourceVersion ?? store.resourceVersion;
        yield* deliver(store, [change]);
      }
      if (expired) store.resourceVersion = undefined;
      if (expired || restart) continue;
      // The server ended the stream (timeoutSeconds, its own limit, shutting down): resume at once — unless
      // it ends streams as soon as they open, which would otherwise be a busy loop.
      if (progressed || monotonicMs() - openedAt >= HEALTHY_STREAM_MS) failures = 0;
      else if (!(await pause(++failures, backoff, signal))) return;
    } catch (error) {
      if (signal.aborted) return;
      if (progressed) failures = 0;
      if (error instanceof ServerError && error.statusCode === 410) {
        store.resourceVersion = undefined;
        continue;
      }
      if (usedWatchList && options.sendInitialEvents === undefined && refusesWatchList(error)) {
        watchListRefused.add(transport);
        continue;
      }
      if (error instanceof SyntaxError)
        throw new WatchError({ code: 500, reason: "InvalidWatchEvent", message: error.message }, what);
      if (!isTransient(error)) throw error;
      const delayMs = reconnectDelay(++failures, backoff);
      options.onRetry?.(error as Error, delayMs);
      if (!(await sleepUnlessAborted(delayMs, signal))) return;
    }
  }
}

/** During a WatchList's initial phase only ADDED events and, to end it, the annotated bookmark may come. */
function followsWatchList({ type, object }: WireEvent): boolean {
  if (type === "ADDED" || type === "ERROR") return true;
  return type === "BOOKMARK" && object.metadata?.annotations?.[INITIAL_EVENTS_END] === "true";
}

function* deliver<T>(store: DeliveredObjects<T>, changes: Change<T>[]): Generator<RunnerEvent<T>> {
  for (const change of changes) {
    store.commit(change);
    yield { kind: "change", change };
  }
}

/** A 4xx naming the WatchList parameters: a server without the feature (or with it switched off). */
function refusesWatchList(error: unknown): boolean {
  return (
    error instanceof ServerError &&
    (error.statusCode === 400 || error.statusCode === 422) &&
    /sendInitialEvents|resourceVersionMatch/.test(error.message)
  );
}

const TRANSIENT_STATUS: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/**
 * Failures a reconnection can fix: no response, silence, a broken stream (a socket or stream error code),
 * and the statuses client-go's RetryWatcher retries (429, 500, 502, 503, 504). Anything else — a refusal,
 * a credential that cannot be obtained, a bug — is thrown rather than retried forever.
 */
function isTransient(error: unknown): boolean {
  if (error instanceof WatchError) return TRANSIENT_STATUS.has(error.status.code ?? 0);
  if (error instanceof ServerError) return TRANSIENT_STATUS.has(error.statusCode);
  if (error instanceof ConnectionError || error instanceof APITimeoutError) return true;
  return !(error instanceof Kr8sError) && errorCodes(error).length > 0;
}

async function pause(
  failures: number,
  backoff: ResolvedReconnectBackoff,
  signal: AbortSignal,
): Promise<boolean> {
  return sleepUnlessAborted(reconnectDelay(failures, backoff), signal);
}

/** Waits `ms`; false when `signal` aborted meanwhile. */
async function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, signal);
    return true;
  } catch {
    return false;
  }
}
