/**
 * WebSockets to the API server (exec, attach, port-forward), with the transport's TLS settings, client
 * certificate, bearer token (reauth once on a 401 handshake), impersonation headers, rate limit and proxy.
 */
import { Agent as HttpAgent } from "node:http";
import type { ClientRequestArgs, IncomingMessage } from "node:http";
import { connect as netConnect, isIP } from "node:net";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { connect as tlsConnect } from "node:tls";
import WebSocket from "ws";
import type { CredentialSource, Credentials, TLSConfig } from "../config/types.ts";
import { ConnectionError, Kr8sError } from "../errors.ts";
import { newTrace, publishBetween, traceExchange } from "./debug.ts";
import { tlsConnectOptions } from "./dispatcher-pool.ts";
import { authorizationHeader } from "./headers.ts";
import type { TlsConnectOptions } from "./dispatcher-pool.ts";
import type { Query } from "./query.ts";
import { buildUrl } from "./query.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import { sendWithReauth } from "./reauth.ts";
import { connectionError, serverError, statusFromResponse } from "./response-errors.ts";

/** Options of `Transport.openWebSocket`. */
export interface OpenWebSocketOptions {
  query?: Query;
  /** Subprotocols to offer, most preferred first (e.g. `v5.channel.k8s.io`, `v4.channel.k8s.io`). */
  protocols?: readonly string[];
  headers?: Record<string, string | string[]>;
  signal?: AbortSignal;
}

/** An open WebSocket and the subprotocol the server chose ("" when none). */
export interface WebSocketConnection {
  socket: WebSocket;
  protocol: string;
}

/** What the transport shares with its WebSockets. */
export interface WebSocketContext {
  server: string;
  tls: TLSConfig;
  credentials: CredentialSource;
  headers: Record<string, string | string[]>;
  limiter: RateLimiter;
  proxyUrl: string | undefined;
  connectTimeoutMs: number;
}

type Outcome =
  { ok: true; connection: WebSocketConnection } | { ok: false; statusCode: number; body: Buffer };

/**
 * An http.Agent that reaches the target through an HTTP(S) proxy with CONNECT, then speaks TLS (or plain
 * TCP) to the target through the tunnel — what `ws` needs to honour `proxy-url` / `HTTPS_PROXY`.
 */
class TunnelAgent extends HttpAgent {
  readonly #proxy: URL;
  readonly #tls: TlsConnectOptions | undefined;
  readonly #timeoutMs: number;

  constructor(proxy: URL, tls: TlsConnectOptions | undefined, timeoutMs: number) {
    super({ keepAlive: false });
    // Node refuses an agent whose protocol differs from the request's; the tunnel carries either.
    if (tls) Object.assign(this, { protocol: "https:" });
    this.#proxy = proxy;
    this.#tls = tls;
    this.#timeoutMs = timeoutMs;
  }

