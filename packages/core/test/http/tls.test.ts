import type { IncomingMessage } from "node:http";
import { createSecureServer } from "node:http2";
import { createServer as createTcpServer } from "node:net";
import type { AddressInfo, Server, Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { WebSocketServer } from "ws";
import type { WebSocket } from "ws";
import { ConnectionError, ForbiddenError, UnauthorizedError } from "../../src/errors.ts";
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS } from "../../src/http/connector.ts";
import { DispatcherPool } from "../../src/http/dispatcher-pool.ts";
import { createTransport } from "../../src/http/transport.ts";
import type { Certs, TestServer } from "./helpers.ts";
import { connection, fakeCredentials, json, makeCerts, startServer } from "./helpers.ts";

let certs: Certs;
let server: TestServer;
let named: TestServer;
const pool = new DispatcherPool();

function peerCn(req: IncomingMessage): string | null {
  const cert = (req.socket as TLSSocket).getPeerCertificate();
  const cn = cert?.subject?.CN;
  return typeof cn === "string" ? cn : null;
}

beforeAll(async () => {
  certs = makeCerts();
  const tls = {
    key: certs.serverKey,
    cert: certs.serverCert,
    ca: certs.ca,
    requestCert: true,
    rejectUnauthorized: false,
  };
  server = await startServer(
    (req, res) => json(res, 200, { cn: peerCn(req), auth: req.headers.authorization ?? null }),
    tls,
  );
  named = await startServer((_req, res) => json(res, 200, { ok: true }), {
    key: certs.namedKey,
    cert: certs.namedCert,
  });
});
afterAll(async () => {
  await pool.close();
  await server.close();
  await named.close();
  certs.cleanup();
});

const noRetry = { maxRetries: 0 };

// Node prints DEP0123 once per process: listen from the first connection of this file on, so that a TLS
// connection of any test that sent an IP as SNI shows up here.
const warnings: Error[] = [];
process.on("warning", (warning) => warnings.push(warning));

describe("TLS", () => {
  it("verifies the server against the configured CA", async () => {
    const t = createTransport(
      connection(server.url, { tls: { ca: certs.ca, insecureSkipTLSVerify: false } }),
      { pool },
    );
    await expect(t.request({ path: "/version" })).resolves.toMatchObject({ statusCode: 200 });
    await t.close();
  });

  it("a wrong CA → ConnectionError suggesting certificate-authority / insecure-skip-tls-verify", async () => {
    const t = createTransport(
      connection(server.url, { tls: { ca: certs.otherCa, insecureSkipTLSVerify: false } }),
      {
        pool,
        retry: noRetry,
      },
    );
    const error = (await t.request({ path: "/version" }).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain(server.url);
    expect(error.suggestions.join("\n")).toContain("certificate-authority");
    expect(error.suggestions.join("\n")).toContain("insecure-skip-tls-verify");
    await t.close();
  });

  it("insecureSkipTLSVerify connects without the CA", async () => {
    const t = createTransport(connection(server.url, { tls: { insecureSkipTLSVerify: true } }), { pool });
    await expect(t.request({ path: "/version" })).resolves.toMatchObject({ statusCode: 200 });
    await t.close();
  });

  it("tls-server-name verifies a certificate issued for another name", async () => {
    const bad = createTransport(
      connection(named.url, { tls: { ca: certs.ca, insecureSkipTLSVerify: false } }),
      {
        pool,
        retry: noRetry,
      },
    );
    await expect(bad.request({ path: "/" })).rejects.toBeInstanceOf(ConnectionError);
    const good = createTransport(
      connection(named.url, {
        tls: { ca: certs.ca, insecureSkipTLSVerify: false, serverName: "kube.internal" },
      }),
      { pool },
    );
    await expect(good.request({ path: "/" })).resolves.toMatchObject({ body: { ok: true } });
    await Promise.all([bad.close(), good.close()]);
  });

  it("presents the client certificate (mTLS)", async () => {
    const credentials = fakeCredentials([], {
      clientCertificate: certs.clientCert,
      clientKey: certs.clientKey,
    });
    const t = createTransport(
      connection(server.url, { tls: { ca: certs.ca, insecureSkipTLSVerify: false }, credentials }),
      { pool },
    );
    const { body } = await t.request<{ cn: string | null; auth: string | null }>({ path: "/" });
    expect(body).toEqual({ cn: "alice", auth: null });
    await t.close();
  });
});

describe("tls-server-name set to an IP address", () => {
  let ipServer: TestServer;
  let wss: WebSocketServer;
  beforeAll(async () => {
    ipServer = await startServer((_req, res) => json(res, 200, { ok: true }), {
      key: certs.ipKey,
      cert: certs.ipCert,
    });
    wss = new WebSocketServer({ server: ipServer.server as never });
    wss.on("connection", (ws) => ws.send("hello"));
  });
  afterAll(async () => {
    wss.close();
    await ipServer.close();
  });

  const withServerName = (serverName: string): ReturnType<typeof createTransport> =>
    createTransport(
      connection(ipServer.url, { tls: { ca: certs.ca, insecureSkipTLSVerify: false, serverName } }),
      { pool, retry: noRetry },
    );

  it("verifies the certificate against that IP, for requests and WebSockets, with no DEP0123 warning", async () => {
    const t = withServerName("10.9.9.9");
    await expect(t.request({ path: "/" })).resolves.toMatchObject({ body: { ok: true } });
    const { socket } = await t.openWebSocket("/");
    expect(await new Promise((resolve) => socket.once("message", (d: Buffer) => resolve(String(d))))).toBe(
      "hello",
    );
    socket.close();
    await t.close();
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });

  it("a certificate not issued for that IP fails verification (requests and WebSockets)", async () => {
    const t = withServerName("10.9.9.8");
    for (const attempt of [() => t.request({ path: "/" }), () => t.openWebSocket("/")]) {
      const error = (await attempt().catch((e: unknown) => e)) as ConnectionError;
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error.message).toMatch(
        /cannot verify the TLS certificate.*IP: 10\.9\.9\.8 is not in the cert's list/,
      );
    }
    await t.close();
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });
});

