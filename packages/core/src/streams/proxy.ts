/**
 * HTTP through the API server: one request to a Service or pod by the `…/proxy/` subresource, and a local
 * HTTP server equivalent to `kubectl proxy` (kubectl/pkg/proxy `FilterServer`, `NewServer`).
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Api } from "../api.ts";
import { InvalidArgumentError, Kr8sError } from "../errors.ts";
import type { Query } from "../http/query.ts";
import { transportOf } from "../internal/transport-of.ts";
import { PROXY_DEFAULTS } from "./proxy-defaults.ts";
import { firstReadyPod, resolveTarget, type StreamTarget } from "./target.ts";

export { PROXY_DEFAULTS } from "./proxy-defaults.ts";

/** Options of {@link proxyHttpRequest}. */
export interface ProxyHttpRequestOptions {
  /** The Service port or pod port (number or name). @default the Service's/pod's first port, chosen by the server */
  port?: number | string | undefined;
  /** `https` to reach a TLS backend. @default "http" */
  scheme?: "http" | "https" | undefined;
  query?: Query | undefined;
  headers?: Record<string, string | string[]> | undefined;
  /** A string or bytes are sent as they are; anything else is JSON-encoded. */
  body?: unknown;
  /** @default "application/json" when there is a body */
  contentType?: string | undefined;
  /** @default the target's namespace, else the client's */
  namespace?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** The backend's answer, passed through the API server. */
export interface ProxyHttpResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The body as UTF-8 text. */
  text(): string;
}

/**
 * Sends one HTTP request to a Service (through one of its endpoints) or a pod, via the API server's `proxy`
 * subresource (`/api/v1/namespaces/<ns>/services/[https:]<name>[:<port>]/proxy/<path>`). A workload target
 * (Deployment…) goes to its best ready pod. Any answer of the backend is returned, errors included.
 * @example
 * const res = await proxyHttpRequest(k, "svc/web", "GET", "/healthz", { port: "http" });
 * console.log(res.statusCode, res.text());
 * @throws {NotFoundError} when the target does not exist; {@link ConnectionError} when the API server
 * cannot be reached. A backend that cannot be reached is the API server's answer (usually 503).
 */
