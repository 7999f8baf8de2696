/**
 * Container logs (`GET …/pods/<pod>/log`) as an async iterable of lines: one pod or a fan-out over a
 * Service's/workload's/selector's pods, and a followed stream that resumes after a dropped connection from
 * the last timestamp it delivered (kubectl's `logs -f` just stops).
 */
import type { Container, Pod } from "kubernetes-types/core/v1.js";
import type { Api } from "../api.ts";
import { InvalidArgumentError, Kr8sError } from "../errors.ts";
import type { Query } from "../http/query.ts";
import { sleep } from "../http/sleep.ts";
import { transportOf } from "../internal/transport-of.ts";
import { podPath } from "../internal/resource.ts";
import { normalizeTimestamp } from "./log-timestamps.ts";
import { podsOf, resolveTarget, type StreamTarget } from "./target.ts";

export { normalizeTimestamp } from "./log-timestamps.ts";

/** Options of {@link logs}: the log endpoint's own (`PodLogOptions`), plus which containers and prefixes. */
export interface LogsOptions {
  /** The container; default: the `kubectl.kubernetes.io/default-container` annotation, else the first. */
  container?: string | undefined;
  /** Every container of each pod (init, regular and ephemeral, in that order), as `--all-containers`. */
  allContainers?: boolean | undefined;
  /** Keep streaming new lines until the pod's container ends, `signal` aborts or the loop is left. */
  follow?: boolean | undefined;
  /** Only lines newer than this many seconds. */
  sinceSeconds?: number | undefined;
  /** Only lines at or after this time (RFC 3339 string or Date; the server rounds to whole seconds). */
  sinceTime?: Date | string | undefined;
  /** Only the last N lines (before following). */
  tailLines?: number | undefined;
  /** Start each line with its RFC 3339 timestamp and a space, as the server writes it. */
  timestamps?: boolean | undefined;
  /** The previous (terminated) instance of the container. */
  previous?: boolean | undefined;
  /** Stop after about this many bytes from each container (the server's `limitBytes`). */
  limitBytes?: number | undefined;
  /**
   * Start each line with `[pod/<pod>/<container>] ` (kubectl's `--prefix`).
   * @default true when lines come from more than one container
   */
  prefix?: boolean | undefined;
  /** @default the target's namespace, else the client's */
  namespace?: string | undefined;
  /**
   * A followed stream that fails (connection cut, server restart) is opened again from the last timestamp;
   * this many failed attempts in a row end it with the last error. @default 10
   */
  maxReconnects?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** The container names `logs` reads from a pod. */
function containersOf(pod: Pod, options: LogsOptions): string[] {
  const spec = pod.spec;
  const podName = pod.metadata?.name ?? "";
  const all = [
    ...(spec?.initContainers ?? []),
    ...(spec?.containers ?? []),
    ...((spec?.ephemeralContainers ?? []) as Container[]),
  ].map((c) => c.name);
  if (options.allContainers) return all;
  if (options.container !== undefined) {
    if (!all.includes(options.container))
      throw new InvalidArgumentError(`container "${options.container}" is not valid for pod "${podName}"`, {
        suggestions: [`its containers: ${all.join(", ")}`],
      });
    return [options.container];
  }
  const annotated = pod.metadata?.annotations?.["kubectl.kubernetes.io/default-container"];
  if (annotated && all.includes(annotated)) return [annotated];
  const first = spec?.containers?.[0]?.name;
  if (first === undefined) throw new InvalidArgumentError(`pod "${podName}" has no containers`);
  return [first];
}

/** `previous` only exists for a container that terminated once: say so instead of the server's 400. */
function checkPrevious(pod: Pod, container: string): void {
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.ephemeralContainerStatuses ?? []),
  ];
  const status = statuses.find((s) => s.name === container);
  if (status && status.restartCount === 0 && !status.lastState?.terminated)
    throw new InvalidArgumentError(
      `container "${container}" of pod "${pod.metadata?.name ?? ""}" has never restarted, so it has no previous logs`,
      { suggestions: ["drop `previous` to read the current container's logs"] },
    );
}

/** Where a followed stream got to: the last timestamp and how many lines carried it. */
interface Position {
  timestamp: string;
  linesAtTimestamp: number;
}

function logQuery(container: string, options: LogsOptions, position: Position | undefined): Query {
  const query: Record<string, string> = { container };
  if (options.follow) query.follow = "true";
  if (options.previous) query.previous = "true";
  if (options.limitBytes !== undefined) query.limitBytes = String(options.limitBytes);
  // A followed stream always asks for timestamps: they are how it resumes without losing or repeating.
  if (options.timestamps || options.follow) query.timestamps = "true";
  if (position) {
    query.sinceTime = `${position.timestamp.slice(0, 19)}Z`;
    return query;
  }
  if (options.tailLines !== undefined) query.tailLines = String(options.tailLines);
  if (options.sinceSeconds !== undefined) query.sinceSeconds = String(options.sinceSeconds);
  if (options.sinceTime !== undefined)
    query.sinceTime =
      options.sinceTime instanceof Date
        ? options.sinceTime.toISOString().replace(/\.\d+Z$/, "Z")
        : options.sinceTime;
  return query;
}