describe("TLS handshake timeout", () => {
  let stalled: Server;
  let url: string;
  const accepted: Socket[] = [];
  beforeAll(async () => {
    // Accepts TCP and never answers the ClientHello: the handshake stalls, the connect does not.
    stalled = createTcpServer((socket) => {
      accepted.push(socket);
      socket.on("error", () => undefined);
    });
    await new Promise<void>((resolve) => stalled.listen(0, "127.0.0.1", resolve));
    url = `https://127.0.0.1:${(stalled.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of accepted) s.destroy();
    await new Promise<void>((resolve) => stalled.close(() => resolve()));
  });

  it("defaults to client-go's 10 s, apart from the 30 s TCP connect timeout", () => {
    expect(DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS).toBe(10_000);
    expect(DEFAULT_CONNECT_TIMEOUT_MS).toBe(30_000);
  });

  it("by default a stalled handshake fails at 10 s and not before (requests and WebSockets; fake clock)", async () => {
    const local = new DispatcherPool();
    const t = createTransport(connection(url, { tls: { ca: certs.ca, insecureSkipTLSVerify: false } }), {
      pool: local,
      retry: noRetry,
    });
    const flush = async (): Promise<void> => {
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      for (const attempt of [() => t.request({ path: "/" }), () => t.openWebSocket("/")]) {
        // The ClientHello reaching the server means the handshake (and its timer) has started.
        const hello = new Promise((resolve) =>
          stalled.once("connection", (socket: Socket) => socket.once("data", resolve)),
        );
        let settled = false;
        const outcome = attempt()
          .catch((e: unknown) => e)
          .finally(() => (settled = true));
        await hello;
        vi.advanceTimersByTime(9_999);
        await flush();
        expect(settled).toBe(false);
        vi.advanceTimersByTime(1);
        const error = (await outcome) as ConnectionError;
        expect(error).toBeInstanceOf(ConnectionError);
        expect(error.message).toContain("TLS handshake timed out after 10000 ms");
      }
    } finally {
      vi.useRealTimers();
      await local.close();
    }
  });

  it("a stalled handshake fails after tlsHandshakeTimeoutMs with a ConnectionError saying so", async () => {
    const t = createTransport(connection(url, { tls: { ca: certs.ca, insecureSkipTLSVerify: false } }), {
      pool,
      retry: noRetry,
      tlsHandshakeTimeoutMs: 150,
    });
    for (const attempt of [() => t.request({ path: "/" }), () => t.openWebSocket("/")]) {
      const error = (await attempt().catch((e: unknown) => e)) as ConnectionError;
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error.message).toContain(
        `TLS handshake with the API server at ${url} failed: TLS handshake timed out after 150 ms`,
      );
    }
    await t.close();
  });
});

describe("HTTP version", () => {
  it("speaks HTTP/1.1 even to a server that offers HTTP/2 through ALPN", async () => {
    const h2 = createSecureServer(
      { key: certs.serverKey, cert: certs.serverCert, allowHTTP1: true },
      (req, res) => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ version: req.httpVersion }));
      },
    );
    await new Promise<void>((resolve) => h2.listen(0, "127.0.0.1", resolve));
    const url = `https://127.0.0.1:${(h2.address() as AddressInfo).port}`;
    const local = new DispatcherPool();
    try {
      const conn = connection(url, { tls: { ca: certs.ca, insecureSkipTLSVerify: false } });
      const t = createTransport(conn, { pool: local });
      expect((await t.request<{ version: string }>({ path: "/" })).body.version).toBe("1.1");
    } finally {
      await local.close();
      await new Promise<void>((resolve) => h2.close(() => resolve()));
    }
  });
});

