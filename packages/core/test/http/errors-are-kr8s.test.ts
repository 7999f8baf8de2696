// "Everything thrown is a Kr8sError": the failures that used to escape request() as raw SyntaxError,
// TypeError or a misleading ConnectionError.
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { ConnectionError, InvalidRequestError, InvalidResponseError, Kr8sError } from "../../src/errors.ts";
import { DispatcherPool } from "../../src/http/dispatcher-pool.ts";
import { createTransport } from "../../src/http/transport.ts";
import type { Handler } from "./helpers.ts";
import { connection, startServer } from "./helpers.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function setup(handler: Handler) {
  const server = await startServer(handler);
  const pool = new DispatcherPool();
  cleanups.push(
    () => server.close(),
    () => pool.close(),
  );
  return { server, transport: createTransport(connection(server.url), { pool }) };
}

describe("a success response that says JSON and is not", () => {
  it.each(["application/json", "application/json; charset=utf-8", "application/merge-patch+json"])(
    "%s → InvalidResponseError naming the request, without quoting the body",
    async (contentType) => {
      const { transport } = await setup((_req, res) => {
        res.writeHead(200, { "content-type": contentType });
        res.end("<html>data: c2VjcmV0LXZhbHVl</html>");
      });
      const error = await transport.request({ path: "/api/v1/secrets" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(error).toBeInstanceOf(Kr8sError);
      const e = error as InvalidResponseError;
      expect(e.code).toBe("KR8S_INVALID_RESPONSE");
      expect(e.statusCode).toBe(200);
      expect(e.message).toBe(
        `the response to GET /api/v1/secrets is not valid JSON (HTTP 200, ${contentType}, 35 bytes)`,
      );
      expect(e.suggestions.join("\n")).toMatch(/proxy/);
      expect(JSON.stringify({ message: e.message, cause: String(e.cause) })).not.toContain("c2VjcmV0");
    },
  );

  it("an empty JSON body and a text body are not errors", async () => {
    const { transport } = await setup((req, res) => {
      res.writeHead(200, { "content-type": req.url === "/text" ? "text/plain" : "application/json" });
      res.end(req.url === "/text" ? "not json" : "");
    });
    expect((await transport.request({ path: "/empty" })).body).toBe("");
    expect((await transport.request({ path: "/text" })).body).toBe("not json");
  });
});

describe("a request that cannot be sent → InvalidRequestError, nothing sent", () => {
  it.each<[string, unknown]>([
    ["a BigInt", { n: 1n }],
    [
      "a cycle",
      (() => {
        const o: Record<string, unknown> = {};
        o.self = o;
        return o;
      })(),
    ],
  ])("a body with %s", async (_name, body) => {
    let calls = 0;
    const { transport } = await setup((_req, res) => {
      calls++;
      res.end();
    });
    const error = await transport.request({ method: "POST", path: "/x", body }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toMatch(/^the body of POST \/x cannot be encoded as JSON: /);
    expect(calls).toBe(0);
  });

  it.each<[string, Record<string, string>]>([
    ["a header value with a newline", { "x-a": "line\nbreak-secret" }],
    ["a header name with a space", { "bad name": "v" }],
  ])("%s (plain request and WebSocket)", async (_name, headers) => {
    let calls = 0;
    const { server, transport } = await setup((_req, res) => {
      calls++;
      res.end();
    });
    const wss = new WebSocketServer({ server: server.server });
    cleanups.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
    wss.on("connection", () => calls++);
    const plain = await transport.request({ path: "/x", headers }).catch((e: unknown) => e);
    const upgrade = await transport.openWebSocket("/exec", { headers }).catch((e: unknown) => e);
    for (const error of [plain, upgrade]) {
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as Error).message).toMatch(/^GET \/(x|exec) cannot be sent: /);
      expect((error as Error).message).not.toContain("secret");
    }
    expect(calls).toBe(0);
  });
});

describe("a stream whose connection breaks in the middle", () => {
  it("yields what arrived, then fails with a ConnectionError naming the request", async () => {
    const { server, transport } = await setup((req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("line 1\n", () => setTimeout(() => req.socket.destroy(), 50));
    });
    const { body } = await transport.request({ path: "/api/v1/namespaces/x/pods/p/log", stream: true });
    const chunks: string[] = [];
    const error = await (async () => {
      for await (const chunk of body) chunks.push(String(chunk));
    })().catch((e: unknown) => e);
    expect(chunks.join("")).toBe("line 1\n");
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toMatch(
      new RegExp(
        `^the connection to ${server.url} broke during the response to GET /api/v1/namespaces/x/pods/p/log \\(\\w+\\)$`,
      ),
    );
  });

  it("an abort still rejects with the signal's reason", async () => {
    const { transport } = await setup((_req, res) => {
      res.writeHead(200);
      res.write("x");
    });
    const controller = new AbortController();
    const reason = new Error("user stopped");
    const { body } = await transport.request({ path: "/log", stream: true, signal: controller.signal });
    const error = (async () => {
      for await (const chunk of body) if (chunk) controller.abort(reason);
    })().catch((e: unknown) => e);
    expect(await error).toBe(reason);
  });
});
