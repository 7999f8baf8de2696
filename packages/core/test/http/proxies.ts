/**
 * Local proxies for tests, on 127.0.0.1 port 0: an HTTP CONNECT proxy (plain or TLS, optionally asking for
 * Basic credentials) and a SOCKS5 proxy (@pondwader/socks5-server, optionally with user/password). Each
 * records where it was asked to connect, so a test can tell that traffic really went through it.
 */
import { createServer as createHttpServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { connect as tcpConnect, createServer as createTcpServer } from "node:net";
import type { AddressInfo, Server, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { createServer as createSocksServer, defaultConnectionHandler } from "@pondwader/socks5-server";

export interface TestProxy {
  /** `http://127.0.0.1:port`, `https://…` or `socks5://…` (no credentials in it). */
  url: string;
  /** `host:port` of every tunnel asked for, in order. */
  readonly tunnels: string[];
  /** `Proxy-Authorization` headers (CONNECT) or `user:password` pairs (SOCKS5) received. */
  readonly credentials: string[];
  close(): Promise<void>;
}

interface Credentials {
  username: string;
  password: string;
}

function listen(
  server: Server,
  scheme: string,
  sockets: Set<Duplex>,
  record: Omit<TestProxy, "url" | "close">,
) {
  return new Promise<TestProxy>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({
        url: `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`,
        ...record,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * An HTTP CONNECT proxy. With `tls` it speaks TLS to its clients (an https:// proxy); with `credentials`
 * it answers 407 unless the request carries them as Basic `Proxy-Authorization`; with `upstreamHost` it
 * connects every tunnel to that host (at the asked port), so names that resolve nowhere still work.
 */
export function startConnectProxy(
  options: { tls?: { key: string; cert: string }; credentials?: Credentials; upstreamHost?: string } = {},
): Promise<TestProxy> {
  const tunnels: string[] = [];
  const credentials: string[] = [];
  const sockets = new Set<Duplex>();
  const refuse = (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(405).end();
  };
  const server = options.tls ? createHttpsServer(options.tls, refuse) : createHttpServer(refuse);
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on("error", () => client.destroy());
    const auth = req.headers["proxy-authorization"];
    if (auth) credentials.push(auth);
    const expected = options.credentials
      ? `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString("base64")}`
      : undefined;
    if (expected && auth !== expected) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    tunnels.push(req.url ?? "");
    const url = new URL(`tcp://${req.url ?? ""}`);
    const host = options.upstreamHost ?? url.hostname.replace(/^\[(.*)\]$/, "$1");
    const upstream = tcpConnect(Number(url.port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
  });
  return listen(server, options.tls ? "https" : "http", sockets, { tunnels, credentials });
}

/** A SOCKS5 proxy; with `credentials` it requires user/password authentication (RFC 1929). */
export function startSocksProxy(options: { credentials?: Credentials } = {}): Promise<TestProxy> {
  const tunnels: string[] = [];
  const credentials: string[] = [];
  const sockets = new Set<Duplex>();
  const socks = createSocksServer(options.credentials ? { auth: options.credentials } : {});
  if (options.credentials) {
    const { username, password } = options.credentials;
    socks.setAuthHandler((conn) => {
      credentials.push(`${conn.username}:${conn.password}`);
      return conn.username === username && conn.password === password;
    });
  }
  socks.setConnectionHandler((conn, sendStatus) => {
    tunnels.push(`${conn.destAddress}:${conn.destPort}`);
    const upstream = defaultConnectionHandler(conn, sendStatus);
    if (upstream) sockets.add(upstream);
  });
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => socket.destroy());
    socks._handleConnection(socket);
  });
  return listen(server, "socks5", sockets, { tunnels, credentials });
}
