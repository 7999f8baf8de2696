/**
 * `informer`: a list+watch cache with change handlers for controllers. Unlike `@kubernetes/client-node`'s,
 * it never stops silently: every failure goes to the `error` handlers while it keeps retrying.
 */
import { reconnectDelay, resolveReconnectBackoff } from "./backoff.ts";
import type { Transport } from "../http/transport.ts";
import type { ResourceRef } from "../internal/resource.ts";
import { DeliveredObjects, type Change } from "./store.ts";
import type { RawObject } from "./types.ts";
import { runWatch, type WatchOptions } from "./watch.ts";
import { sleep } from "../internal/sleep.ts";

/** Options of {@link informer}: which objects to cache, and how to watch them (see {@link WatchOptions}). */
export type InformerOptions<T = RawObject> = Pick<
  WatchOptions<T>,
  | "namespace"
  | "labelSelector"
  | "fieldSelector"
  | "timeoutSeconds"
  | "inactivityTimeoutMs"
  | "sendInitialEvents"
  | "wrap"
  | "backoff"
>;

/** Handlers of an {@link Informer}; a returned promise is not awaited, its rejection goes to `error`. */
export interface InformerHandlers<T = RawObject> {
  /** An object appeared (on the first list: every object). */
  add?: (object: T) => void | Promise<void>;
  /** An object changed; `previous` is the cached state it replaces. */
  update?: (previous: T, object: T) => void | Promise<void>;
  /** An object is gone; its last known state. */
  delete?: (object: T) => void | Promise<void>;
  /**
   * Something went wrong: the list or watch failed (the informer retries with backoff, from the last
   * resourceVersion or with a re-list), or a handler threw. Without an `error` handler, errors are emitted
   * as process warnings — they are never dropped.
   */
  error?: (error: Error) => void;
}

type HandlerName = keyof InformerHandlers;

/**
 * A cache of the objects of one resource (optionally a namespace and selectors), kept current by a
 * list+watch, with add/update/delete handlers. Create it with {@link informer}; register handlers; `start()`.
 * @example
 * const pods = informer(transport, podsRef, { namespace: "default" });
 * pods.on("update", (before, after) => console.log(after.metadata?.name));
 * pods.start();
 * await pods.synced;
 * console.log(pods.list().length);
 * await pods.stop();
 */
export class Informer<T = RawObject> {
  readonly #transport: Transport;
  readonly #ref: ResourceRef;
  readonly #options: InformerOptions<T>;
  readonly #store: DeliveredObjects<T>;
  readonly #handlers = new Set<InformerHandlers<T>>();
  #run: { controller: AbortController; done: Promise<void> } | undefined;
  #hasSynced = false;
  readonly #synced: Promise<void>;
  #resolveSynced: () => void = () => {};

