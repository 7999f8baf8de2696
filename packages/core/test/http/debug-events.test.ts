// The sequence of events on the kr8s:http channel (what the CLI's -v prints from): one id per logical
// request, the attempt each exchange, retry and throttle belongs to, durations, and how a failure is named.
// Redaction of the same events is in redaction.test.ts.
import { describe, expect, it } from "vitest";
import { createTransport } from "../../src/http/transport.ts";
import { connection, unusedPort } from "./helpers.ts";
import { recordHttpEvents } from "./record-events.ts";

const SERVER = "https://k8s.example:6443";
const recorded = recordHttpEvents();

/** `type@attempt` of each event, e.g. `request@1`. */
const sequence = (): string[] => recorded.events.map((e) => `${e.type}@${e.attempt}`);

describe("events of one request", () => {
  it("a request retried after a 429: each exchange its own attempt, the retry counted with the one it follows", async () => {
    let calls = 0;
    recorded.agent
      .get(SERVER)
      .intercept({ path: "/x" })
      .reply(() =>
        ++calls === 1
          ? { statusCode: 429, data: "{}", responseOptions: { headers: { "retry-after": "0" } } }
          : { statusCode: 200, data: "{}" },
      )
      .persist();
    const transport = createTransport(connection(SERVER), { dispatcher: recorded.agent });
    const started = performance.now();
    await transport.request({ path: "/x" });
    const elapsed = performance.now() - started;
    expect(sequence()).toEqual(["request@1", "response@1", "retry@1", "request@2", "response@2"]);
    expect(new Set(recorded.events.map((e) => e.id)).size).toBe(1);
    const responses = recorded.events.filter((e) => e.type === "response");
    expect(responses.map((e) => e.statusCode)).toEqual([429, 200]);
    // Each exchange's own duration (ms): within the whole call's.
    for (const { durationMs } of responses) {
      expect(durationMs).toBeGreaterThanOrEqual(0);
      expect(durationMs).toBeLessThanOrEqual(Math.ceil(elapsed));
    }
  });

  it("each logical request gets the next id", async () => {
    recorded.agent.get(SERVER).intercept({ path: "/x" }).reply(200, "{}").persist();
    const transport = createTransport(connection(SERVER), { dispatcher: recorded.agent });
    await transport.request({ path: "/x" });
    await transport.request({ path: "/x" });
    const ids = recorded.events.filter((e) => e.type === "request").map((e) => e.id);
    expect(ids[1]).toBe((ids[0] ?? 0) + 1);
  });

  it("throttling is counted with the exchange it delays", async () => {
    recorded.agent.get(SERVER).intercept({ path: "/x" }).reply(200, "{}").persist();
    const transport = createTransport(connection(SERVER), { dispatcher: recorded.agent, qps: 20, burst: 1 });
    await transport.request({ path: "/x" });
    await transport.request({ path: "/x" });
    const second = recorded.events.filter((e) => e.id === recorded.events.at(-1)?.id);
    expect(second.map((e) => `${e.type}@${e.attempt}`)).toEqual(["throttle@1", "request@1", "response@1"]);
  });
});

describe("how a failed exchange is named", () => {
  it("by its error code when it has one", async () => {
    const port = await unusedPort();
    const transport = createTransport(connection(`https://127.0.0.1:${port}`), { retry: { maxRetries: 0 } });
    const started = performance.now();
    await expect(transport.request({ path: "/x" })).rejects.toThrow();
    const elapsed = performance.now() - started;
    await transport.close();
    const failed = recorded.events.find((e) => e.type === "error");
    expect(failed?.type === "error" && failed.error).toBe("ECONNREFUSED");
    expect(failed?.type === "error" && failed.durationMs).toBeLessThanOrEqual(Math.ceil(elapsed));
  });

  it("by its name when it has no code", async () => {
    recorded.agent.get(SERVER).intercept({ path: "/x" }).replyWithError(new RangeError("no code here"));
    const transport = createTransport(connection(SERVER), {
      dispatcher: recorded.agent,
      retry: { maxRetries: 0 },
    });
    await expect(transport.request({ path: "/x" })).rejects.toThrow();
    const failed = recorded.events.find((e) => e.type === "error");
    expect(failed?.type === "error" && failed.error).toBe("RangeError");
  });
});
