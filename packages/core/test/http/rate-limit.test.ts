// The client-side rate limiter, with a fake clock: exact waits, not lower bounds.
import { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRateLimiter, DEFAULT_BURST, DEFAULT_QPS } from "../../src/http/rate-limiter.ts";
import type { RateLimiter } from "../../src/http/rate-limiter.ts";
import { createTransport } from "../../src/http/transport.ts";
import type { TransportOptions } from "../../src/http/transport.ts";
import { connection } from "./helpers.ts";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "hrtime"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Lets pending promises run without moving the fake clock. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Takes `n` tokens that must all be free; returns the waits (all 0). */
async function drain(limiter: RateLimiter, n: number): Promise<number[]> {
  return Promise.all(Array.from({ length: n }, () => limiter.acquire()));
}

/** Starts an acquire and reports whether it has resolved, and with which wait. */
function pending(limiter: RateLimiter): { waited?: number } {
  const state: { waited?: number } = {};
  void limiter.acquire().then((ms) => (state.waited = ms));
  return state;
}

/** `state` is still waiting `ms - 1` ms from now and resolves at `ms`, having waited `waited` in all. */
async function expectGrantedIn(state: { waited?: number }, ms: number, waited: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms - 1);
  expect(state.waited).toBeUndefined();
  await vi.advanceTimersByTimeAsync(1);
  expect(state.waited).toBe(waited);
}

describe("token bucket", () => {
  it("kubectl's defaults: 300 at once, then one every 20 ms (50 QPS)", async () => {
    expect([DEFAULT_QPS, DEFAULT_BURST]).toEqual([50, 300]);
    const limiter = createRateLimiter();
    expect(new Set(await drain(limiter, 300))).toEqual(new Set([0]));
    const first = pending(limiter);
    const second = pending(limiter);
    await expectGrantedIn(first, 20, 20);
    await expectGrantedIn(second, 20, 40);
  });

  it("refills at qps tokens per second", async () => {
    const limiter = createRateLimiter({ qps: 10, burst: 5 });
    await drain(limiter, 5);
    await vi.advanceTimersByTimeAsync(500);
    expect(await drain(limiter, 5)).toEqual([0, 0, 0, 0, 0]);
    await expectGrantedIn(pending(limiter), 100, 100);
  });

  it("never holds more than burst tokens, however long it was idle", async () => {
    const limiter = createRateLimiter({ qps: 10, burst: 3 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await drain(limiter, 3)).toEqual([0, 0, 0]);
    await expectGrantedIn(pending(limiter), 100, 100);
  });

  it("waiters are served in order, one interval apart", async () => {
    const limiter = createRateLimiter({ qps: 10, burst: 1 });
    const waits = Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    await vi.advanceTimersByTimeAsync(200);
    expect(await waits).toEqual([0, 100, 200]);
  });

  it.each([Infinity, 0, -1])("qps %s turns the limiter off", async (qps) => {
    const limiter = createRateLimiter({ qps, burst: 1 });
    const waits = await drain(limiter, 1000);
    expect(waits.every((w) => w === 0)).toBe(true);
  });
});

describe("the transport's limiter", () => {
  const SERVER = "https://k8s.example:6443";
  let agent: MockAgent;
  let calls: number;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    calls = 0;
  });
  afterEach(async () => {
    await agent.close();
  });

  function answer(first: { status: number; headers?: Record<string, string> } = { status: 200 }): void {
    agent
      .get(SERVER)
      .intercept({ path: "/x" })
      .reply(() => {
        calls++;
        const { status, headers = {} } = calls === 1 ? first : { status: 200 };
        return { statusCode: status, data: "{}", responseOptions: { headers } };
      })
      .persist();
  }

  function send(options: TransportOptions, n: number): Promise<unknown[]> {
    const t = createTransport(connection(SERVER), { dispatcher: agent, ...options });
    return Promise.all(Array.from({ length: n }, () => t.request({ path: "/x" })));
  }

  /** `before` requests went out at once; one more goes out exactly `ms` later, and then all are done. */
  async function expectNextAfter(all: Promise<unknown>, before: number, ms: number): Promise<void> {
    await settle();
    expect(calls).toBe(before);
    await vi.advanceTimersByTimeAsync(ms - 1);
    await settle();
    expect(calls).toBe(before);
    await vi.advanceTimersByTimeAsync(1);
    await all;
    expect(calls).toBe(before + 1);
  }

  it("is 50 QPS / burst 300 by default: request 301 goes out 20 ms after the first 300", async () => {
    answer();
    await expectNextAfter(send({}, 301), 300, 20);
  });

  it("qps: Infinity lets every request through at once", async () => {
    answer();
    const all = send({ qps: Infinity, burst: 1 }, 20);
    await settle();
    await all;
    expect(calls).toBe(20);
  });

  it("a retry waits for a token like any request (1 QPS: the retry goes out 1 s later)", async () => {
    answer({ status: 429, headers: { "retry-after": "0" } });
    await expectNextAfter(send({ qps: 1, burst: 1 }, 1), 1, 1000);
  });
});
