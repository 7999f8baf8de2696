// The retry policy is client-go's (rest/with_retry.go, rest/request.go): these tests pin each of its rules
// with fake timers (the waits are exact), and compare the number of exchanges with kubectl's on a stub.
import { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectionError, ServerError } from "../../src/errors.ts";
import type { RateLimiter } from "../../src/http/rate-limiter.ts";
import { createTransport } from "../../src/http/transport.ts";
import type { TransportOptions } from "../../src/http/transport.ts";
import { connection } from "./helpers.ts";

const SERVER = "https://k8s.example:6443";
let agent: MockAgent;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  agent = new MockAgent();
  agent.disableNetConnect();
});
afterEach(async () => {
  vi.useRealTimers();
  await agent.close();
});

/** Lets MockAgent answer and the transport react, without moving the fake clock. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

type Answer = { status: number; headers?: Record<string, string> } | { error: string };

/** Answers exchange n (1-based) with `answer(n)`; counts the exchanges. */
function serve(answer: (n: number) => Answer, method = "GET"): { readonly calls: number } {
  const counter = { calls: 0 };
  agent
    .get(SERVER)
    .intercept({ path: "/x", method })
    .reply(() => {
      const a = answer(++counter.calls);
      if ("error" in a) throw Object.assign(new Error(a.error), { code: a.error });
      return { statusCode: a.status, data: "{}", responseOptions: { headers: a.headers ?? {} } };
    })
    .persist();
  return counter;
}

function transport(options: TransportOptions = {}) {
  return createTransport(connection(SERVER), { dispatcher: agent, qps: Infinity, ...options });
}

/** Starts a request and returns a handle that records how it ended. */
function start(t: ReturnType<typeof transport>, method = "GET") {
  const outcome: { value?: unknown; error?: unknown; done: boolean } = { done: false };
  const promise = t.request({ method, path: "/x", ...(method === "GET" ? {} : { body: {} }) }).then(
    (value) => Object.assign(outcome, { value, done: true }),
    (error: unknown) => Object.assign(outcome, { error, done: true }),
  );
  return { outcome, promise };
}

/**
 * Asserts that the request's second exchange goes out exactly `ms` after the first (not 1 ms earlier)
 * and that the request then succeeds.
 */
async function expectRetryAfterExactly(
  ms: number,
  server: { readonly calls: number },
  handle: ReturnType<typeof start>,
): Promise<void> {
  await settle();
  expect(server.calls).toBe(1);
  await vi.advanceTimersByTimeAsync(ms - 1);
  await settle();
  expect(server.calls).toBe(1);
  await vi.advanceTimersByTimeAsync(1);
  await handle.promise;
  expect(server.calls).toBe(2);
  expect(handle.outcome.value).toMatchObject({ statusCode: 200 });
}

