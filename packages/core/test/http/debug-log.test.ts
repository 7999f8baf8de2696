// The `NODE_DEBUG=kr8s` line of each exchange, checked in-process: Node reads NODE_DEBUG once at start-up,
// so `util.debuglog` is replaced by a recorder here (node-debug.e2e.test.ts runs the real thing in a child
// process). And the retry/reauth/throttle events on the diagnostics channel, with their attempt numbers.
import diagnosticsChannel from "node:diagnostics_channel";
import type * as nodeUtil from "node:util";
import { format } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { HttpDebugEvent } from "../../src/http/debug.ts";

const recorded = vi.hoisted(() => ({ lines: [] as string[] }));

vi.mock("node:util", async (importOriginal) => {
  const util = await importOriginal<typeof nodeUtil>();
  const log = Object.assign(
    (template: string, ...args: unknown[]) => recorded.lines.push(format(template, ...args)),
    {
      enabled: true,
    },
  );
  return { ...util, debuglog: () => log, default: { ...util, debuglog: () => log } };
});

const { HTTP_DEBUG_CHANNEL, newTrace, publishBetween, traceExchange } =
  await import("../../src/http/debug.ts");

const url = "https://cluster.example:6443/api/v1/pods?access_token=s3cr3t&limit=5";
const exchange = { method: "GET", url, headers: { authorization: "Bearer s3cr3t" } };
const ok = (): { statusCode: number; headers: Record<string, string> } => ({ statusCode: 200, headers: {} });

afterEach(() => {
  recorded.lines.length = 0;
});

describe("the NODE_DEBUG line of an exchange", () => {
  it("is one line per exchange: request and attempt number, method, redacted URL, status and time", async () => {
    const trace = newTrace();
    await traceExchange(trace, exchange, () => Promise.resolve("body"), ok);
    expect(recorded.lines).toHaveLength(1);
    expect(recorded.lines[0]).toMatch(
      new RegExp(
        `^#${trace.id}\\.1 GET https://cluster\\.example:6443/api/v1/pods\\?access_token=<redacted>&limit=5 -> 200 in \\d+ ms$`,
      ),
    );
    expect(recorded.lines.join("\n")).not.toContain("s3cr3t");
  });

  it("names what happened since the previous exchange (a retry), on the next exchange only", async () => {
    const trace = newTrace();
    await traceExchange(
      trace,
      exchange,
      () => Promise.resolve(1),
      () => ({ statusCode: 503, headers: {} }),
    );
    publishBetween(trace, "GET", url, { type: "retry", delayMs: 250, reason: "503 Service Unavailable" });
    await traceExchange(trace, exchange, () => Promise.resolve(1), ok);
    await traceExchange(trace, exchange, () => Promise.resolve(1), ok);
    expect(recorded.lines[1]).toMatch(
      /^#\d+\.2 GET \S+ -> 200 in \d+ ms \(retried after 250 ms: 503 Service Unavailable\)$/,
    );
    expect(recorded.lines[2]).toMatch(/^#\d+\.3 GET \S+ -> 200 in \d+ ms$/);
  });

  it("joins throttling and a credential refresh in the order they happened", async () => {
    const trace = newTrace();
    publishBetween(trace, "GET", url, { type: "throttle", delayMs: 40 });
    publishBetween(trace, "GET", url, { type: "reauth", statusCode: 401 });
    await traceExchange(trace, exchange, () => Promise.resolve(1), ok);
    expect(recorded.lines[0]).toMatch(
      / -> 200 in \d+ ms \(throttled 40 ms; credentials refreshed after 401\)$/,
    );
  });

  it("says how a failed exchange failed, with the note, and the error still reaches the caller", async () => {
    const trace = newTrace();
    publishBetween(trace, "GET", url, { type: "throttle", delayMs: 7 });
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6443"), { code: "ECONNREFUSED" });
    await expect(traceExchange(trace, exchange, () => Promise.reject(refused), ok)).rejects.toBe(refused);
    expect(recorded.lines).toHaveLength(1);
    expect(recorded.lines[0]).toMatch(
      /^#\d+\.1 GET \S+ failed after \d+ ms: .*ECONNREFUSED.* \(throttled 7 ms\)$/,
    );
  });
});

describe("retry, reauth and throttle events on the kr8s:http channel", () => {
  it("carry the request's id, the attempt they follow (a throttle: the one it delays) and a redacted URL", async () => {
    const events: HttpDebugEvent[] = [];
    const onMessage = (message: unknown): void => void events.push(message as HttpDebugEvent);
    diagnosticsChannel.subscribe(HTTP_DEBUG_CHANNEL, onMessage);
    try {
      const trace = newTrace();
      publishBetween(trace, "GET", url, { type: "throttle", delayMs: 5 });
      await traceExchange(
        trace,
        exchange,
        () => Promise.resolve(1),
        () => ({ statusCode: 401, headers: {} }),
      );
      publishBetween(trace, "GET", url, { type: "reauth", statusCode: 401 });
      await traceExchange(
        trace,
        exchange,
        () => Promise.resolve(1),
        () => ({ statusCode: 503, headers: {} }),
      );
      publishBetween(trace, "GET", url, { type: "retry", delayMs: 100, reason: "503" });
      const between = events.filter(
        (e) => e.type === "throttle" || e.type === "reauth" || e.type === "retry",
      );
      expect(between.map((e) => [e.type, e.id, e.attempt])).toEqual([
        ["throttle", trace.id, 1],
        ["reauth", trace.id, 1],
        ["retry", trace.id, 2],
      ]);
      expect(between.every((e) => e.url.includes("access_token=<redacted>"))).toBe(true);
    } finally {
      diagnosticsChannel.unsubscribe(HTTP_DEBUG_CHANNEL, onMessage);
    }
  });
});
