import diagnosticsChannel from "node:diagnostics_channel";
import { HTTP_DEBUG_CHANNEL, type HttpDebugEvent } from "@kr8s/core";

/**
 * kubectl's `-v` for HTTP: 6 prints each request's method, URL, status and time; 7 adds request headers;
 * 8 adds response headers. Events arrive already redacted by the transport (no tokens or keys).
 */
export function logHttpTo(write: (line: string) => void, level: number): void {
  diagnosticsChannel.subscribe(HTTP_DEBUG_CHANNEL, (message) => {
    const line = formatHttpEvent(message as HttpDebugEvent, level);
    if (line) write(line);
  });
}

export function formatHttpEvent(event: HttpDebugEvent, level: number): string | undefined {
  const head = `${event.method} ${event.url}`;
  const headers = (values: Record<string, string | string[]>): string =>
    Object.entries(values)
      .map(([name, value]) => `\n    ${name}: ${Array.isArray(value) ? value.join(", ") : value}`)
      .join("");
  switch (event.type) {
    case "request":
      return level >= 7 ? `Request ${head}${headers(event.headers)}` : undefined;
    case "response":
      return `${head} ${event.statusCode} in ${event.durationMs} milliseconds${level >= 8 ? headers(event.headers) : ""}`;
    case "error":
      return `${head} failed after ${event.durationMs} milliseconds: ${event.error}`;
    case "retry":
      return `${head} retrying in ${event.delayMs} milliseconds (${event.reason})`;
    case "reauth":
      return `${head} got ${event.statusCode}: refreshing credentials and retrying once`;
    case "throttle":
      return `${head} waited ${event.delayMs} milliseconds for client-side throttling`;
  }
}
