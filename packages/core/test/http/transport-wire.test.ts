import diagnosticsChannel from "node:diagnostics_channel";
import { afterEach, describe, expect, it } from "vitest";
import { APITimeoutError, ConnectionError, ServerError } from "../../src/errors.ts";
import { HTTP_DEBUG_CHANNEL } from "../../src/http/debug.ts";
import type { HttpDebugEvent } from "../../src/http/debug.ts";
import { DispatcherPool } from "../../src/http/dispatcher-pool.ts";
import { createTransport } from "../../src/http/transport.ts";
import type { TransportOptions } from "../../src/http/transport.ts";
import type { Handler, TestServer } from "./helpers.ts";
import { connection, json, startServer, unusedPort } from "./helpers.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function setup(handler: Handler, options: TransportOptions = {}) {
  const server: TestServer = await startServer(handler);
  const pool = new DispatcherPool();
  const transport = createTransport(connection(server.url), { pool, ...options });
  cleanups.push(
    () => server.close(),
    () => pool.close(),
  );
  return { server, transport };
}

describe("retries", () => {
  it("429 with Retry-After: 1 then 200 succeeds after honouring the wait", async () => {
    let calls = 0;
    const { transport } = await setup((_req, res) => {
      calls++;
      if (calls === 1)
        json(
          res,
          429,
          { kind: "Status", status: "Failure", code: 429, reason: "TooManyRequests" },
          { "retry-after": "1" },
        );
      else json(res, 200, { ok: true });
    });
    const started = performance.now();
    const response = await transport.request({ path: "/api/v1/pods" });
    expect(response.body).toEqual({ ok: true });
    expect(calls).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("a POST answered 503 with Retry-After: 0 is sent again, with the same body", async () => {
    const bodies: string[] = [];
    const { transport } = await setup((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        bodies.push(body);
        if (bodies.length < 3)
          json(
            res,
            503,
            { kind: "Status", status: "Failure", code: 503, reason: "ServiceUnavailable" },
            { "retry-after": "0" },
          );
        else json(res, 201, { created: true });
      });
    });
    const response = await transport.request({
      method: "POST",
      path: "/api/v1/namespaces/default/configmaps",
      body: { kind: "ConfigMap" },
    });
    expect(response).toMatchObject({ statusCode: 201, body: { created: true } });
    expect(bodies).toEqual(Array.from({ length: 3 }, () => '{"kind":"ConfigMap"}'));
  });

  it("gives up after maxRetries with the server's Status", async () => {
    let calls = 0;
    const { transport } = await setup(
      (_req, res) => {
        calls++;
        json(
          res,
          429,
          { kind: "Status", status: "Failure", code: 429, reason: "TooManyRequests", message: "slow down" },
          { "retry-after": "0" },
        );
      },
      { retry: { maxRetries: 2 } },
    );
    const error = (await transport.request({ path: "/api" }).catch((e: unknown) => e)) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.statusCode).toBe(429);
    expect(error.reason).toBe("TooManyRequests");
    expect(calls).toBe(3);
  });

  it("a connection reset on GET is retried", async () => {
    let calls = 0;
    const { transport } = await setup((req, res) => {
      calls++;
      if (calls === 1) req.socket.destroy();
      else json(res, 200, { ok: true });
    });
    await expect(transport.request({ path: "/api" })).resolves.toMatchObject({ body: { ok: true } });
    expect(calls).toBe(2);
  });

  it("a connection reset on POST is not retried (ConnectionError)", async () => {
    let calls = 0;
    const { server, transport } = await setup((req) => {
      calls++;
      req.socket.destroy();
    });
    const error = (await transport
      .request({ method: "POST", path: "/api", body: {} })
      .catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.url).toBe(server.url);
    expect(calls).toBe(1);
  });

  it("a server that is down → ConnectionError naming the URL after one attempt (refused is not retried)", async () => {
    const port = await unusedPort();
    const pool = new DispatcherPool();
    cleanups.push(() => pool.close());
    const url = `http://127.0.0.1:${port}`;
    const transport = createTransport(connection(url), { pool });
    const events: HttpDebugEvent[] = [];
    const onMessage = (m: unknown): void => void events.push(m as HttpDebugEvent);
    diagnosticsChannel.subscribe(HTTP_DEBUG_CHANNEL, onMessage);
    const error = (await transport
      .request({ path: "/version" })
      .catch((e: unknown) => e)
      .finally(() => diagnosticsChannel.unsubscribe(HTTP_DEBUG_CHANNEL, onMessage))) as ConnectionError;
    expect(events.map((e) => e.type)).toEqual(["request", "error"]);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain(url);
    expect(error.message).toContain("refused");
    expect(error.url).toBe(url);
    expect(error.suggestions.join("\n")).toMatch(/is the API server running\?/);
    const ours = events.filter((event) => event.url.startsWith(url));
    expect(ours.filter((event) => event.type === "error").map((event) => event.attempt)).toEqual([1]);
    expect(ours.filter((event) => event.type === "retry")).toHaveLength(0);
  });
});

