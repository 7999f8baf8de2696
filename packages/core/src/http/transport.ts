/**
 * The HTTP transport of @kr8s/core: requests to one API server as one identity, over a pooled undici
 * dispatcher, with retry, client-side rate limiting, reauthentication, impersonation and redacted debug
 * events composed once per transport.
 */
import { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import type { ConnectionConfig } from "../config/types.ts";
import { createAnonymousCredentialSource } from "../config/auth/anonymous.ts";
import {
  APITimeoutError,
  ConnectionError,
  InvalidRequestError,
  InvalidResponseError,
  Kr8sError,
} from "../errors.ts";
import type { RetryOptions } from "./backoff.ts";
import { resolveRetryOptions, retryAfterMs } from "./backoff.ts";
import { newTrace } from "./debug.ts";
import type { DispatcherPool, DispatcherSettings } from "./dispatcher-pool.ts";
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS } from "./connector.ts";
import { dispatcherKey, sharedDispatcherPool } from "./dispatcher-pool.ts";
import { defaultUserAgent, impersonationHeaders } from "./headers.ts";
import { withInactivityTimeout } from "./inactivity.ts";
import type { HttpRequest, HttpResponse, Send } from "./interceptors.ts";
import {
  authInterceptor,
  compose,
  debugInterceptor,
  rateLimitInterceptor,
  retryInterceptor,
} from "./interceptors.ts";
import { resolveProxy } from "./proxy.ts";
import type { Query } from "./query.ts";
import { buildUrl } from "./query.ts";
import { createRateLimiter } from "./rate-limiter.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import {
  connectionError,
  serverError,
  statusFromResponse,
  withTypedStreamErrors,
} from "./response-errors.ts";
import { debugWarningHandler, handleWarnings, type WarningHandler } from "./warnings.ts";
import type { OpenWebSocketOptions, WebSocketConnection } from "./websocket.ts";

/** Options of {@link createTransport}. */
export interface TransportOptions extends DispatcherSettings {
  /**
   * Send everything through this dispatcher instead of the pooled ones (tests pass a `MockAgent`). TLS
   * settings, client certificates and proxies are then the dispatcher's business.
   */
  dispatcher?: Dispatcher;
  /** Pool to take dispatchers from. @default the process-wide `sharedDispatcherPool` */
  pool?: DispatcherPool;
  /** Client-side requests per second; `Infinity` disables the limiter. @default 50 (kubectl) */
  qps?: number;
  /** Token-bucket size. @default 300 (kubectl) */
  burst?: number;
  /** Share one bucket between transports (e.g. all Api instances of a CLI run). */
  rateLimiter?: RateLimiter;
  /** Retries, as client-go does them: see {@link RetryOptions}. @default 10 retries, no cap on `Retry-After` */
  retry?: RetryOptions;
  /** @default `kr8s/<version> (<os>/<arch>) node/<version>` */
  userAgent?: string;
  /** Environment for `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * kubectl's `--request-timeout`, in ms: the deadline of every non-streaming request that sets no
   * `timeoutMs` of its own (retries included; → APITimeoutError), also sent to the server as the `timeout`
   * query parameter so that it gives up too (client-go sets both from `rest.Config.Timeout`). Streams
   * (watch, logs) are not limited by it. `0` means no deadline.
   * @default 0
   */
  requestTimeoutMs?: number;
  /**
   * Receives the API server's warnings (`Warning: 299 - "…"` response headers: deprecated API versions,
   * dropped fields…), once per warning per response, for requests, streams and WebSocket upgrades (exec,
   * attach, port-forward: the 101 answer's, or a refusal's) alike.
   * @default log them on `NODE_DEBUG=kr8s` only (a library prints nothing unasked)
   */
  onWarning?: WarningHandler;
}