  override createConnection(
    options: ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const host = (options.hostname ?? options.host ?? "localhost").replace(/^\[(.*)\]$/, "$1");
    const port = Number(options.port ?? (this.#tls ? 443 : 80));
    const proxyPort = Number(this.#proxy.port || (this.#proxy.protocol === "https:" ? 443 : 80));
    const proxyHost = this.#proxy.hostname.replace(/^\[(.*)\]$/, "$1");
    const socket: Socket =
      this.#proxy.protocol === "https:"
        ? tlsConnect({
            host: proxyHost,
            port: proxyPort,
            ...(isIP(proxyHost) ? {} : { servername: proxyHost }),
          })
        : netConnect({ host: proxyHost, port: proxyPort });
    socket.setTimeout(this.#timeoutMs);
    const fail = (error: Error): void => {
      socket.destroy();
      callback?.(error, socket);
    };
    socket.once("timeout", () =>
      fail(Object.assign(new Error("proxy CONNECT timed out"), { code: "ETIMEDOUT" })),
    );
    socket.once("error", fail);
    const target = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
    const auth =
      this.#proxy.username || this.#proxy.password
        ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(this.#proxy.username)}:${decodeURIComponent(this.#proxy.password)}`).toString("base64")}\r\n`
        : "";
    socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth}\r\n`);
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf("\r\n\r\n");
      if (end < 0) return;
      socket.off("data", onData);
      socket.off("error", fail);
      socket.setTimeout(0);
      const statusLine = buffered.subarray(0, buffered.indexOf("\r\n")).toString("latin1");
      const code = Number(statusLine.split(" ")[1]);
      if (code !== 200) {
        fail(Object.assign(new Error(`proxy refused CONNECT ${target}: ${statusLine}`), { code: "EPROXY" }));
        return;
      }
      const rest = buffered.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      if (!this.#tls) {
        callback?.(null, socket);
        return;
      }
      const servername = this.#tls.servername ?? (isIP(host) ? undefined : host);
      const secure = tlsConnect({ ...this.#tls, socket, ...(servername ? { servername } : {}) });
      callback?.(null, secure);
    };
    socket.on("data", onData);
    return undefined;
  }
}

function connectOnce(
  context: WebSocketContext,
  url: URL,
  protocols: readonly string[],
  headers: Record<string, string | string[]>,
  tls: TlsConnectOptions,
  signal: AbortSignal | undefined,
): Promise<Outcome> {
  return new Promise<Outcome>((resolve, reject) => {
    const secure = url.protocol === "wss:";
    const agent = context.proxyUrl
      ? new TunnelAgent(new URL(context.proxyUrl), secure ? tls : undefined, context.connectTimeoutMs)
      : undefined;
    const socket = new WebSocket(url, [...protocols], {
      headers: headers as Record<string, string>,
      ...(secure ? tls : {}),
      handshakeTimeout: context.connectTimeoutMs,
      perMessageDeflate: false,
      followRedirects: false,
      ...(agent ? { agent } : {}),
    });
    let settled = false;
    const done = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      socket.off("open", onOpen);
      socket.off("unexpected-response", onUnexpected);
      fn();
    };
    const onAbort = (): void => {
      done(() => reject(signal?.reason as Error));
      socket.terminate();
    };
    const onOpen = (): void => {
      socket.off("error", onError);
      done(() => resolve({ ok: true, connection: { socket, protocol: socket.protocol } }));
    };
    const onError = (error: Error): void => done(() => reject(error));
    const onUnexpected = (request: unknown, response: IncomingMessage): void => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", () => undefined);
      response.on("end", () => {
        done(() => resolve({ ok: false, statusCode: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
        (request as { destroy(): void }).destroy();
        socket.terminate();
      });
    };
    // Errors after the handshake belong to the caller; until then they reject.
    socket.on("error", onError);
    socket.on("open", onOpen);
    socket.on("unexpected-response", onUnexpected);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Open a WebSocket; see `Transport.openWebSocket`. */
export async function openWebSocket(
  context: WebSocketContext,
  path: string,
  options: OpenWebSocketOptions = {},
): Promise<WebSocketConnection> {
  const { signal } = options;
  if (signal?.aborted) throw signal.reason;
  const url = buildUrl(context.server, path, options.query);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const httpUrl = new URL(url);
  httpUrl.protocol = url.protocol === "wss:" ? "https:" : "http:";
  if (context.proxyUrl && !/^https?:/i.test(context.proxyUrl)) {
    throw new ConnectionError(
      `WebSocket connections through ${new URL(context.proxyUrl).protocol} proxies are not supported`,
      {
        url: context.server,
        suggestions: [
          "use an http:// or https:// proxy (proxy-url / HTTPS_PROXY) for exec, attach and port-forward",
        ],
      },
    );
  }
  const trace = newTrace();
  const waited = await context.limiter.acquire(signal);
  if (waited > 0) publishBetween(trace, "GET", httpUrl, { type: "throttle", delayMs: waited });

  const protocols = options.protocols ?? [];
  const attempt = (creds: Credentials): Promise<Outcome> => {
    const headers: Record<string, string | string[]> = { ...context.headers };
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    const authorization = authorizationHeader(creds);
    if (authorization) headers.authorization = authorization;
    const tls = tlsConnectOptions(context.tls, creds.clientCertificate, creds.clientKey);
    return traceExchange(
      trace,
      {
        method: "GET",
        url: httpUrl,
        headers: { ...headers, "sec-websocket-protocol": protocols.join(", ") },
      },
      () => connectOnce(context, url, protocols, headers, tls, signal),
      (outcome) =>
        outcome.ok
          ? { statusCode: 101, headers: { "sec-websocket-protocol": outcome.connection.protocol } }
          : { statusCode: outcome.statusCode, headers: {} },
    );
  };

  try {
    const outcome = await sendWithReauth(
      context.credentials,
      signal,
      attempt,
      (result) => !result.ok && result.statusCode === 401,
      () => publishBetween(trace, "GET", httpUrl, { type: "reauth", statusCode: 401 }),
    );
    if (outcome.ok) return outcome.connection;
    const status = statusFromResponse(outcome.statusCode, outcome.body, "GET");
    throw serverError(outcome.statusCode, status);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (error instanceof Kr8sError) throw error;
    throw connectionError(error, context.server, "GET", url.pathname);
  }
}