describe("dispatcher pool", () => {
  it("reuses one dispatcher for the same config and separates client certificates", async () => {
    const local = new DispatcherPool();
    const tls = { ca: certs.ca, insecureSkipTLSVerify: false };
    const a = local.acquire({
      server: server.url,
      tls,
      clientCertificate: certs.clientCert,
      clientKey: certs.clientKey,
    });
    const b = local.acquire({
      server: `${server.url}/`,
      tls: { ...tls },
      clientCertificate: certs.clientCert,
      clientKey: certs.clientKey,
    });
    const c = local.acquire({
      server: server.url,
      tls,
      clientCertificate: certs.client2Cert,
      clientKey: certs.client2Key,
    });
    expect(b.dispatcher).toBe(a.dispatcher);
    expect(c.dispatcher).not.toBe(a.dispatcher);
    expect(local.size).toBe(2);
    await local.release(a.key);
    expect(local.size).toBe(2);
    await local.release(b.key);
    expect(local.size).toBe(1);
    await local.close();
    expect(local.size).toBe(0);
  });

  it("two transports for the same cluster share connections; closing both frees them", async () => {
    const local = new DispatcherPool();
    const conn = connection(server.url, { tls: { ca: certs.ca, insecureSkipTLSVerify: false } });
    const t1 = createTransport(conn, { pool: local });
    const t2 = createTransport({ ...conn }, { pool: local });
    await t1.request({ path: "/" });
    await t2.request({ path: "/" });
    expect(local.size).toBe(1);
    await t1.close();
    expect(local.size).toBe(1);
    await t2.close();
    expect(local.size).toBe(0);
  });

  it("a rotated client certificate gets a new connection presenting the new identity", async () => {
    let cert = { clientCertificate: certs.clientCert, clientKey: certs.clientKey };
    let generation = 1;
    const credentials = {
      id: "rotating",
      get: () => Promise.resolve({ ...cert, generation }),
      invalidate: () => false,
    };
    const local = new DispatcherPool();
    const t = createTransport(
      connection(server.url, { tls: { ca: certs.ca, insecureSkipTLSVerify: false }, credentials }),
      {
        pool: local,
      },
    );
    expect((await t.request<{ cn: string }>({ path: "/" })).body.cn).toBe("alice");
    cert = { clientCertificate: certs.client2Cert, clientKey: certs.client2Key };
    generation = 2;
    expect((await t.request<{ cn: string }>({ path: "/" })).body.cn).toBe("bob");
    await t.close();
    expect(local.size).toBe(0);
  });
});