export async function proxyHttpRequest(
  k: Api,
  target: StreamTarget,
  method: string,
  path: string,
  options: ProxyHttpRequestOptions = {},
): Promise<ProxyHttpResponse> {
  const resolved = await resolveTarget(k, target, { ...options, podsOptional: true });
  let resource: "services" | "pods";
  let name: string;
  if (resolved.kind === "Service") {
    resource = "services";
    name = resolved.name;
  } else {
    resource = "pods";
    name = (await firstReadyPod(k, resolved, options)).pod.metadata?.name ?? "";
  }
  const scheme = options.scheme && options.scheme !== "http" ? `${options.scheme}:` : "";
  const port = options.port === undefined ? "" : `:${String(options.port)}`;
  const segment = encodeURIComponent(`${scheme}${name}${port}`).replace(/%3A/gi, ":");
  const response = await transportOf(k).request({
    method,
    path: `/api/v1/namespaces/${encodeURIComponent(resolved.namespace)}/${resource}/${segment}/proxy/${path.replace(/^\/+/, "")}`,
    stream: true,
    passErrors: true,
    headers: { accept: "*/*", ...options.headers },
    ...(options.query ? { query: options.query } : {}),
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.contentType ? { contentType: options.contentType } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return {
    statusCode: response.statusCode,
    headers: response.headers,
    body,
    text: () => body.toString("utf8"),
  };
}

/** A list of regular expressions: kubectl's comma-separated string, or an array. */
export type Patterns = string | readonly (string | RegExp)[];

/** Options of {@link proxy}: `kubectl proxy`'s flags and defaults (kubectl 1.32). */
export interface ProxyOptions {
  /** Local port; 0 picks a free one. @default 8001 */
  port?: number | undefined;
  /** @default "127.0.0.1" */
  address?: string | undefined;
  /** Path prefix the API is served under locally. @default "/" */
  apiPrefix?: string | undefined;
  /** Paths allowed. @default "^.*" */
  acceptPaths?: Patterns | undefined;
  /** Paths refused, checked first. @default "^/api/.*\/pods/.*\/exec,^/api/.*\/pods/.*\/attach" */
  rejectPaths?: Patterns | undefined;
  /** Host names (without port) allowed. @default "^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$" */
  acceptHosts?: Patterns | undefined;
  /** Methods refused. @default "^$" (none) */
  rejectMethods?: Patterns | undefined;
  /** Serve every request, whatever the filters say (kubectl's `--disable-filter`; dangerous). @default false */
  disableFilter?: boolean | undefined;
}

/** A running proxy server. */
export interface ProxyServer {
  readonly address: string;
  readonly port: number;
  /** `http://<address>:<port><apiPrefix>`. */
  readonly url: string;
  /** Stops listening and ends open connections (streams included). Idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

function compile(patterns: Patterns, flag: string): RegExp[] {
  const list = typeof patterns === "string" ? (patterns === "" ? [] : patterns.split(",")) : patterns;
  return list.map((p) => {
    if (p instanceof RegExp) return p;
    try {
      return new RegExp(p);
    } catch (error) {
      throw new InvalidArgumentError(`${flag}: "${p}" is not a regular expression`, { cause: error });
    }
  });
}

const matches = (value: string, patterns: readonly RegExp[]): boolean => patterns.some((p) => p.test(value));

// Hop-by-hop headers (RFC 9110 §7.6.1) and those the transport sets itself.
const DROPPED_REQUEST_HEADERS = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "authorization",
  "content-length",
]);
const DROPPED_RESPONSE_HEADERS = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "trailer",
  "upgrade",
]);

/** The host name of a `Host` header, without its port (Go's `net.SplitHostPort`, brackets kept for IPv6). */
function hostWithoutPort(host: string): string {
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d*)?$/.exec(host);
  return match?.[1] ?? host;
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : Buffer.concat(chunks);
}

/**
 * Starts a local HTTP server that forwards requests to the API server with this client's credentials, like
 * `kubectl proxy`: same defaults (127.0.0.1:8001, prefix `/`), same filters (exec and attach refused,
 * only `localhost`/`127.0.0.1`/`[::1]` as Host), refused requests answered `403 Forbidden`. Answers and
 * streams (watch, logs -f) pass through as they come. Upgrades (WebSockets) are not proxied.
 * @example
 * await using p = await proxy(k, { port: 0 });
 * await fetch(`${p.url}api/v1/namespaces`);
 * @throws {InvalidArgumentError} for a pattern that is not a regular expression, or a port that cannot be
 * listened on (in use, privileged), naming address and port.
 */
export async function proxy(k: Api, options: ProxyOptions = {}): Promise<ProxyServer> {
  const transport = transportOf(k);
  const prefix = (options.apiPrefix ?? PROXY_DEFAULTS.apiPrefix).replace(/\/?$/, "/");
  const acceptPaths = compile(options.acceptPaths ?? PROXY_DEFAULTS.acceptPaths, "acceptPaths");
  const rejectPaths = compile(options.rejectPaths ?? PROXY_DEFAULTS.rejectPaths, "rejectPaths");
  const acceptHosts = compile(options.acceptHosts ?? PROXY_DEFAULTS.acceptHosts, "acceptHosts");
  const rejectMethods = compile(options.rejectMethods ?? PROXY_DEFAULTS.rejectMethods, "rejectMethods");
  const accepts = (method: string, path: string, host: string): boolean =>
    options.disableFilter === true ||
    (!matches(path, rejectPaths) &&
      !matches(method, rejectMethods) &&
      matches(path, acceptPaths) &&
      matches(host, acceptHosts));

  const stopping = new AbortController();
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://proxy.invalid");
    const method = request.method ?? "GET";
    if (!`${url.pathname}/`.startsWith(prefix)) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("404 page not found\n");
      return;
    }
    const path = `/${url.pathname.slice(prefix.length)}`.replace(/^\/\/+/, "/");
    if (!accepts(method, path, hostWithoutPort(request.headers.host ?? ""))) {
      response.writeHead(403, { "content-type": "text/plain; charset=utf-8" }).end("Forbidden\n");
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(request.headers))
      if (value !== undefined && !DROPPED_REQUEST_HEADERS.has(name)) headers[name] = value;
    const gone = new AbortController();
    response.on("close", () => gone.abort());
    const body = await readBody(request);
    const upstream = await transport.request({
      method,
      path,
      query: Object.fromEntries(
        [...new Set(url.searchParams.keys())].map((key) => [key, url.searchParams.getAll(key)]),
      ),
      headers,
      stream: true,
      passErrors: true,
      ...(body ? { body, contentType: request.headers["content-type"] ?? "application/octet-stream" } : {}),
      signal: AbortSignal.any([gone.signal, stopping.signal]),
    });
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(upstream.headers))
      if (value !== undefined && !DROPPED_RESPONSE_HEADERS.has(name)) out[name] = value;
    response.writeHead(upstream.statusCode, out);
    // Flush every chunk at once: watches and followed logs must not wait for a buffer to fill.
    for await (const chunk of upstream.body) {
      if (!response.write(chunk)) await new Promise((resolve) => response.once("drain", resolve));
    }
    response.end();
  };

  // Imported here, not at the top: an ES import of node:http reads every export of it, and its WebSocket,
  // CloseEvent and MessageEvent getters load Node's own copy of undici, 20-60 ms at the start of every CLI
  // command that loads @kr8s/core (bench/cli-startup.ts).
  const { createServer } = await import("node:http");
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (stopping.signal.aborted || response.destroyed) return;
      if (response.headersSent) {
        response.destroy();
        return;
      }
      // The message of a kr8s error never holds a secret; anything else is summarised.
      const text = error instanceof Kr8sError ? error.message : "the proxy could not reach the API server";
      response.writeHead(502, { "content-type": "text/plain; charset=utf-8" }).end(`${text}\n`);
    });
  });
  const address = options.address ?? PROXY_DEFAULTS.address;
  const wanted = options.port ?? PROXY_DEFAULTS.port;
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new InvalidArgumentError(
          `the proxy cannot listen on ${address}:${wanted}: ${error.code === "EADDRINUSE" ? "the port is in use" : (error.code ?? error.message)}`,
          { cause: error, suggestions: ["pick another port (0 lets the system choose a free one)"] },
        ),
      ),
    );
    server.listen(wanted, address, () => resolve((server.address() as { port: number }).port));
  });
  const stop = async (): Promise<void> => {
    if (stopping.signal.aborted) return;
    stopping.abort();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
  const host = address.includes(":") ? `[${address}]` : address;
  return { address, port, url: `http://${host}:${port}${prefix}`, stop, [Symbol.asyncDispose]: stop };
}
