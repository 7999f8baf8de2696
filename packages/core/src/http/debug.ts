/**
 * Debug output of the HTTP layer: structured events on the `kr8s:http` diagnostics channel (the CLI's `-v`
 * subscribes) and one-line summaries on `util.debuglog('kr8s')` (`NODE_DEBUG=kr8s`). Everything published
 * here has already been redacted: no bearer token, token query parameter or client key ever leaves.
 */
import diagnosticsChannel from "node:diagnostics_channel";
import { debuglog } from "node:util";
import { errorCodes } from "./backoff.ts";
import { redactHeaders, redactUrl } from "./redact.ts";

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

/** A fresh id for one logical request. */
export function nextRequestId(): number {
  return nextId++;
}

/** True when anybody listens, so callers can skip building events. */
export function debugEnabled(): boolean {
  return channel.hasSubscribers || log.enabled;
}

/** Publish an (already redacted) event to the channel and the debuglog. */
export function publish(event: HttpDebugEvent): void {
  if (channel.hasSubscribers) channel.publish(event);
  if (log.enabled) log("%s", formatEvent(event));
}

/**
 * What an `error` event says about a failure: its first `code` (`ECONNREFUSED`…), else its name. Never
 * the message, which may quote a URL or a server's answer.
 */
export function errorLabel(error: unknown): string {
  return errorCodes(error)[0] ?? (error instanceof Error ? error.name : "error");
}

function formatEvent(event: HttpDebugEvent): string {
  const head = `#${event.id}.${event.attempt} ${event.method} ${event.url}`;
  switch (event.type) {
    case "request":
      return `${head} -> ${Object.entries(event.headers)
        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : v}`)
        .join("; ")}`;
    case "response":
      return `${head} <- ${event.statusCode} in ${event.durationMs} ms`;
    case "error":
      return `${head} failed after ${event.durationMs} ms: ${event.error}`;
    case "retry":
      return `${head} retrying in ${event.delayMs} ms (${event.reason})`;
    case "reauth":
      return `${head} got ${event.statusCode}; refreshing credentials and retrying once`;
    case "throttle":
      return `${head} client-side throttling: waited ${event.delayMs} ms`;
  }
}

/** One exchange as the debug output names it; `url` and `headers` are redacted here, not by callers. */
export interface TracedExchange {
  id: number;
  attempt: number;
  method: string;
  url: URL | string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Runs one exchange and publishes it: the request, then its response (as `describe` reports it) or its
 * error. Shared by plain requests and WebSocket upgrades so both read the same in `-v` output.
 */
export async function traceExchange<T>(
  exchange: TracedExchange,
  run: () => Promise<T>,
  describe: (result: T) => { statusCode: number; headers: Record<string, string | string[] | undefined> },
): Promise<T> {
  if (!debugEnabled()) return run();
  const base = {
    id: exchange.id,
    attempt: exchange.attempt,
    method: exchange.method,
    url: redactUrl(exchange.url),
  };
  publish({ type: "request", ...base, headers: redactHeaders(exchange.headers) });
  const started = performance.now();
  try {
    const result = await run();
    const { statusCode, headers } = describe(result);
    const durationMs = Math.round(performance.now() - started);
    publish({ type: "response", ...base, statusCode, durationMs, headers: redactHeaders(headers) });
    return result;
  } catch (error) {
    publish({
      type: "error",
      ...base,
      durationMs: Math.round(performance.now() - started),
      error: errorLabel(error),
    });
    throw error;
  }
}

/** Publishes that an exchange got a 401 and is re-sent once with refreshed credentials. */
export function publishReauth(id: number, attempt: number, method: string, url: URL | string): void {
  if (debugEnabled()) publish({ type: "reauth", id, attempt, method, url: redactUrl(url), statusCode: 401 });
}
