/**
 * The engine of `kr8s get -w`: one Table watch per requested type (and per name, when names are given),
 * merged into one stream of {@link LiveEvent}s. Each watch keeps itself alive (core's `watchTable`:
 * reconnects, re-lists after a 410 and delivers only the difference); its retries become `reconnecting`
 * events, and a failure it cannot recover from ends that type alone with an `error` event.
 */
import type { Api, NamespaceOption, TableRow } from "@kr8s/core";
import type { LiveEvent, LiveSource, WatchedResource } from "./events.ts";

/** One type to watch, resolved. */
export interface WatchTarget {
  resource: WatchedResource;
  /** A spelling that names exactly this resource for `Api.watchTable` (`deployments.v1.apps`). */
  kind: string;
  /** A namespace, or `ALL`. */
  namespace: NamespaceOption;
  /** Names to watch (each one a `metadata.name` field selector, as kubectl watches a named object); none: all. */
  names: readonly string[];
}

/** Options every watch of a {@link createLiveSource} shares. */
export interface LiveSourceOptions {
  /** `-l`: a label selector. */
  labelSelector?: string | undefined;
  /** `--field-selector`. */
  fieldSelector?: string | undefined;
  /** What each row's `object` holds: `Object` when a printer reads fields (`-o json`, `--sort-by`). @default "Metadata" */
  includeObject?: "Metadata" | "Object" | undefined;
  /** Seconds the server keeps each watch request open (then the watch resumes). @default the server's */
  timeoutSeconds?: number | undefined;
  /**
   * `--server-print=false`: rows get kubectl's client-side columns (NAME, AGE; see `clientSideRow`) instead
   * of the server's. @default true
   */
  serverPrint?: boolean | undefined;
}

/** The key of a row: its object's uid, else namespace/name. */
export function rowKey(row: TableRow): string {
  const metadata = row.object?.metadata ?? {};
  if (metadata.uid) return metadata.uid;
  return metadata.namespace ? `${metadata.namespace}/${metadata.name ?? ""}` : (metadata.name ?? "");
}

/**
 * The {@link LiveSource} of `targets`: every target's rows, merged in arrival order. For each type, its
 * `columns` come before its first row (and again when the server sends other ones) and `synced` once its
 * initial rows (of every watched name) are all delivered.
 */
export function createLiveSource(
  k: Api,
  targets: readonly WatchTarget[],
  options: LiveSourceOptions = {},
): LiveSource {
  return (signal) =>
    merge(
      signal,
      targets.map((target) => (emit, stop) => watchTarget(k, target, options, emit, stop)),
    );
}

type Emit = (event: LiveEvent) => void;

/** Every watch of one target, its columns announced once per change and `synced` once they all are. */
async function watchTarget(
  k: Api,
  target: WatchTarget,
  options: LiveSourceOptions,
  emit: Emit,
  signal: AbortSignal,
): Promise<void> {
  const { resource } = target;
  const clientSide = options.serverPrint === false ? await import("../printers/client-table.ts") : undefined;
  const names = target.names.length === 0 ? [undefined] : target.names;
  let columnsJson: string | undefined;
  let unsynced = names.length;
  await Promise.all(
    names.map(async (name) => {
      let synced = false;
      try {
        for await (const { type, row, columns } of k.watchTable(target.kind, {
          namespace: target.namespace,
          ...(name === undefined ? {} : { name }),
          labelSelector: options.labelSelector,
          fieldSelector: options.fieldSelector,
          includeObject: options.includeObject,
          timeoutSeconds: options.timeoutSeconds,
          signal,
          onSynced: () => {
            if (synced) return;
            synced = true;
            if (--unsynced === 0) emit({ kind: "synced", resource });
          },
          onRetry: (error, delayMs) =>
            emit({ kind: "reconnecting", resource, reason: error.message, delayMs }),
          onConnected: () => emit({ kind: "connected", resource }),
        })) {
          const shown = clientSide ? [...clientSide.CLIENT_SIDE_COLUMNS] : columns;
          const json = JSON.stringify(shown);
          if (json !== columnsJson) {
            columnsJson = json;
            emit({ kind: "columns", resource, columns: shown });
          }
          const printed = clientSide ? clientSide.clientSideRow(row, Date.now()) : row;
          emit({ kind: "change", resource, type, key: rowKey(row), row: printed });
        }
      } catch (error) {
        if (!signal.aborted) emit({ kind: "error", resource, error: error as Error });
      }
    }),
  );
}

/**
 * The events of every producer, in the order they were emitted; ends when all producers have returned or
 * `signal` aborts. Leaving the iteration early stops the producers.
 */
async function* merge(
  signal: AbortSignal,
  producers: ((emit: Emit, signal: AbortSignal) => Promise<void>)[],
): AsyncGenerator<LiveEvent, void, undefined> {
  const controller = new AbortController();
  const stop = AbortSignal.any([signal, controller.signal]);
  const queue: LiveEvent[] = [];
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  let running = producers.length;
  const emit: Emit = (event) => {
    queue.push(event);
    notify();
  };
  stop.addEventListener("abort", notify);
  const done = producers.map((produce) =>
    produce(emit, stop).finally(() => {
      running--;
      notify();
    }),
  );
  try {
    for (;;) {
      for (let event = queue.shift(); event !== undefined; event = queue.shift()) yield event;
      if (running === 0 || stop.aborted) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    controller.abort();
    stop.removeEventListener("abort", notify);
    await Promise.allSettled(done);
  }
}
