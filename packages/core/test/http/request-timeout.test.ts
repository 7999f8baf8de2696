// kubectl's --request-timeout as the transport's `requestTimeoutMs`: a deadline for each non-streaming
// request, sent to the server as `?timeout=` too (client-go), never applied to streams.
import type { IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { APITimeoutError } from "../../src/errors.ts";
import { DispatcherPool } from "../../src/http/dispatcher-pool.ts";
import { createTransport, type TransportOptions } from "../../src/http/transport.ts";
import type { Handler } from "./helpers.ts";
import { connection, json, startServer } from "./helpers.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function setup(handler: Handler, options: TransportOptions) {
  const server = await startServer(handler);
  const pool = new DispatcherPool();
  const transport = createTransport(connection(server.url), { pool, ...options });
  cleanups.push(
    () => server.close(),
    () => pool.close(),
  );
  return transport;
}

/** A server that answers `{}` and records the URLs it was asked for. */
async function recording(options: TransportOptions) {
  const urls: string[] = [];
  const transport = await setup((req: IncomingMessage, res) => {
    urls.push(req.url ?? "");
    json(res, 200, {});
  }, options);
  return { transport, urls };
}

describe("requestTimeoutMs", () => {
  it("a request the server never answers fails with APITimeoutError naming the limit", async () => {
    const transport = await setup(() => undefined, { requestTimeoutMs: 50 });
    const error: unknown = await transport.request({ path: "/slow" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as APITimeoutError).message).toBe("GET /slow did not finish within 50 ms");
  });

  it("tells the server the same limit as a Go duration in ?timeout=", async () => {
    const { transport, urls } = await recording({ requestTimeoutMs: 5000 });
    await transport.request({ path: "/api/v1/pods", query: { limit: 500 } });
    const second = await recording({ requestTimeoutMs: 1500 });
    await second.transport.request({ path: "/api" });
    expect(urls).toEqual(["/api/v1/pods?limit=500&timeout=5s"]);
    expect(second.urls).toEqual(["/api?timeout=1500ms"]);
  });

  it("a request's own timeoutMs wins and sends no ?timeout=", async () => {
    const { transport, urls } = await recording({ requestTimeoutMs: 5000 });
    await transport.request({ path: "/api", timeoutMs: 10_000 });
    expect(urls).toEqual(["/api"]);
  });

  it("a timeout the request's query already has is kept", async () => {
    const { transport, urls } = await recording({ requestTimeoutMs: 5000 });
    await transport.request({ path: "/api/v1/pods", query: { timeout: "30s" } });
    expect(urls).toEqual(["/api/v1/pods?timeout=30s"]);
  });

  it("0 means no limit, as kubectl's default", async () => {
    const { transport, urls } = await recording({ requestTimeoutMs: 0 });
    await transport.request({ path: "/api" });
    expect(urls).toEqual(["/api"]);
  });

  it("streams are not limited by it and carry no ?timeout=", async () => {
    const { transport, urls } = await recording({ requestTimeoutMs: 5000 });
    const { body } = await transport.request({ path: "/api/v1/pods", query: { watch: 1 }, stream: true });
    body.destroy();
    expect(urls).toEqual(["/api/v1/pods?watch=1"]);
  });
});