/** Splits a byte stream into lines (without their `\n`); a last line without one is yielded too. */
async function* lines(body: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let rest = "";
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const parts = text.split("\n");
    rest = parts.pop() ?? "";
    yield* parts;
  }
  rest += decoder.decode();
  if (rest !== "") yield rest;
}

/** The lines of one container, resuming a followed stream that fails. */
async function* containerLines(
  k: Api,
  pod: Pod,
  container: string,
  options: LogsOptions,
): AsyncGenerator<string> {
  const transport = transportOf(k);
  const namespace = pod.metadata?.namespace ?? k.namespace;
  const name = pod.metadata?.name ?? "";
  const path = podPath(namespace, name, "log");
  const maxReconnects = options.maxReconnects ?? 10;
  let position: Position | undefined;
  let failures = 0;
  for (;;) {
    let skip = position?.linesAtTimestamp ?? 0;
    try {
      const response = await transport.request({
        path,
        query: logQuery(container, options, position),
        headers: { accept: "*/*" },
        stream: true,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      failures = 0;
      for await (const line of lines(response.body as AsyncIterable<Buffer>)) {
        if (!options.follow) {
          yield line;
          continue;
        }
        const space = line.indexOf(" ");
        const timestamp = normalizeTimestamp(space < 0 ? line : line.slice(0, space));
        if (position) {
          // The server resumes at whole seconds: drop what was delivered before the cut.
          if (timestamp < position.timestamp) continue;
          if (timestamp === position.timestamp && skip > 0) {
            skip--;
            continue;
          }
        }
        position =
          position?.timestamp === timestamp
            ? { timestamp, linesAtTimestamp: position.linesAtTimestamp + 1 }
            : { timestamp, linesAtTimestamp: 1 };
        yield options.timestamps || space < 0 ? line : line.slice(space + 1);
      }
      return;
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      // Only a followed stream is resumed, and only after a broken connection: refusals are final.
      const broken = error instanceof Kr8sError && error.code === "KR8S_CONNECTION";
      if (!options.follow || !broken || ++failures > maxReconnects) throw error;
      await sleep(Math.min(250 * 2 ** (failures - 1), 5_000), options.signal);
    }
  }
}

/**
 * Interleaves several line streams as lines arrive. Leaving the loop aborts `stop` first: a stream waiting
 * for its next line cannot be `return()`ed until that line comes, and a followed one may never send it.
 */
async function* merge(streams: AsyncGenerator<string>[], stop: AbortController): AsyncGenerator<string> {
  type Next = { index: number; result: IteratorResult<string> };
  const pending = new Map<number, Promise<Next>>();
  const pull = (index: number): void => {
    const stream = streams[index];
    if (!stream) return;
    const next = stream.next().then((result) => ({ index, result }));
    // Once the loop is left nobody awaits it: its rejection (the abort) must not go unhandled.
    next.catch(() => undefined);
    pending.set(index, next);
  };
  streams.forEach((_, i) => pull(i));
  try {
    while (pending.size > 0) {
      const { index, result } = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(index);
        continue;
      }
      pull(index);
      yield result.value;
    }
  } finally {
    stop.abort();
    await Promise.allSettled(streams.map((s) => s.return(undefined)));
  }
}

/**
 * Logs of a pod, or of every pod of a Service, workload (Deployment, StatefulSet…) or label selector, as an
 * async iterable of lines (without their newline). Several containers or pods are interleaved as lines
 * arrive, each line prefixed `[pod/<pod>/<container>] ` (kubectl's `--prefix`).
 *
 * With `follow`, a stream whose connection breaks (network cut, API server restart) is opened again with
 * `sinceTime` at the last line's timestamp; lines the server sends again are dropped by timestamp, so no
 * line is lost or repeated (lines carrying the very same timestamp are told apart by count). A stream the
 * server ends (the container stopped) ends the iteration.
 *
 * @example
 * for await (const line of logs(k, "deploy/web", { follow: true, tailLines: 10 })) console.log(line);
 * @throws {InvalidArgumentError} for a container the pod does not have, or `previous` on a container that
 * never restarted.
 * @throws {NotFoundError} when the target does not exist; {@link ServerError} when the server refuses.
 * @throws {ConnectionError} when a followed stream cannot be resumed after `maxReconnects` attempts.
 */
export async function* logs(k: Api, target: StreamTarget, options: LogsOptions = {}): AsyncGenerator<string> {
  const resolved = await resolveTarget(k, target, options);
  const pods = await podsOf(k, resolved, options.signal);
  if (pods.length === 0)
    throw new InvalidArgumentError(
      `no pods match ${resolved.name ? `${resolved.kind} "${resolved.name}"` : `"${resolved.selector}"`} in namespace "${resolved.namespace}"`,
    );
  const sources = pods.flatMap((pod) => {
    const containers = containersOf(pod, options);
    if (options.previous) containers.forEach((c) => checkPrevious(pod, c));
    return containers.map((container) => ({ pod, container }));
  });
  const prefixed = options.prefix ?? sources.length > 1;
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const streams = sources.map(({ pod, container }) => {
    const stream = containerLines(k, pod, container, { ...options, signal });
    if (!prefixed) return stream;
    const prefix = `[pod/${pod.metadata?.name ?? ""}/${container}] `;
    return (async function* () {
      for await (const line of stream) yield prefix + line;
    })();
  });
  yield* streams.length === 1 && streams[0] ? streams[0] : merge(streams, stop);
}