describe("answers: retried only when the server sends an integer Retry-After with 429 or 5xx", () => {
  it.each([429, 500, 502, 503, 504])(
    "%i with Retry-After: 3 is sent again after exactly 3 s",
    async (status) => {
      const server = serve((n) => (n === 1 ? { status, headers: { "retry-after": "3" } } : { status: 200 }));
      await expectRetryAfterExactly(3000, server, start(transport()));
    },
  );

  it.each([400, 403, 404, 409, 422])("%i with Retry-After is not retried", async (status) => {
    const server = serve(() => ({ status, headers: { "retry-after": "0" } }));
    const { outcome, promise } = start(transport());
    await settle();
    await promise;
    expect(server.calls).toBe(1);
    expect(outcome.error).toBeInstanceOf(ServerError);
  });

  it.each([429, 500, 503])("%i without Retry-After fails at once", async (status) => {
    const server = serve(() => ({ status }));
    const { outcome, promise } = start(transport());
    await settle();
    await promise;
    expect(server.calls).toBe(1);
    expect((outcome.error as ServerError).statusCode).toBe(status);
  });

  it("a Retry-After that is an HTTP date is not understood (client-go reads integers only): fails at once", async () => {
    const server = serve(() => ({
      status: 503,
      headers: { "retry-after": new Date(Date.now() + 2000).toUTCString() },
    }));
    const { outcome, promise } = start(transport());
    await settle();
    await promise;
    expect(server.calls).toBe(1);
    expect(outcome.error).toBeInstanceOf(ServerError);
  });

  it.each(["POST", "PUT", "PATCH", "DELETE"])(
    "%s is retried too: the server says it did not process it",
    async (method) => {
      const server = serve(
        (n) => (n === 1 ? { status: 503, headers: { "retry-after": "0" } } : { status: 200 }),
        method,
      );
      const { outcome, promise } = start(transport(), method);
      await settle();
      await promise;
      expect(server.calls).toBe(2);
      expect(outcome.value).toMatchObject({ statusCode: 200 });
    },
  );

  it("Retry-After: 0 is retried at once: there is no minimum backoff (client-go's NoBackoff)", async () => {
    const server = serve((n) => (n < 4 ? { status: 503, headers: { "retry-after": "0" } } : { status: 200 }));
    const { outcome, promise } = start(transport());
    await settle();
    await promise;
    expect(server.calls).toBe(4);
    expect(outcome.value).toMatchObject({ statusCode: 200 });
  });

  it("by default 10 retries, 11 exchanges, then the last answer's error", async () => {
    const server = serve(() => ({ status: 500, headers: { "retry-after": "0" } }));
    const { outcome, promise } = start(transport());
    await settle();
    await promise;
    expect(server.calls).toBe(11);
    expect((outcome.error as ServerError).statusCode).toBe(500);
  });

  it("maxRetries sets the count; 0 turns retries off", async () => {
    const server = serve(() => ({ status: 429, headers: { "retry-after": "0" } }));
    await start(transport({ retry: { maxRetries: 3 } })).promise;
    expect(server.calls).toBe(4);
    await start(transport({ retry: { maxRetries: 0 } })).promise;
    expect(server.calls).toBe(5);
  });

  it("no cap by default, like client-go: a Retry-After of an hour is waited for", async () => {
    const server = serve((n) =>
      n === 1 ? { status: 503, headers: { "retry-after": "3600" } } : { status: 200 },
    );
    await expectRetryAfterExactly(3_600_000, server, start(transport()));
  });

  it("a Retry-After beyond Node's longest timer (30 days) is still waited for in full", async () => {
    const server = serve((n) =>
      n === 1 ? { status: 503, headers: { "retry-after": "2592000" } } : { status: 200 },
    );
    await expectRetryAfterExactly(2_592_000_000, server, start(transport()));
  });

  it("maxRetryAfterMs caps a long Retry-After", async () => {
    const server = serve((n) =>
      n === 1 ? { status: 503, headers: { "retry-after": "120" } } : { status: 200 },
    );
    await expectRetryAfterExactly(5000, server, start(transport({ retry: { maxRetryAfterMs: 5000 } })));
  });
});

describe("broken connections: GET only, after 1 s", () => {
  it.each(["ECONNRESET", "UND_ERR_SOCKET", "EPIPE"])(
    "a GET whose connection broke (%s) is sent again after exactly 1 s",
    async (code) => {
      const server = serve((n) => (n === 1 ? { error: code } : { status: 200 }));
      await expectRetryAfterExactly(1000, server, start(transport()));
    },
  );

  it.each(["POST", "PUT", "PATCH", "DELETE", "HEAD"])(
    "a %s whose connection was reset is not sent again: it may have been applied",
    async (method) => {
      const server = serve(() => ({ error: "ECONNRESET" }), method);
      const { outcome, promise } = start(transport(), method);
      await settle();
      await promise;
      expect(server.calls).toBe(1);
      expect(outcome.error).toBeInstanceOf(ConnectionError);
    },
  );

  it("a refused connection is not retried", async () => {
    const server = serve(() => ({ error: "ECONNREFUSED" }));
    const { outcome, promise } = start(transport());
    await settle();
    await promise;
    expect(server.calls).toBe(1);
    expect((outcome.error as ConnectionError).message).toContain("refused");
  });

  it("resets and Retry-After answers share one budget of 10 retries", async () => {
    const server = serve((n) =>
      n % 2 === 1 ? { error: "ECONNRESET" } : { status: 503, headers: { "retry-after": "0" } },
    );
    const { outcome, promise } = start(transport());
    for (let i = 0; i < 6; i++) {
      await settle();
      await vi.advanceTimersByTimeAsync(1000);
    }
    await promise;
    expect(server.calls).toBe(11);
    expect(outcome.error).toBeInstanceOf(ConnectionError);
  });
});

describe("retries and the rate limiter", () => {
  it("every retry takes a token, like the first attempt (client-go throttles retries too)", async () => {
    let tokens = 0;
    const rateLimiter: RateLimiter = {
      acquire: () => {
        tokens++;
        return Promise.resolve(0);
      },
    };
    const server = serve((n) => (n < 3 ? { status: 429, headers: { "retry-after": "0" } } : { status: 200 }));
    await start(transport({ rateLimiter })).promise;
    expect(server.calls).toBe(3);
    expect(tokens).toBe(3);
  });
});
