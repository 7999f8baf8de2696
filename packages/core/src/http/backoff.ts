/** Retry policy: which failures are worth another attempt, and how long to wait before it. */

/** Retry settings of a transport. */
export interface RetryOptions {
  /**
   * Total attempts for 429/503 answers (client-go retries 10 times). 1 disables retries.
   * @default 10
   */
  maxAttempts?: number;
  /**
   * Total attempts after connection failures (refused, reset, closed before the response) of safe
   * methods. Kept small so that `kr8s get` against a stopped cluster fails in about a second, as kubectl's
   * "connection refused" does, while a single dropped keep-alive connection is retried transparently.
   * @default 3
   */
  maxConnectionAttempts?: number;
  /** First backoff delay (doubled each attempt, full jitter). @default 250 */
  minDelayMs?: number;
  /** Largest backoff delay. @default 8000 */
  maxDelayMs?: number;
  /** `Retry-After` larger than this is cut down to it. @default 60000 */
  maxRetryAfterMs?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return {
    maxAttempts: Math.max(1, options.maxAttempts ?? 10),
    maxConnectionAttempts: Math.max(1, options.maxConnectionAttempts ?? 3),
    minDelayMs: Math.max(0, options.minDelayMs ?? 250),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? 8000),
    maxRetryAfterMs: Math.max(0, options.maxRetryAfterMs ?? 60_000),
  };
}

/** Methods that may be re-sent after the connection broke: the server did not change state, or a repeat is harmless. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** Status codes retried for every method: the server says it did not process the request. */
export const RETRY_STATUS: ReadonlySet<number> = new Set([429, 503]);

/**
 * `Retry-After` in milliseconds (delta-seconds or an HTTP date), capped; undefined when absent or invalid.
 */
export function parseRetryAfter(value: string | string[] | undefined, capMs: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === "") return undefined;
  let ms: number;
  if (/^\s*\d+\s*$/.test(raw)) ms = Number(raw) * 1000;
  else {
    const at = Date.parse(raw);
    if (Number.isNaN(at)) return undefined;
    ms = Math.max(0, at - Date.now());
  }
  return Math.min(ms, capMs);
}

/** Exponential backoff with full jitter for retry number `retry` (1 = first retry). */
export function backoffDelay(retry: number, options: ResolvedRetryOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.minDelayMs * 2 ** Math.max(0, retry - 1));
  // Half fixed, half random: spreads clients apart without ever collapsing to an immediate retry.
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** Error codes meaning the connection failed or broke before a response arrived. */
const CONNECTION_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  // Not connect timeouts: each already waited `connectTimeoutMs`; repeating them only multiplies the hang.
]);

/** Every `code` in an error's chain (undici and Node wrap causes in `cause` and AggregateError). */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const queue: unknown[] = [error];
  const seen = new Set<unknown>();
  while (queue.length > 0 && seen.size < 16) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const e = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof e.code === "string") codes.push(e.code);
    queue.push(e.cause);
    if (Array.isArray(e.errors)) queue.push(...(e.errors as unknown[]));
  }
  return codes;
}

/** True for failures where no response arrived and a retry may succeed. */
export function isConnectionFailure(error: unknown): boolean {
  return errorCodes(error).some((code) => CONNECTION_CODES.has(code));
}
