/**
 * How a socket to the API server is opened, for requests (undici) and WebSocket upgrades (ws) alike: TCP
 * (direct, or through an http://, https:// or socks5:// proxy), then TLS with the cluster's settings. Like
 * client-go's transport, the TCP connect and the TLS handshake have separate timeouts (30 s and 10 s).
 */
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import type { Socket } from "node:net";
import { checkServerIdentity, connect as tlsConnect } from "node:tls";
import type { PeerCertificate, TLSSocket } from "node:tls";
import { buildConnector } from "undici";
import { ConnectionError } from "../errors.ts";

/** TLS options in the shape of `tls.connect()`, shared by the dispatcher and the WebSocket client. */
export interface TlsConnectOptions {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
  /** `tls-server-name`: the name sent for SNI and verified in the certificate (an IP is verified, not sent). */
  servername?: string;
}

/** What {@link createConnector} needs. */
export interface ConnectorOptions {
  /** TLS to the API server (used for https targets). */
  tls: TlsConnectOptions;
  /** `http://`, `https://`, `socks5://` or `socks5h://` proxy URL, or undefined for direct connections. */
  proxyUrl?: string | undefined;
  /** TCP connect to the server or the proxy, proxy handshake included (client-go's dialer: 30 s). */
  connectTimeoutMs: number;
  /** TLS handshake with the API server (client-go's `TLSHandshakeTimeout`: 10 s). */
  tlsHandshakeTimeoutMs: number;
}

/** Where to connect: what undici passes to a connector, and what the WebSocket client passes too. */
export interface ConnectTarget {
  hostname: string;
  /** `https:` (or `wss:`) for TLS, anything else for plain TCP. */
  protocol: string;
  port: string | number;
}

/** A function that opens one connection; undici's `connect` option and ws's `createConnection` take it. */
export type Connector = (target: ConnectTarget, callback: buildConnector.Callback) => void;

/** client-go's dialer timeout. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;
/** client-go's `TLSHandshakeTimeout` (k8s.io/client-go/transport/cache.go). */
export const DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/** The proxy URL as messages show it: scheme, user and host; never the password. */
function shownProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.username ? `${proxy.username}@` : ""}${proxy.host}`;
}

function credentialsRefused(proxy: URL, detail: string): ConnectionError {
  const shown = shownProxy(proxy);
  const given = proxy.username !== "" || proxy.password !== "";
  return new ConnectionError(
    given
      ? `the proxy ${shown} refused the credentials in its URL (${detail})`
      : `the proxy ${shown} requires credentials (${detail})`,
    {
      url: shown,
      suggestions: [
        `put the proxy's user and password in its URL, ${proxy.protocol}//user:password@${proxy.host} (proxy-url in the kubeconfig, or HTTPS_PROXY / HTTP_PROXY)`,
      ],
    },
  );
}

function tunnelRefused(proxy: URL, target: string, detail: string): ConnectionError {
  const shown = shownProxy(proxy);
  return new ConnectionError(`the proxy ${shown} refused to connect to ${target} (${detail})`, {
    url: shown,
    suggestions: ["check that the proxy allows connections to the API server's host and port"],
  });
}

type Tcp = (host: string, port: number) => Promise<Socket>;

function tcpOpener(timeoutMs: number): Tcp {
  const connect = buildConnector({ timeout: timeoutMs });
  return (host, port) =>
    new Promise((resolve, reject) => {
      connect({ hostname: host, host, protocol: "http:", port: String(port) }, (error, socket) => {
        if (error) reject(error);
        else resolve(socket);
      });
    });
}

