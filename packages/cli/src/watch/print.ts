/**
 * The non-terminal output of `kr8s get -w`: the merged events of a {@link LiveSource} printed as
 * `kubectl get -w` prints them (printers/watch-lines.ts), each change written as soon as it arrives.
 */
import type { LiveEvent, LiveSource } from "./events.ts";
import type { WatchLinePrinter } from "../printers/watch-lines.ts";

/** Where {@link printWatch} writes, and what it checks. */
export interface PrintWatchOptions {
  /** Receives the printed text (stdout). */
  write: (text: string) => void;
  /** Names asked for, per watched resource id: each must exist once the current objects are listed. */
  names?: ReadonlyMap<string, readonly string[]> | undefined;
  /**
   * Called for a name that does not exist (as kubectl, which GETs a named object before watching it):
   * the returned error is thrown and nothing is printed.
   */
  missing?: ((resourceId: string, name: string) => Error) | undefined;
  /** Reconnections of a watch (the output itself stays kubectl's lines). */
  onReconnect?: ((event: Extract<LiveEvent, { kind: "reconnecting" }>) => void) | undefined;
}

/**
 * Prints `source`'s events until it ends (the process ends it on SIGINT or SIGTERM: `Kr8sCommand.exitOnInterrupt`).
 * @throws the first `error` event's error (a type the server refuses to list or watch), after aborting
 *   every watch; the `missing` error for a name that does not exist.
 */
export async function printWatch(
  source: LiveSource,
  printer: WatchLinePrinter,
  options: PrintWatchOptions,
): Promise<void> {
  const controller = new AbortController();
  const seenNames = new Map<string, Set<string>>();
  for await (const event of source(controller.signal)) {
    if (event.kind === "error") {
      controller.abort();
      throw event.error;
    }
    if (event.kind === "reconnecting") {
      options.onReconnect?.(event);
      continue;
    }
    if (event.kind === "connected") continue;
    const wasSynced = printer.synced;
    if (!wasSynced && event.kind === "change") {
      const seen = seenNames.get(event.resource.id) ?? new Set<string>();
      seen.add(event.row.object?.metadata?.name ?? "");
      seenNames.set(event.resource.id, seen);
    }
    if (!wasSynced && event.kind === "synced" && options.names && options.missing) {
      const names = options.names.get(event.resource.id) ?? [];
      const absent = names.find((name) => !seenNames.get(event.resource.id)?.has(name));
      if (absent !== undefined) {
        controller.abort();
        throw options.missing(event.resource.id, absent);
      }
    }
    options.write(printer.push(event));
  }
}
