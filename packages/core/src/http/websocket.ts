/**
 * WebSockets to the API server (exec, attach, port-forward), with the transport's TLS settings, client
 * certificate, bearer token (reauth once on a 401 handshake), impersonation headers, rate limit and proxy.
 */
import type { IncomingMessage } from "node:http";
import WebSocket from "ws";
import type { CredentialSource, Credentials, TLSConfig } from "../config/types.ts";
import { Kr8sError } from "../errors.ts";
import { createConnector } from "./connector.ts";
import type { TlsConnectOptions } from "./connector.ts";
import { newTrace, publishBetween, traceExchange } from "./debug.ts";
import { tlsConnectOptions } from "./dispatcher-pool.ts";
import { authorizationHeader } from "./headers.ts";
import type { Query } from "./query.ts";
import { buildUrl } from "./query.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import { sendWithReauth } from "./reauth.ts";
import { connectionError, serverError, statusFromResponse } from "./response-errors.ts";
import { handleWarnings, type WarningHandler } from "./warnings.ts";

/** Options of `Transport.openWebSocket`. */
export interface OpenWebSocketOptions {
  query?: Query;
  /** Subprotocols to offer, most preferred first (e.g. `v5.channel.k8s.io`, `v4.channel.k8s.io`). */
  protocols?: readonly string[];
  headers?: Record<string, string | string[]>;
  signal?: AbortSignal;
  /**
   * Hand the socket over paused: nothing is read (no `message` event) until `socket.resume()`. A server
   * may send its first frames together with the handshake (exec output, port-forward's port frame); ws
   * emits them on the next tick, before the caller's `await` resumes, so unpaused they could be missed.
   * @default false
   */
  paused?: boolean;
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
  tlsHandshakeTimeoutMs: number;
  /** The transport's handler of the server's `Warning` headers, given the upgrade answer's as a request's. */
  onWarning: WarningHandler;
}

/** The handshake's answer: the socket (101), or the refusal's status and body; its headers either way. */
type Outcome = { headers: IncomingMessage["headers"] } & (
  { ok: true; connection: WebSocketConnection } | { ok: false; statusCode: number; body: Buffer }
);

function connectOnce(
  context: WebSocketContext,
  url: URL,
  protocols: readonly string[],
  headers: Record<string, string | string[]>,
  tls: TlsConnectOptions,
  signal: AbortSignal | undefined,
  paused: boolean,
): Promise<Outcome> {
  return new Promise<Outcome>((resolve, reject) => {
    // The same connector as requests: proxy, TLS settings, timeouts and errors cannot drift apart.
    const connect = createConnector({
      tls,
      proxyUrl: context.proxyUrl,
      connectTimeoutMs: context.connectTimeoutMs,
      tlsHandshakeTimeoutMs: context.tlsHandshakeTimeoutMs,
    });
    const aliases = tokenAliases(protocols);
    const socket = new WebSocket(url, [...aliases.values()], {
      headers: headers as Record<string, string>,
      finishRequest: (request) => {
        if (protocols.some((p) => aliases.get(p) !== p)) {
          request.setHeader("Sec-WebSocket-Protocol", protocols.join(","));
          // Before ws reads the answer: the protocol the server chose, as the alias ws offered.
          request.prependListener("upgrade", (response: IncomingMessage) => {
            const chosen = response.headers["sec-websocket-protocol"];
            const alias = chosen === undefined ? undefined : aliases.get(chosen);
            if (alias !== undefined) response.headers["sec-websocket-protocol"] = alias;
          });
        }
        request.end();
      },
      createConnection: ((_options: unknown, callback: (error: Error | null, socket: unknown) => void) => {
        connect({ hostname: url.hostname, protocol: url.protocol, port: url.port }, callback);
        return undefined;
      }) as unknown as WebSocket.ClientOptions["createConnection"],
      handshakeTimeout: context.connectTimeoutMs,
      perMessageDeflate: false,
      followRedirects: false,
    });
    let settled = false;
    // The 101's headers (its `Warning`s), kept from ws's `upgrade` event, which comes before `open`.
    let upgradeHeaders: IncomingMessage["headers"] = {};
    const onUpgrade = (response: IncomingMessage): void => {
      upgradeHeaders = response.headers;
    };
    const done = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      socket.off("open", onOpen);
      socket.off("upgrade", onUpgrade);
      socket.off("unexpected-response", onUnexpected);
      fn();
    };
    const onAbort = (): void => {
      done(() => reject(signal?.reason as Error));
      socket.terminate();
    };
    const onOpen = (): void => {
      // Synchronously in `open`: before ws's next-tick read can emit a message nobody listens to yet.
      if (paused) socket.pause();
      socket.off("error", onError);
      const protocol = [...aliases].find(([, alias]) => alias === socket.protocol)?.[0] ?? socket.protocol;
      done(() => resolve({ ok: true, headers: upgradeHeaders, connection: { socket, protocol } }));
    };
    const onError = (error: Error): void => done(() => reject(error));
    const onUnexpected = (request: unknown, response: IncomingMessage): void => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", () => undefined);
      response.on("end", () => {
        done(() =>
          resolve({
            ok: false,
            headers: response.headers,
            statusCode: response.statusCode ?? 0,
            body: Buffer.concat(chunks),
          }),
        );
        (request as { destroy(): void }).destroy();
        socket.terminate();
      });
    };
    // Errors after the handshake belong to the caller; until then they reject.
    socket.on("error", onError);
    socket.on("open", onOpen);
    socket.on("upgrade", onUpgrade);
    socket.on("unexpected-response", onUnexpected);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** What RFC 6455 allows as a subprotocol (an HTTP token), and so all that ws sends or accepts. */
const TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`|a-z~]+$/;

/**
 * Each subprotocol and the name ws knows it by. Kubernetes' tunnelling subprotocols
 * (`SPDY/3.1+portforward.k8s.io`) are not tokens ("/" is a separator) and ws refuses them, while the API
 * server (gorilla/websocket, as kubectl) takes them: ws gets a token alias, the wire carries the real names.
 */
function tokenAliases(protocols: readonly string[]): Map<string, string> {
  return new Map(protocols.map((p, i) => [p, TOKEN.test(p) ? p : `kr8s-subprotocol-${i}`]));
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
      () => connectOnce(context, url, protocols, headers, tls, signal, options.paused === true),
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
    // As for a request: the final answer's warnings, whether it opened the socket or refused it.
    handleWarnings(outcome.headers, context.onWarning);
    if (outcome.ok) return outcome.connection;
    const status = statusFromResponse(outcome.statusCode, outcome.body, "GET");
    throw serverError(outcome.statusCode, status);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (error instanceof Kr8sError) throw error;
    throw connectionError(error, context.server, "GET", url.pathname);
  }
}