/** HTTP CONNECT through an http:// or https:// proxy (TLS to the proxy only for https://). */
async function connectTunnel(
  proxy: URL,
  host: string,
  port: number,
  options: ConnectorOptions,
): Promise<Socket> {
  const secure = proxy.protocol === "https:";
  const target = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  const headers: Record<string, string> = { host: target };
  if (proxy.username || proxy.password) {
    const user = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    headers["proxy-authorization"] = `Basic ${Buffer.from(user).toString("base64")}`;
  }
  const proxyHost = stripBrackets(proxy.hostname);
  const common = {
    host: proxyHost,
    port: Number(proxy.port) || (secure ? 443 : 80),
    method: "CONNECT",
    path: target,
    headers,
    agent: false as const,
  };
  // As in Go's transport, an https proxy is verified with the cluster's CA and skip-verify setting (the
  // client certificate is for the API server only, so it is not offered); Node sends no SNI for an IP.
  // Loaded on the first proxied connection only: most CLI runs never need them (bench/cli-startup.ts).
  const request = secure
    ? (await import("node:https")).request({
        ...common,
        rejectUnauthorized: options.tls.rejectUnauthorized,
        ...(options.tls.ca ? { ca: options.tls.ca } : {}),
      })
    : (await import("node:http")).request(common);
  return new Promise((resolve, reject) => {
    request.setTimeout(options.connectTimeoutMs, () =>
      request.destroy(
        Object.assign(new Error(`the proxy ${shownProxy(proxy)} did not answer CONNECT in time`), {
          code: "ETIMEDOUT",
        }),
      ),
    );
    request.once("error", reject);
    request.once("connect", (response: IncomingMessage, socket: Socket, head: Buffer) => {
      request.setTimeout(0);
      const status = `${response.statusCode} ${response.statusMessage ?? ""}`.trim();
      if (response.statusCode !== 200) {
        socket.destroy();
        reject(
          response.statusCode === 407
            ? credentialsRefused(proxy, status)
            : tunnelRefused(proxy, target, status),
        );
        return;
      }
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    request.end();
  });
}

/** SOCKS5 CONNECT; the host name goes to the proxy unresolved (like Go for socks5:// and socks5h://). */
async function socksTunnel(proxy: URL, host: string, port: number, tcp: Tcp): Promise<Socket> {
  const proxyHost = stripBrackets(proxy.hostname);
  const proxyPort = Number(proxy.port) || 1080;
  // Our own TCP connect keeps the connect timeout and Node's error codes (retries look at them).
  const socket = await tcp(proxyHost, proxyPort);
  // From the default export (socks is CommonJS): where core is bundled with socks (the kr8s binary), esbuild's
  // dynamic import of it has no other.
  const { SocksClient } = (await import("socks")).default;
  try {
    const { socket: tunnel } = await SocksClient.createConnection({
      proxy: {
        host: proxyHost,
        port: proxyPort,
        type: 5,
        ...(proxy.username || proxy.password
          ? { userId: decodeURIComponent(proxy.username), password: decodeURIComponent(proxy.password) }
          : {}),
      },
      command: "connect",
      destination: { host, port },
      existing_socket: socket,
    });
    return tunnel;
  } catch (error) {
    socket.destroy();
    // The library's error carries its options, the proxy password among them: keep only the message.
    const message = error instanceof Error ? error.message : String(error);
    if (/authentication/i.test(message)) throw credentialsRefused(proxy, message);
    throw tunnelRefused(proxy, `${host}:${port}`, message);
  }
}

function handshakeTimeout(timeoutMs: number): Error {
  return Object.assign(new Error(`TLS handshake timed out after ${timeoutMs} ms`), {
    code: "ERR_TLS_HANDSHAKE_TIMEOUT",
  });
}

/**
 * TLS to the API server over an open stream, failing after `timeoutMs` without a completed handshake.
 * SNI is `tls-server-name`, else the URL's host, and never an IP (RFC 6066; Node warns with DEP0123 and
 * Go's crypto/tls leaves it out); a `tls-server-name` that is an IP is still what the certificate is
 * verified against.
 */
function startTls(
  socket: Socket,
  host: string,
  options: TlsConnectOptions,
  timeoutMs: number,
): Promise<TLSSocket> {
  const { servername: configured, ...tls } = options;
  const name = configured ? stripBrackets(configured) : host;
  const verify =
    configured && isIP(name)
      ? { checkServerIdentity: (_host: string, cert: PeerCertificate) => checkServerIdentity(name, cert) }
      : {};
  return new Promise((resolve, reject) => {
    const secured = tlsConnect({
      ...tls,
      ...verify,
      socket,
      host,
      ...(isIP(name) ? {} : { servername: name }),
      ALPNProtocols: ["http/1.1"],
    });
    const timer = setTimeout(() => secured.destroy(handshakeTimeout(timeoutMs)), timeoutMs);
    const onError = (error: Error): void => {
      clearTimeout(timer);
      reject(error);
    };
    secured.once("error", onError);
    secured.once("secureConnect", () => {
      clearTimeout(timer);
      secured.off("error", onError);
      resolve(secured);
    });
  });
}

function parseProxyUrl(value: string): URL {
  try {
    return new URL(value);
  } catch {
    // Node's error carries the input, which may hold the proxy's password: not even as a cause.
    throw new ConnectionError("the proxy URL is not a valid URL", {
      suggestions: ["check proxy-url in the kubeconfig, or HTTPS_PROXY / HTTP_PROXY"],
    });
  }
}

/**
 * A connector for one API server: direct or through the proxy, then TLS for https targets.
 * @throws (through the callback) ConnectionError when a proxy refuses the tunnel (407: the credentials) or
 *   its scheme is not http, https, socks5 or socks5h; Node/undici errors for network failures
 */
export function createConnector(options: ConnectorOptions): Connector {
  const proxy = options.proxyUrl ? parseProxyUrl(options.proxyUrl) : undefined;
  const tcp = tcpOpener(options.connectTimeoutMs);

  const open = (host: string, port: number): Promise<Socket> => {
    if (!proxy) return tcp(host, port);
    switch (proxy.protocol) {
      case "http:":
      case "https:":
        return connectTunnel(proxy, host, port, options);
      case "socks5:":
      case "socks5h:":
        return socksTunnel(proxy, host, port, tcp);
      default:
        return Promise.reject(
          new ConnectionError(`unsupported proxy scheme ${proxy.protocol} in ${shownProxy(proxy)}`, {
            url: shownProxy(proxy),
            suggestions: ["use an http://, https:// or socks5:// proxy URL (proxy-url, HTTPS_PROXY)"],
          }),
        );
    }
  };

  return (target, callback) => {
    const host = stripBrackets(target.hostname);
    const secure = target.protocol === "https:" || target.protocol === "wss:";
    const port = Number(target.port) || (secure ? 443 : 80);
    open(host, port).then(
      (socket) => {
        if (!secure) {
          callback(null, socket);
          return;
        }
        startTls(socket, host, options.tls, options.tlsHandshakeTimeoutMs).then(
          (secured) => callback(null, secured),
          (error: Error) => {
            socket.destroy();
            callback(error, null);
          },
        );
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };
}