describe("WebSocket", () => {
  let wsServer: TestServer;
  let wss: WebSocketServer;
  const seen: { auth?: string | undefined; group?: string | string[] | undefined }[] = [];

  beforeAll(async () => {
    const tls = {
      key: certs.serverKey,
      cert: certs.serverCert,
      ca: certs.ca,
      requestCert: true,
      rejectUnauthorized: false,
    };
    wsServer = await startServer((_req, res) => json(res, 404, {}), tls);
    wss = new WebSocketServer({
      noServer: true,
      handleProtocols: (protocols) => (protocols.has("v5.channel.k8s.io") ? "v5.channel.k8s.io" : false),
    });
    wsServer.server.on("upgrade", (req: IncomingMessage, socket, head) => {
      seen.push({ auth: req.headers.authorization, group: req.headers["impersonate-group"] });
      const reject = (code: number, reason: string, message: string): void => {
        const body = JSON.stringify({
          kind: "Status",
          apiVersion: "v1",
          status: "Failure",
          code,
          reason,
          message,
        });
        socket.end(
          `HTTP/1.1 ${code} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
        );
      };
      if (req.url?.includes("forbidden"))
        return reject(403, "Forbidden", 'pods "web" is forbidden: cannot exec');
      if (req.headers.authorization !== "Bearer good" && peerCn(req) === null)
        return reject(401, "Unauthorized", "Unauthorized");
      wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
        ws.send(JSON.stringify({ cn: peerCn(req), url: req.url, protocol: ws.protocol }));
      });
    });
  });
  afterAll(async () => {
    wss.close();
    await wsServer.close();
  });
  afterEach(() => {
    seen.length = 0;
  });

  const firstMessage = (ws: WebSocket): Promise<Record<string, unknown>> =>
    new Promise((resolve) =>
      ws.once("message", (data: Buffer) => resolve(JSON.parse(String(data)) as Record<string, unknown>)),
    );

  it("negotiates the subprotocol and sends the bearer token (reauth once on a 401 handshake)", async () => {
    const credentials = fakeCredentials(["stale", "good"]);
    const t = createTransport(
      connection(wsServer.url, {
        tls: { ca: certs.ca, insecureSkipTLSVerify: false },
        credentials,
        impersonate: { groups: ["a", "b"] },
      }),
      { pool },
    );
    const { socket, protocol } = await t.openWebSocket("/api/v1/namespaces/default/pods/web/exec", {
      query: { command: ["sh", "-c", "date"], stdout: true },
      protocols: ["v5.channel.k8s.io", "v4.channel.k8s.io"],
    });
    expect(protocol).toBe("v5.channel.k8s.io");
    const message = await firstMessage(socket);
    expect(message.url).toBe(
      "/api/v1/namespaces/default/pods/web/exec?command=sh&command=-c&command=date&stdout=true",
    );
    socket.close();
    expect(seen.map((s) => s.auth)).toEqual(["Bearer stale", "Bearer good"]);
    expect(seen[0]?.group).toBe("a, b");
    expect(credentials.refreshes).toBe(1);
  });

  it("presents the client certificate", async () => {
    const credentials = fakeCredentials([], {
      clientCertificate: certs.clientCert,
      clientKey: certs.clientKey,
    });
    const t = createTransport(
      connection(wsServer.url, { tls: { ca: certs.ca, insecureSkipTLSVerify: false }, credentials }),
      {
        pool,
      },
    );
    const { socket } = await t.openWebSocket("/exec", { protocols: ["v5.channel.k8s.io"] });
    expect(await firstMessage(socket)).toMatchObject({ cn: "alice" });
    socket.close();
  });

  it("a refused handshake → typed error with the server's Status", async () => {
    const t = createTransport(
      connection(wsServer.url, {
        tls: { ca: certs.ca, insecureSkipTLSVerify: false },
        credentials: fakeCredentials(["good"]),
      }),
      {
        pool,
      },
    );
    const error = (await t.openWebSocket("/forbidden").catch((e: unknown) => e)) as ForbiddenError;
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toContain("cannot exec");
    await expect(
      createTransport(
        connection(wsServer.url, {
          tls: { ca: certs.ca, insecureSkipTLSVerify: false },
          credentials: fakeCredentials(["bad"]),
        }),
        {
          pool,
        },
      ).openWebSocket("/exec"),
    ).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it("a wrong CA → ConnectionError with the TLS suggestion", async () => {
    const t = createTransport(
      connection(wsServer.url, { tls: { ca: certs.otherCa, insecureSkipTLSVerify: false } }),
      { pool },
    );
    const error = (await t.openWebSocket("/exec").catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.suggestions.join("\n")).toContain("certificate-authority");
  });

  it("abort before the handshake completes rejects with the reason", async () => {
    const t = createTransport(
      connection(wsServer.url, {
        tls: { ca: certs.ca, insecureSkipTLSVerify: false },
        credentials: fakeCredentials(["good"]),
      }),
      {
        pool,
      },
    );
    const reason = new Error("cancelled");
    await expect(t.openWebSocket("/exec", { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
});
