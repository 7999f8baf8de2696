import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { DispatcherPool } from "../../src/http/dispatcher-pool.ts";
import { resolveProxy, shouldProxy } from "../../src/http/proxy.ts";
import { createTransport } from "../../src/http/transport.ts";
import type { Certs, TestServer } from "./helpers.ts";
import { connection, json, makeCerts, startServer } from "./helpers.ts";

describe("resolveProxy (Go's ProxyFromEnvironment rules)", () => {
  const target = new URL("https://api.corp.example:6443");
  it("an explicit proxy-url wins, even for loopback", () => {
    expect(
      resolveProxy(new URL("https://127.0.0.1:6443"), "http://proxy:3128", { HTTPS_PROXY: "http://other:1" }),
    ).toBe("http://proxy:3128");
  });
  it("HTTPS_PROXY for https servers, HTTP_PROXY for http ones, lower case too", () => {
    expect(resolveProxy(target, undefined, { HTTPS_PROXY: "http://p:1", HTTP_PROXY: "http://q:2" })).toBe(
      "http://p:1",
    );
    expect(
      resolveProxy(new URL("http://api.corp.example"), undefined, {
        HTTPS_PROXY: "http://p:1",
        http_proxy: "q:2",
      }),
    ).toBe("http://q:2");
    expect(resolveProxy(target, undefined, { https_proxy: "http://p:1" })).toBe("http://p:1");
    expect(resolveProxy(target, undefined, {})).toBeUndefined();
  });
  it("NO_PROXY: domains, subdomains, IPs, CIDRs, ports and *", () => {
    expect(shouldProxy(target, "corp.example")).toBe(false);
    expect(shouldProxy(target, ".corp.example")).toBe(false);
    expect(shouldProxy(target, "other.example, api.corp.example")).toBe(false);
    expect(shouldProxy(target, "api.corp.example:443")).toBe(true);
    expect(shouldProxy(target, "api.corp.example:6443")).toBe(false);
    expect(shouldProxy(target, "example.com")).toBe(true);
    expect(shouldProxy(target, "*")).toBe(false);
    expect(shouldProxy(new URL("https://10.1.2.3:6443"), "10.0.0.0/8")).toBe(false);
    expect(shouldProxy(new URL("https://10.1.2.3:6443"), "192.168.0.0/16")).toBe(true);
    expect(shouldProxy(new URL("https://[fd00::5]:6443"), "fd00::/8")).toBe(false);
    expect(
      resolveProxy(target, undefined, { HTTPS_PROXY: "http://p:1", NO_PROXY: "corp.example" }),
    ).toBeUndefined();
  });
  it("never sends localhost or loopback to an environment proxy (like kubectl)", () => {
    expect(shouldProxy(new URL("https://127.0.0.1:6443"), "")).toBe(false);
    expect(shouldProxy(new URL("https://localhost:6443"), "")).toBe(false);
    expect(shouldProxy(new URL("https://[::1]:6443"), "")).toBe(false);
  });
});

describe("through a CONNECT proxy", () => {
  let certs: Certs;
  let target: TestServer;
  let proxy: TestServer;
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const pool = new DispatcherPool();

  beforeAll(async () => {
    certs = makeCerts();
    target = await startServer((req, res) => json(res, 200, { path: req.url }), {
      key: certs.serverKey,
      cert: certs.serverCert,
    });
    const wss = new WebSocketServer({ server: target.server as never });
    wss.on("connection", (ws) => ws.send("hello"));
    const server = createServer((_req, res) => res.writeHead(405).end());
    server.on("connect", (req, client: Socket, head: Buffer) => {
      tunnels.push(req.url ?? "");
      const [host = "", port = ""] = (req.url ?? "").split(":");
      const upstream = connect(Number(port), host, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on("error", () => s.destroy());
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    proxy = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      server,
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          server.close(() => resolve());
        }),
    };
  });
  afterAll(async () => {
    await pool.close();
    await proxy.close();
    await target.close();
    certs.cleanup();
  });

  it("plain requests tunnel through proxy-url with end-to-end TLS to the server", async () => {
    const t = createTransport(
      connection(target.url, { tls: { ca: certs.ca, insecureSkipTLSVerify: false }, proxyUrl: proxy.url }),
      {
        pool,
      },
    );
    await expect(t.request({ path: "/api" })).resolves.toMatchObject({ body: { path: "/api" } });
    expect(tunnels).toContain(new URL(target.url).host);
  });

  it("WebSockets tunnel through proxy-url too", async () => {
    tunnels.length = 0;
    const t = createTransport(
      connection(target.url, { tls: { ca: certs.ca, insecureSkipTLSVerify: false }, proxyUrl: proxy.url }),
      {
        pool,
      },
    );
    const { socket } = await t.openWebSocket("/exec");
    const message = await new Promise<string>((resolve) =>
      socket.once("message", (data: Buffer) => resolve(String(data))),
    );
    expect(message).toBe("hello");
    socket.close();
    expect(tunnels).toEqual([new URL(target.url).host]);
  });
});
