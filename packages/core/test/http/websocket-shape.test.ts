// WebSocket upgrades as the API server sees them (URL, query, headers, subprotocols) and as a `-v`
// subscriber sees them, on a plain ws:// server; TLS, credentials and proxies are covered in tls.test.ts
// and proxy.test.ts.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import { ConnectionError, NotFoundError } from "../../src/errors.ts";
import { HTTP_DEBUG_CHANNEL, type HttpDebugEvent } from "../../src/http/debug.ts";
import { createRateLimiter } from "../../src/http/rate-limiter.ts";
import { createTransport } from "../../src/http/transport.ts";
import type { ServerWarning } from "../../src/http/warnings.ts";
import { openWebSocket, type WebSocketContext } from "../../src/http/websocket.ts";
import { connection, fakeCredentials, json, startServer, type TestServer } from "./helpers.ts";

let server: TestServer;
let wss: WebSocketServer;
let upgrades: { url: string; headers: IncomingMessage["headers"] }[];
/** Whether the upgrade being answered gets `Warning` headers on its 101 (paths starting with /warn). */
let warnOnUpgrade = false;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  server = await startServer((_req, res) => json(res, 404, {}));
  wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has("v4.channel.k8s.io") ? "v4.channel.k8s.io" : false),
  });
  // The 101's headers, as the API server sends a deprecation warning with any answer (two header lines).
  wss.on("headers", (headers) => {
    if (warnOnUpgrade)
      headers.push('Warning: 299 - "example.com/v1beta1 Widget is deprecated"', 'Warning: 299 - "second"');
  });
  server.server.on("upgrade", (req: IncomingMessage, socket, head) => {
    upgrades.push({ url: req.url ?? "", headers: req.headers });
    warnOnUpgrade = req.url?.startsWith("/warn") === true;
    if (req.url?.startsWith("/missing")) {
      const body = "no such pod";
      const warning = req.url.includes("warn") ? `warning: 299 - "refused, and warned"\r\n` : "";
      socket.end(
        `HTTP/1.1 404 Not Found\r\ncontent-length: ${body.length}\r\n${warning}connection: close\r\n\r\n${body}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => ws.send("hello"));
  });
});

afterAll(async () => {
  wss.close();
  await server.close();
});

beforeAll(() => {
  upgrades = [];
});
afterEach(() => {
  upgrades = [];
  for (const socket of sockets.splice(0)) socket.terminate();
});

const context = (overrides: Partial<WebSocketContext> = {}): WebSocketContext => ({
  server: `${server.url}/`,
  tls: { insecureSkipTLSVerify: false },
  credentials: fakeCredentials(["token-1"]),
  headers: { "user-agent": "kr8s-test", "x-shared": "transport" },
  limiter: createRateLimiter({ qps: Infinity }),
  proxyUrl: undefined,
  connectTimeoutMs: 10_000,
  tlsHandshakeTimeoutMs: 10_000,
  onWarning: () => undefined,
  ...overrides,
});

describe("WebSocket upgrade", () => {
  it("requests the path and query on ws:// for an http server, offering the subprotocols in order", async () => {
    const { socket, protocol } = await openWebSocket(context(), "/api/v1/namespaces/ns/pods/web/exec", {
      query: { command: ["sh", "-c", "echo hi"], stdout: true, container: undefined },
      protocols: ["v5.channel.k8s.io", "v4.channel.k8s.io"],
    });
    sockets.push(socket);
    expect(protocol).toBe("v4.channel.k8s.io");
    expect(socket.url).toBe(
      `${server.url.replace("http:", "ws:")}/api/v1/namespaces/ns/pods/web/exec?command=sh&command=-c&command=echo+hi&stdout=true`,
    );
    expect(upgrades[0]?.headers["sec-websocket-protocol"]).toBe("v5.channel.k8s.io,v4.channel.k8s.io");
  });

  it("sends the transport's headers, overridden by the call's (whatever their case)", async () => {
    const { socket } = await openWebSocket(context(), "/x", {
      headers: { "X-Shared": "call", "X-Extra": "1" },
    });
    sockets.push(socket);
    const headers = upgrades[0]?.headers;
    expect(headers?.["x-shared"]).toBe("call");
    expect(headers?.["x-extra"]).toBe("1");
    expect(headers?.["user-agent"]).toBe("kr8s-test");
    expect(headers?.authorization).toBe("Bearer token-1");
    expect(headers?.["sec-websocket-extensions"]).toBeUndefined(); // no permessage-deflate, like kubectl
  });

  it("an upgrade refused without a Status is a typed error with client-go's synthesised Status", async () => {
    const error = (await openWebSocket(context(), "/missing").catch((e: unknown) => e)) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toMatchObject({ code: 404, reason: "NotFound" });
    expect(error.status.details?.causes?.[0]?.message).toBe("no such pod");
  });

  it("hands the 101's Warning headers to onWarning, each once, as a request's", async () => {
    const warnings: ServerWarning[] = [];
    const { socket } = await openWebSocket(
      context({ onWarning: (w) => warnings.push(w) }),
      "/warn/api/v1/namespaces/ns/pods/web/exec",
      { protocols: ["v4.channel.k8s.io"] },
    );
    sockets.push(socket);
    expect(warnings).toEqual([
      { code: 299, agent: "-", text: "example.com/v1beta1 Widget is deprecated" },
      { code: 299, agent: "-", text: "second" },
    ]);
  });

  it("hands a refused upgrade's Warning headers to onWarning before the error is thrown", async () => {
    const texts: string[] = [];
    const error = await openWebSocket(
      context({ onWarning: (w) => texts.push(w.text) }),
      "/missing-warn",
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(texts).toEqual(["refused, and warned"]);
  });

  it("a transport's openWebSocket reports the upgrade's warnings to the transport's onWarning", async () => {
    const texts: string[] = [];
    const t = createTransport(connection(server.url), { onWarning: (w) => texts.push(w.text) });
    try {
      const { socket } = await t.openWebSocket("/warn/attach", { protocols: ["v4.channel.k8s.io"] });
      sockets.push(socket);
      const quiet = await t.openWebSocket("/attach", { protocols: ["v4.channel.k8s.io"] });
      sockets.push(quiet.socket);
    } finally {
      await t.close();
    }
    expect(texts).toEqual(["example.com/v1beta1 Widget is deprecated", "second"]);
  });

  it("an already aborted signal rejects with its reason without connecting", async () => {
    const reason = new Error("user pressed ctrl-c");
    await expect(openWebSocket(context(), "/x", { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(upgrades).toEqual([]);
  });

  it("an unreachable server is a ConnectionError naming the server and the path", async () => {
    const error = (await openWebSocket(context({ server: "http://127.0.0.1:1" }), "/api/v1/x").catch(
      (e: unknown) => e,
    )) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe(
      "cannot reach the API server at http://127.0.0.1:1: the connection was refused (GET /api/v1/x)",
    );
  });

  it("publishes the upgrade as a GET on http(s):// with its subprotocols, and the 101 answer", async () => {
    const events: HttpDebugEvent[] = [];
    const listener = (event: unknown): void => void events.push(event as HttpDebugEvent);
    subscribe(HTTP_DEBUG_CHANNEL, listener);
    try {
      const { socket } = await openWebSocket(context(), "/attach", { protocols: ["v4.channel.k8s.io"] });
      sockets.push(socket);
    } finally {
      unsubscribe(HTTP_DEBUG_CHANNEL, listener);
    }
    const [request, response] = events;
    expect(request).toMatchObject({
      type: "request",
      attempt: 1,
      method: "GET",
      url: `${server.url}/attach`,
    });
    expect(request?.type === "request" && request.headers["sec-websocket-protocol"]).toBe(
      "v4.channel.k8s.io",
    );
    expect(response).toMatchObject({
      type: "response",
      id: request?.id,
      statusCode: 101,
      headers: { "sec-websocket-protocol": "v4.channel.k8s.io" },
    });
  });
});