/** Options of {@link Transport.request}. */
export interface RequestOptions {
  /** @default "GET" */
  method?: string;
  /** Path below the server URL, e.g. `/api/v1/namespaces/default/pods`. */
  path: string;
  /** Query parameters; arrays repeat the key (`command=a&command=b`). */
  query?: Query;
  headers?: Record<string, string | string[]>;
  /** A string or bytes are sent as they are; anything else is JSON-encoded. */
  body?: unknown;
  /** Content-Type of `body`. @default "application/json" */
  contentType?: string;
  signal?: AbortSignal;
  /** Hand back the body as a stream instead of parsing it (watch, logs): see {@link StreamRequestOptions}. */
  stream?: false;
  /**
   * Non-streaming: a deadline for the whole call, retries included (→ APITimeoutError).
   * Streaming: an inactivity timeout — the stream fails with APITimeoutError after this long without data;
   * there is never a total timeout on a stream.
   */
  timeoutMs?: number;
}

/** Options of a streaming {@link Transport.request} (watch, logs): the body comes back unread. */
export type StreamRequestOptions = Omit<RequestOptions, "stream"> & {
  stream: true;
  /**
   * Hand back non-2xx answers too (their buffered body as the stream) instead of throwing: for a proxy
   * that passes the server's answers on as they are. @default false
   */
  passErrors?: boolean;
};

/** A parsed response. */
export interface TransportResponse<T> {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the response is JSON, the text otherwise. */
  body: T;
}

/** A streamed response (2xx only unless `passErrors`; errors are thrown like for other requests). */
export interface StreamResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  /** Buffer chunks; async-iterable. Destroy it (or abort the signal) to stop. */
  body: Readable;
}

/** Requests to one API server as one identity. */
export interface Transport {
  /** Base URL of the API server. */
  readonly server: string;
  /**
   * Send a request. Resolves only for 2xx.
   * @throws NotFoundError / UnauthorizedError / ForbiddenError / ServerError with the server's `Status`
   * @throws ConnectionError when the server cannot be reached (after retries), with suggestions
   * @throws InvalidResponseError when a success response says it is JSON and is not
   * @throws InvalidRequestError when `body` cannot be encoded as JSON (a cycle, a BigInt), or a header or
   * the method is not valid HTTP
   * @throws APITimeoutError when `timeoutMs` passes
   * @throws the signal's reason when `signal` aborts
   */
  request<T = unknown>(options: RequestOptions): Promise<TransportResponse<T>>;
  request(options: StreamRequestOptions): Promise<StreamResponse>;
  /** Open a WebSocket (exec, attach, port-forward) with the same TLS, auth, impersonation and proxy rules. */
  openWebSocket(path: string, options?: OpenWebSocketOptions): Promise<WebSocketConnection>;
  /** Release pooled connections (the last user of a dispatcher closes it). Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

function encodeBody(body: unknown, shown: string): string | Uint8Array | undefined {
  if (body === undefined) return undefined;
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  try {
    return JSON.stringify(body);
  } catch (error) {
    // JSON.stringify names the offending type or property, never a value: safe to pass on.
    throw new InvalidRequestError(
      `the body of ${shown} cannot be encoded as JSON: ${(error as Error).message}`,
      {
        cause: error,
        suggestions: ["pass a JSON-serialisable object, or a string or bytes with `contentType`"],
      },
    );
  }
}

/** Parses a success body that says it is JSON; anything else is returned as text. */
function parseBody(data: Buffer, contentType: string, statusCode: number, shown: string): unknown {
  const text = data.toString("utf8");
  if (!/[/+]json\b/i.test(contentType) || text.length === 0) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not the SyntaxError as cause: V8 quotes the body in its message, and a body may hold secret data.
    throw new InvalidResponseError(
      `the response to ${shown} is not valid JSON (HTTP ${statusCode}, ${contentType}, ${data.length} bytes)`,
      {
        statusCode,
        suggestions: [
          "something other than the API server may have answered: check `server:` and the proxy settings (proxy-url, HTTPS_PROXY)",
        ],
      },
    );
  }
}

/**
 * Resolves once undici has put the connection of a response that just ended back in its pool. undici
 * reuses a keep-alive HTTP/1.1 connection only one event-loop turn after the response's last byte
 * (`setImmediate` in its client-h1 `onMessageComplete`, against servers that close a connection they said
 * they would keep): a request sent sooner, as the next of a sequence is (`get deploy,svc`, paging), found
 * the connection busy and opened a second one, a second TCP connect and TLS handshake. Waiting the same
 * turn (immediates run in order) lets it reuse the first, as client-go does.
 */
