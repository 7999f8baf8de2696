/**
 * Debug output of the HTTP layer: structured events on the `kr8s:http` diagnostics channel (the CLI's `-v`
 * subscribes) and exactly one line per exchange on `util.debuglog('kr8s')` (`NODE_DEBUG=kr8s`), written
 * when the exchange ends. Everything leaving here is redacted here: no bearer token, cookie, secret-like
 * query parameter or client key.
 */
import diagnosticsChannel from "node:diagnostics_channel";
import { debuglog } from "node:util";
import { errorLabel } from "./backoff.ts";
import { redactHeaders, redactUrl } from "./redact.ts";
import { monotonicMs } from "../internal/clock.ts";

/** Name of the diagnostics channel the transport publishes {@link HttpDebugEvent}s on. */
export const HTTP_DEBUG_CHANNEL = "kr8s:http";

/** Fields every {@link HttpDebugEvent} has. */
export interface HttpDebugEventBase {
  /** Identifies one logical request (all its attempts, retries and re-authentications share it). */
  id: number;
  /** 1 for the first try; increases on every retry or re-authentication. */
  attempt: number;
  method: string;
  /** Full URL with token-like query parameters replaced by `<redacted>`. */
  url: string;
}

/** What the transport publishes on {@link HTTP_DEBUG_CHANNEL}. */
export type HttpDebugEvent =
  | (HttpDebugEventBase & { type: "request"; headers: Record<string, string | string[]> })
  | (HttpDebugEventBase & {
      type: "response";
      statusCode: number;
      durationMs: number;
      headers: Record<string, string | string[]>;
    })
  | (HttpDebugEventBase & { type: "error"; durationMs: number; error: string })
  | (HttpDebugEventBase & { type: "retry"; delayMs: number; reason: string })
  | (HttpDebugEventBase & { type: "reauth"; statusCode: number })
  | (HttpDebugEventBase & { type: "throttle"; delayMs: number });

const channel = diagnosticsChannel.channel(HTTP_DEBUG_CHANNEL);
const log = debuglog("kr8s");

let nextId = 1;

/** Shared by every exchange of one logical request (its retries and re-authentication included). */
export interface RequestTrace {
  readonly id: number;
  /** Exchanges sent so far. */
  attempts: number;
  /** What happened since the last exchange (a retry wait, throttling, a refresh), for the next debuglog line. */
  note?: string;
}

/** A fresh trace for one logical request. */
export function newTrace(): RequestTrace {
  return { id: nextId++, attempts: 0 };
}

/** True when anybody listens, so callers can skip building events. */
export function debugEnabled(): boolean {
  return channel.hasSubscribers || log.enabled;
}

/** Events about a request between its exchanges; they reach the debuglog as a note on the next exchange. */
type BetweenExchanges = Extract<HttpDebugEvent, { type: "retry" | "reauth" | "throttle" }>;

function noteOf(event: BetweenExchanges): string {
  switch (event.type) {
    case "retry":
      return `retried after ${event.delayMs} ms: ${event.reason}`;
    case "reauth":
      return `credentials refreshed after ${event.statusCode}`;
    case "throttle":
      return `throttled ${event.delayMs} ms`;
  }
}

/**
 * Publishes a retry, re-authentication or throttling of `trace`'s request (the URL is redacted here) on
 * the channel, and keeps it for the debuglog line of the request's next exchange.
 */
export function publishBetween(
  trace: RequestTrace,
  method: string,
  url: URL | string,
  event:
    | { type: "retry"; delayMs: number; reason: string }
    | { type: "reauth"; statusCode: number }
    | { type: "throttle"; delayMs: number },
): void {
  if (!debugEnabled()) return;
  // Throttling precedes the exchange it delays; retries and refreshes follow the exchange that caused them.
  const attempt = event.type === "throttle" ? trace.attempts + 1 : trace.attempts;
  const full = { ...event, id: trace.id, attempt, method, url: redactUrl(url) };
  if (channel.hasSubscribers) channel.publish(full);
  if (log.enabled) trace.note = trace.note ? `${trace.note}; ${noteOf(full)}` : noteOf(full);
}

/** One exchange as the debug output names it; `url` and `headers` are redacted here, not by callers. */
export interface TracedExchange {
  method: string;
  url: URL | string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Runs one exchange of `trace`'s request and publishes it: `request`, then `response` (as `describe`
 * reports it) or `error` on the channel, and exactly one line on the debuglog once it ended
 * (`#<request>.<attempt> GET <url> -> 200 in 3 ms`). Shared by plain requests and WebSocket upgrades.
 */
export async function traceExchange<T>(
  trace: RequestTrace,
  exchange: TracedExchange,
  run: () => Promise<T>,
  describe: (result: T) => { statusCode: number; headers: Record<string, string | string[] | undefined> },
): Promise<T> {
  const attempt = ++trace.attempts;
  if (!debugEnabled()) return run();
  const note = trace.note === undefined ? "" : ` (${trace.note})`;
  delete trace.note;
  const base = { id: trace.id, attempt, method: exchange.method, url: redactUrl(exchange.url) };
  const head = `#${base.id}.${base.attempt} ${base.method} ${base.url}`;
  if (channel.hasSubscribers)
    channel.publish({ type: "request", ...base, headers: redactHeaders(exchange.headers) });
  const started = monotonicMs();
  try {
    const result = await run();
    const { statusCode, headers } = describe(result);
    const durationMs = Math.round(monotonicMs() - started);
    if (channel.hasSubscribers)
      channel.publish({ type: "response", ...base, statusCode, durationMs, headers: redactHeaders(headers) });
    if (log.enabled) log("%s -> %d in %d ms%s", head, statusCode, durationMs, note);
    return result;
  } catch (error) {
    const durationMs = Math.round(monotonicMs() - started);
    const label = errorLabel(error);
    if (channel.hasSubscribers) channel.publish({ type: "error", ...base, durationMs, error: label });
    if (log.enabled) log("%s failed after %d ms: %s%s", head, durationMs, label, note);
    throw error;
  }
}