  /** @internal Use {@link informer}. */
  constructor(transport: Transport, ref: ResourceRef, options: InformerOptions<T> = {}) {
    this.#transport = transport;
    this.#ref = ref;
    this.#options = options;
    this.#store = new DeliveredObjects<T>(options.wrap ?? ((raw) => raw as T));
    this.#synced = new Promise((resolve) => {
      this.#resolveSynced = resolve;
    });
  }

  /**
   * Resolves the first time the cache holds the complete list. Stays pending while the informer cannot
   * list (each failure is reported to the `error` handlers), and across `stop()`/`start()`.
   */
  get synced(): Promise<void> {
    return this.#synced;
  }

  /** True once the cache has held the complete list (client-go's `HasSynced`). */
  get hasSynced(): boolean {
    return this.#hasSynced;
  }

  /** True between `start()` and `stop()`. */
  get running(): boolean {
    return this.#run !== undefined;
  }

  /**
   * Register a handler; returns a function that removes it. A handler registered after the cache filled
   * gets `add` for each cached object first (as client-go's `AddEventHandler` does), so none is missed.
   */
  on(event: "add", handler: NonNullable<InformerHandlers<T>["add"]>): () => void;
  on(event: "update", handler: NonNullable<InformerHandlers<T>["update"]>): () => void;
  on(event: "delete", handler: NonNullable<InformerHandlers<T>["delete"]>): () => void;
  on(event: "error", handler: NonNullable<InformerHandlers<T>["error"]>): () => void;
  on(handlers: InformerHandlers<T>): () => void;
  on(
    eventOrHandlers: HandlerName | InformerHandlers<T>,
    handler?: (...args: never[]) => unknown,
  ): () => void {
    const handlers: InformerHandlers<T> =
      typeof eventOrHandlers === "string" ? { [eventOrHandlers]: handler } : { ...eventOrHandlers };
    this.#handlers.add(handlers);
    if (handlers.add) for (const object of this.#store.values()) this.#call(handlers, "add", object);
    return () => {
      this.#handlers.delete(handlers);
    };
  }

  /** The cached objects (a new array; the objects themselves are shared, do not mutate them). */
  list(): T[] {
    return this.#store.values();
  }

  /** One cached object; `namespace` is ignored (pass `undefined`) for cluster-scoped kinds. */
  get(namespace: string | undefined, name: string): T | undefined {
    return this.#store.get(this.#ref.namespaced && namespace ? `${namespace}/${name}` : name);
  }

  /**
   * Start listing and watching (a no-op while running). After a `stop()`, starting again resumes from the
   * last resourceVersion (or re-lists after a 410) and delivers only the changes since: handlers see no
   * duplicates.
   */
  start(): void {
    if (this.#run) return;
    const controller = new AbortController();
    this.#run = { controller, done: this.#loop(controller.signal) };
  }

  /** Stop watching and close the stream; resolves once it is closed. The cache is kept. Idempotent. */
  stop(): Promise<void> {
    const run = this.#run;
    if (!run) return Promise.resolve();
    this.#run = undefined;
    run.controller.abort();
    return run.done;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  async #loop(signal: AbortSignal): Promise<void> {
    const backoff = resolveReconnectBackoff(this.#options.backoff);
    const { wrap: _wrap, ...watchOptions } = this.#options;
    let failures = 0;
    while (!signal.aborted) {
      try {
        const events = runWatch(
          this.#transport,
          this.#ref,
          { ...watchOptions, onRetry: (error) => this.#report(error) },
          this.#store,
          signal,
        );
        for await (const event of events) {
          failures = 0;
          if (event.kind === "synced") this.#markSynced();
          else if (event.kind === "change") this.#dispatch(event.change);
          // A handler may have stopped (and restarted) the informer: this run must not go on.
          if (signal.aborted) return;
        }
        return;
      } catch (error) {
        if (signal.aborted) return;
        this.#report(error instanceof Error ? error : new Error(String(error)));
        // The error handler may have stopped or restarted the informer: then the new run owns the watch.
        if (signal.aborted) return;
        try {
          await sleep(reconnectDelay(++failures, backoff), signal);
        } catch {
          return;
        }
      }
    }
  }

  #markSynced(): void {
    if (this.#hasSynced) return;
    this.#hasSynced = true;
    this.#resolveSynced();
  }

  #dispatch(change: Change<T>): void {
    for (const handlers of [...this.#handlers]) {
      if (change.type === "DELETED") this.#call(handlers, "delete", change.object);
      else if (change.previous === undefined) this.#call(handlers, "add", change.object);
      else this.#call(handlers, "update", change.previous, change.object);
    }
  }

  #call(handlers: InformerHandlers<T>, name: "add" | "delete", object: T): void;
  #call(handlers: InformerHandlers<T>, name: "update", previous: T, object: T): void;
  #call(handlers: InformerHandlers<T>, name: "add" | "update" | "delete", first: T, second?: T): void {
    try {
      const result = name === "update" ? handlers.update?.(first, second as T) : handlers[name]?.(first);
      if (result instanceof Promise) result.catch((error: unknown) => this.#report(asError(error)));
    } catch (error) {
      this.#report(asError(error));
    }
  }

  #report(error: Error): void {
    const listeners = [...this.#handlers].filter((handlers) => handlers.error);
    if (listeners.length === 0) {
      process.emitWarning(error.message, { type: "Kr8sInformerWarning", code: errorCode(error) });
      return;
    }
    for (const handlers of listeners) {
      try {
        handlers.error?.(error);
      } catch (thrown) {
        process.emitWarning(`an informer error handler threw: ${asError(thrown).message}`, {
          type: "Kr8sInformerWarning",
        });
      }
    }
  }
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

function errorCode(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/**
 * A list+watch cache of one resource: see {@link Informer}. Not started: register handlers, then `start()`.
 * @example
 * const cms = informer(transport, configMapsRef, { namespace: "default", labelSelector: { app: "web" } });
 * cms.on({ add: (cm) => console.log("new", cm.metadata?.name), error: console.error });
 * cms.start();
 */
export function informer<T = RawObject>(
  transport: Transport,
  ref: ResourceRef,
  options: InformerOptions<T> = {},
): Informer<T> {
  return new Informer(transport, ref, options);
}
