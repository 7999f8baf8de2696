/**
 * One pooled, keep-alive undici dispatcher per (server origin, TLS settings, client certificate, proxy,
 * connection settings). Api instances for the same cluster and identity share connections; a rotated client
 * certificate gets a new dispatcher, because TLS identity is fixed per connection.
 */
import { createHash } from "node:crypto";
import { Agent } from "undici";
import type { Dispatcher } from "undici";
import type { TLSConfig } from "../config/types.ts";
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS,
  createConnector,
} from "./connector.ts";
import type { TlsConnectOptions } from "./connector.ts";

/** Connection-level settings of pooled dispatchers. */
export interface DispatcherSettings {
  /**
   * TCP connect timeout, to the API server or to the proxy (proxy handshake included), like kubectl's
   * dialer. @default 30000
   */
  connectTimeoutMs?: number;
  /** TLS handshake timeout with the API server (client-go's `TLSHandshakeTimeout`). @default 10000 */
  tlsHandshakeTimeoutMs?: number;
  /**
   * Longest wait for response headers. Not a whole-request timeout: a watch or a log stream gets its headers
   * at once and may then run for hours. @default 300000
   */
  headersTimeoutMs?: number;
  /**
   * Longest silence between two body chunks of a non-streaming response. Streaming requests disable it and
   * use their own inactivity guard. @default 300000
   */
  bodyTimeoutMs?: number;
  /** How long an idle keep-alive connection is kept (the server's Keep-Alive hint wins if shorter). @default 30000 */
  keepAliveTimeoutMs?: number;
  /** Most connections per origin. @default unlimited */
  connections?: number;
}

/** What identifies a pooled dispatcher. */
export interface DispatcherKeyInput {
  /** API server URL; only its origin counts. */
  server: string;
  tls: TLSConfig;
  clientCertificate?: string | undefined;
  clientKey?: string | undefined;
  /** The proxy already resolved for this server (see `resolveProxy`), or undefined for direct. */
  proxyUrl?: string | undefined;
  settings?: DispatcherSettings | undefined;
}

/** Node `tls.connect()` options for a cluster's TLS settings and (optional) client certificate. */
export function tlsConnectOptions(
  tls: TLSConfig,
  clientCertificate?: string,
  clientKey?: string,
): TlsConnectOptions {
  const options: TlsConnectOptions = { rejectUnauthorized: !tls.insecureSkipTLSVerify };
  // client-go ignores the CA when verification is skipped; so do we (a bad CA must not break skip-verify).
  if (tls.ca && !tls.insecureSkipTLSVerify) options.ca = tls.ca;
  if (tls.serverName) options.servername = tls.serverName;
  if (clientCertificate && clientKey) {
    options.cert = clientCertificate;
    options.key = clientKey;
  }
  return options;
}

export const DEFAULT_HEADERS_TIMEOUT_MS = 300_000;
export const DEFAULT_BODY_TIMEOUT_MS = 300_000;
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 30_000;
/**
 * The most bytes of response headers accepted: 10 MiB, as client-go (Go's net/http client default,
 * `MaxResponseHeaderBytes`). Node's default is 16 KiB, which a response with many long `Warning` headers
 * exceeds; and undici reads that default from node:http, which the CLI otherwise never loads (~2 ms a start).
 */
export const MAX_RESPONSE_HEADER_BYTES = 10 * 1024 * 1024;

function hash(value: string | undefined): string {
  return value === undefined ? "-" : createHash("sha256").update(value).digest("base64url").slice(0, 22);
}

/** The pool key: no secret in it, only hashes. */
export function dispatcherKey(input: DispatcherKeyInput): string {
  const s = input.settings ?? {};
  return JSON.stringify([
    new URL(input.server).origin,
    hash(input.tls.ca),
    input.tls.insecureSkipTLSVerify,
    input.tls.serverName ?? "",
    hash(input.clientCertificate),
    hash(input.clientKey),
    input.proxyUrl ? hash(input.proxyUrl) : "",
    s.connectTimeoutMs ?? null,
    s.tlsHandshakeTimeoutMs ?? null,
    s.headersTimeoutMs ?? null,
    s.bodyTimeoutMs ?? null,
    s.keepAliveTimeoutMs ?? null,
    s.connections ?? null,
  ]);
}

/** Build the dispatcher for a key input; {@link DispatcherPool.acquire} shares it by {@link dispatcherKey}. */
function createDispatcher(input: DispatcherKeyInput): Dispatcher {
  const s = input.settings ?? {};
  const connect = createConnector({
    tls: tlsConnectOptions(input.tls, input.clientCertificate, input.clientKey),
    proxyUrl: input.proxyUrl,
    connectTimeoutMs: s.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    tlsHandshakeTimeoutMs: s.tlsHandshakeTimeoutMs ?? DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS,
  });
  // One connector for direct and proxied connections: the proxy only changes how the TCP stream is
  // opened, so TLS to the API server, its timeouts and its errors are the same either way.
  return new Agent({
    connect,
    headersTimeout: s.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
    bodyTimeout: s.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
    keepAliveTimeout: s.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    maxHeaderSize: MAX_RESPONSE_HEADER_BYTES,
    ...(s.connections === undefined ? {} : { connections: s.connections }),
  });
}

interface Entry {
  dispatcher: Dispatcher;
  refs: number;
}

/** A reference-counted set of dispatchers. Transports acquire on first use and release on `close()`. */
export class DispatcherPool {
  readonly #entries = new Map<string, Entry>();

  /** The dispatcher for `input` (created on first use); pair each call with {@link release}. */
  acquire(input: DispatcherKeyInput): { key: string; dispatcher: Dispatcher } {
    const key = dispatcherKey(input);
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = { dispatcher: createDispatcher(input), refs: 0 };
      this.#entries.set(key, entry);
    }
    entry.refs++;
    return { key, dispatcher: entry.dispatcher };
  }

  /** Drop one reference; the last one closes the dispatcher gracefully (in-flight requests finish). */
  release(key: string): Promise<void> {
    const entry = this.#entries.get(key);
    if (!entry) return Promise.resolve();
    entry.refs--;
    if (entry.refs > 0) return Promise.resolve();
    this.#entries.delete(key);
    return entry.dispatcher.close().catch(() => undefined);
  }

  /** Number of live dispatchers. */
  get size(): number {
    return this.#entries.size;
  }

  /** Destroy every dispatcher now (tests, CLI exit); in-flight requests fail. */
  async close(): Promise<void> {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.all(entries.map((e) => e.dispatcher.destroy().catch(() => undefined)));
  }
}

/** The process-wide pool every transport uses unless given another. */
export const sharedDispatcherPool = new DispatcherPool();

/** Destroy all pooled dispatchers of the shared pool (for tests and CLI exit). */
export function closeDispatchers(): Promise<void> {
  return sharedDispatcherPool.close();
}