describe("impersonation on the wire", () => {
  it("repeats Impersonate-Group once per group", async () => {
    let raw: string[] = [];
    const server = await startServer((req, res) => {
      raw = req.rawHeaders;
      json(res, 200, {});
    });
    const pool = new DispatcherPool();
    cleanups.push(
      () => server.close(),
      () => pool.close(),
    );
    const t = createTransport(connection(server.url, { impersonate: { user: "jane", groups: ["a", "b"] } }), {
      pool,
    });
    await t.request({ path: "/api" });
    const groups = raw.filter((_v, i) => i % 2 === 1 && raw[i - 1]?.toLowerCase() === "impersonate-group");
    expect(groups).toEqual(["a", "b"]);
  });
});

describe("streams", () => {
  it("hands back the body as chunks and fails after the inactivity timeout", async () => {
    const { transport } = await setup((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"type":"ADDED"}\n');
      // then silence
    });
    const { statusCode, body } = await transport.request({
      path: "/api/v1/pods",
      query: { watch: 1 },
      stream: true,
      timeoutMs: 200,
    });
    expect(statusCode).toBe(200);
    const chunks: string[] = [];
    const error = await (async () => {
      for await (const chunk of body) chunks.push(String(chunk));
    })().catch((e: unknown) => e);
    expect(chunks.join("")).toBe('{"type":"ADDED"}\n');
    expect(error).toBeInstanceOf(APITimeoutError);
  });

  it("a stream that keeps talking outlives its inactivity timeout", async () => {
    const { transport } = await setup((_req, res) => {
      res.writeHead(200);
      let n = 0;
      const timer = setInterval(() => {
        res.write(`line ${n}\n`);
        if (++n === 6) {
          clearInterval(timer);
          res.end();
        }
      }, 50);
    });
    const { body } = await transport.request({ path: "/log", stream: true, timeoutMs: 150 });
    let text = "";
    for await (const chunk of body) text += String(chunk);
    expect(text.split("\n").filter(Boolean)).toHaveLength(6);
  });

  it("error statuses of stream requests are thrown like others", async () => {
    const { transport } = await setup((_req, res) => {
      json(res, 410, {
        kind: "Status",
        status: "Failure",
        code: 410,
        reason: "Expired",
        message: "too old resource version",
      });
    });
    await expect(transport.request({ path: "/api/v1/pods", stream: true })).rejects.toSatisfy(
      (e) => e instanceof ServerError && e.reason === "Expired" && e.statusCode === 410,
    );
  });
});

describe("timeouts and abort", () => {
  it("timeoutMs on a plain request → APITimeoutError", async () => {
    const { transport } = await setup(() => undefined);
    await expect(transport.request({ path: "/slow", timeoutMs: 100 })).rejects.toBeInstanceOf(
      APITimeoutError,
    );
  });

  it("abort during a retry wait rejects at once with the reason", async () => {
    const { transport } = await setup((_req, res) => json(res, 429, {}, { "retry-after": "30" }));
    const controller = new AbortController();
    const reason = new Error("stop");
    const started = performance.now();
    const pending = transport.request({ path: "/api", signal: controller.signal });
    setTimeout(() => controller.abort(reason), 100);
    await expect(pending).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("abort of an in-flight request", async () => {
    const { transport } = await setup(() => undefined);
    const controller = new AbortController();
    const pending = transport.request({ path: "/hang", signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});
