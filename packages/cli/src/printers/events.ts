/** `kubectl events` output (kubectl's `events/event_printer.go` and its sort, v1.32). */
import { humanDuration } from "./duration.ts";
import { formatTable } from "./table.ts";

/** A core/v1 Event as far as `kubectl events` reads it. */
export interface CoreEvent {
  metadata: { name?: string; namespace?: string };
  involvedObject?: { kind?: string; name?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string } | null;
}

function time(value: string | null | undefined): number | undefined {
  return value ? Date.parse(value) : undefined;
}

/** The time kubectl sorts by: the series' last observation, else lastTimestamp, else eventTime. */
function sortTime(event: CoreEvent): number {
  return time(event.series?.lastObservedTime) ?? time(event.lastTimestamp) ?? time(event.eventTime) ?? 0;
}

/** Oldest first, as kubectl sorts them (stable here; Go's sort is not, so ties may print in another order). */
export function sortEvents<T extends CoreEvent>(events: readonly T[]): T[] {
  return [...events].sort((a, b) => sortTime(a) - sortTime(b));
}

function age(value: string | null | undefined, now: number): string {
  const at = time(value);
  return at === undefined ? "<unknown>" : humanDuration(now - at);
}

/** kubectl's LAST SEEN: the age, with `(x<count> over <age of the first>)` for repeated events. */
function interval(event: CoreEvent, now: number): string {
  const first = age(event.eventTime ?? event.firstTimestamp, now);
  if (event.series)
    return `${age(event.series.lastObservedTime, now)} (x${event.series.count ?? 0} over ${first})`;
  if ((event.count ?? 0) > 1) return `${age(event.lastTimestamp, now)} (x${event.count ?? 0} over ${first})`;
  return first;
}

/** The rows of `kubectl events` (`allNamespaces` adds NAMESPACE); `now` in ms since the epoch. */
export function eventRows(
  events: readonly CoreEvent[],
  options: { allNamespaces: boolean; now: number },
): string[][] {
  return events.map((e) => [
    ...(options.allNamespaces ? [e.metadata.namespace ?? ""] : []),
    interval(e, options.now),
    e.type ?? "",
    e.reason ?? "",
    `${e.involvedObject?.kind ?? ""}/${e.involvedObject?.name ?? ""}`,
    (e.message ?? "").trim(),
  ]);
}

/** The header row of `kubectl events`. */
export function eventHeader(allNamespaces: boolean): string[] {
  return [...(allNamespaces ? ["NAMESPACE"] : []), "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];
}

/** `kubectl events`'s table. */
export function formatEvents(
  events: readonly CoreEvent[],
  options: { allNamespaces: boolean; now: number; headers: boolean },
): string {
  const rows = eventRows(events, options);
  return formatTable(options.headers ? [eventHeader(options.allNamespaces), ...rows] : rows);
}