function connectionReturned(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** `ms` as a Go duration the API server's `timeout` parameter reads (`5s`, `1500ms`). */
function goDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${Math.ceil(ms)}ms`;
}

function headerValue(headers: HttpResponse["headers"], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Create the transport for a connection. `conn.credentials` are used only when `conn.server` is https, as
 * client-go does: over plain HTTP no token, password or client certificate is sent and no exec plugin or
 * OIDC refresh runs. Retries follow client-go (see {@link RetryOptions}).
 * @example
 * const t = createTransport(conn);
 * const { body } = await t.request<{ items: unknown[] }>({ path: "/api/v1/namespaces/default/pods" });
 * await t.close();
 */
export function createTransport(conn: ConnectionConfig, options: TransportOptions = {}): Transport {
  const server = conn.server.replace(/\/+$/, "");
  const pool = options.pool ?? sharedDispatcherPool;
  const settings: DispatcherSettings = {};
  for (const key of [
    "connectTimeoutMs",
    "tlsHandshakeTimeoutMs",
    "headersTimeoutMs",
    "bodyTimeoutMs",
    "keepAliveTimeoutMs",
    "connections",
  ] as const) {
    if (options[key] !== undefined) (settings as Record<string, unknown>)[key] = options[key];
  }
  const proxyUrl = resolveProxy(new URL(server), conn.proxyUrl, options.env ?? process.env);
  // Like client-go (clientcmd `ClientConfig`: "only try to read the auth information if we are secure"),
  // user credentials are used only over TLS: a plain-HTTP server gets no token, password or client
  // certificate, and an exec plugin or OIDC refresh never runs for it. Impersonation headers still go.
  const credentials =
    new URL(server).protocol === "https:" ? conn.credentials : createAnonymousCredentialSource();
  const retry = resolveRetryOptions(options.retry);
  const limiter =
    options.rateLimiter ??
    createRateLimiter({
      ...(options.qps === undefined ? {} : { qps: options.qps }),
      ...(options.burst === undefined ? {} : { burst: options.burst }),
    });
  const requestTimeoutMs =
    options.requestTimeoutMs !== undefined && options.requestTimeoutMs > 0
      ? options.requestTimeoutMs
      : undefined;
  const onWarning = options.onWarning ?? debugWarningHandler;
  const baseHeaders: Record<string, string | string[]> = {
    "user-agent": options.userAgent ?? defaultUserAgent(),
    ...impersonationHeaders(conn.impersonate),
  };

  // Dispatchers this transport holds a pool reference on, by key.
  const held = new Map<string, Dispatcher>();
  let closed = false;

  const dispatcherFor = (request: HttpRequest): Dispatcher => {
    if (options.dispatcher) return options.dispatcher;
    const input = {
      server,
      tls: conn.tls,
      clientCertificate: request.clientCertificate,
      clientKey: request.clientKey,
      proxyUrl,
      settings,
    };
    const key = dispatcherKey(input);
    const existing = held.get(key);
    if (existing) return existing;
    const { dispatcher } = pool.acquire(input);
    // A rotated client certificate replaces the old TLS identity: let the old dispatcher drain and close.
    for (const old of held.keys()) void pool.release(old);
    held.clear();
    held.set(key, dispatcher);
    return dispatcher;
  };

  const send: Send = async (request) => {
    if (closed) throw new ConnectionError(`the transport to ${server} is closed`, { url: server });
    const dispatcher = dispatcherFor(request);
    const response = await dispatcher.request({
      origin: request.url.origin,
      path: request.url.pathname + request.url.search,
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal: request.signal ?? null,
      // Streams run for as long as the server keeps them open; their guard is withInactivityTimeout.
      ...(request.stream ? { bodyTimeout: 0 } : {}),
    });
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    if (request.stream && ok)
      return { statusCode: response.statusCode, headers: response.headers, body: response.body };
    const data = Buffer.from(await response.body.arrayBuffer());
    await connectionReturned();
    return { statusCode: response.statusCode, headers: response.headers, data };
  };

  const pipeline = compose(
    send,
    retryInterceptor(retry),
    rateLimitInterceptor(limiter),
    authInterceptor(credentials),
    debugInterceptor(),
  );

  async function request(
    opts: RequestOptions | StreamRequestOptions,
  ): Promise<TransportResponse<unknown> | StreamResponse> {
    const method = (opts.method ?? "GET").toUpperCase();
    const stream = opts.stream === true;
    const timeoutMs = opts.timeoutMs ?? requestTimeoutMs;
    const url = buildUrl(server, opts.path, opts.query);
    // The server gives up at the same time instead of finishing work nobody waits for (client-go's ?timeout=).
    if (
      !stream &&
      opts.timeoutMs === undefined &&
      timeoutMs !== undefined &&
      !url.searchParams.has("timeout")
    )
      url.searchParams.set("timeout", goDuration(timeoutMs));
    const headers: Record<string, string | string[]> = { accept: "application/json", ...baseHeaders };
    for (const [name, value] of Object.entries(opts.headers ?? {})) headers[name.toLowerCase()] = value;
    const shown = `${method} ${url.pathname}`;
    const body = encodeBody(opts.body, shown);
    if (body !== undefined && headers["content-type"] === undefined)
      headers["content-type"] = opts.contentType ?? "application/json";

    const deadline = !stream && timeoutMs !== undefined ? AbortSignal.timeout(timeoutMs) : undefined;
    const signal = deadline
      ? opts.signal
        ? AbortSignal.any([opts.signal, deadline])
        : deadline
      : opts.signal;

    const req: HttpRequest = { method, url, headers, stream, trace: newTrace() };
    if (body !== undefined) req.body = body;
    if (signal) req.signal = signal;

    let response: HttpResponse;
    try {
      response = await pipeline(req);
    } catch (error) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      if (deadline?.aborted) {
        throw new APITimeoutError(`${shown} did not finish within ${timeoutMs} ms`, { cause: error });
      }
      if (error instanceof Kr8sError) throw error;
      throw connectionError(error, server, method, url.pathname);
    }

    const { statusCode } = response;
    handleWarnings(response.headers, onWarning);
    if (statusCode < 200 || statusCode >= 300) {
      if (stream && "passErrors" in opts && opts.passErrors === true)
        return {
          statusCode,
          headers: response.headers,
          body: Readable.from(response.data ? [response.data] : []),
        };
      response.body?.destroy();
      const status = statusFromResponse(statusCode, response.data ?? Buffer.alloc(0), method);
      throw serverError(statusCode, status, retryAfterMs(response.headers["retry-after"]));
    }
    if (stream && response.body) {
      const guarded = opts.timeoutMs
        ? withInactivityTimeout(response.body, opts.timeoutMs, shown)
        : response.body;
      const body = withTypedStreamErrors(guarded, server, shown, opts.signal);
      return { statusCode, headers: response.headers, body };
    }
    const contentType = headerValue(response.headers, "content-type") ?? "";
    const parsed = parseBody(response.data ?? Buffer.alloc(0), contentType, statusCode, shown);
    return { statusCode, headers: response.headers, body: parsed };
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    const keys = [...held.keys()];
    held.clear();
    await Promise.all(keys.map((key) => pool.release(key)));
  }

  const transport: Transport = {
    server,
    request: request as Transport["request"],
    // `ws` and the tunnelling agent load on the first WebSocket only: plain requests (most CLI commands)
    // do not pay their start-up cost (bench/cli-startup.ts).
    openWebSocket: async (path, wsOptions = {}) =>
      (await import("./websocket.ts")).openWebSocket(
        {
          server,
          tls: conn.tls,
          credentials,
          headers: baseHeaders,
          limiter,
          proxyUrl,
          connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
          tlsHandshakeTimeoutMs: options.tlsHandshakeTimeoutMs ?? DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS,
          onWarning,
        },
        path,
        wsOptions,
      ),
    close,
    [Symbol.asyncDispose]: close,
  };
  return transport;
}
