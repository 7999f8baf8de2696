/**
 * Retry policy: which answers and failures are worth another attempt, and how long to wait before it.
 * It is client-go's (`rest/with_retry.go` `IsNextRetry`/`checkWait`, `rest/request.go` `request()`), so a
 * request behaves under kr8s as it does under kubectl:
 *
 * - an answer is retried only when the server asks for it: status 429 or any 5xx **and** an integer
 *   `Retry-After` header; the wait is exactly that many seconds. A 503 without `Retry-After` fails at once;
 *   an HTTP-date `Retry-After` is not understood (client-go uses `strconv.Atoi`) and fails at once too.
 *   Any method is retried this way, POST included: the server says it did not process the request.
 * - a connection reset or a connection closed before the response (client-go's `IsConnectionReset` /
 *   `IsProbableEOF`) is retried for GET only, after 1 s (client-go's artificial `Retry-After: 1`);
 *   other methods may already have been applied. A refused connection is not retried.
 * - at most 10 retries (11 exchanges), shared by both kinds; no exponential backoff (client-go's default
 *   `NoBackoff`); every retry takes a rate-limiter token like the first attempt.
 */

/** Retry settings of a transport. */
export interface RetryOptions {
  /**
   * Retries after the first attempt, for answers with `Retry-After` and GET connection resets together
   * (client-go's `maxRetries`). 0 disables retries.
   * @default 10
   */
  maxRetries?: number;
  /**
   * Longest wait a `Retry-After` may ask for, in ms; longer ones are cut down to it. client-go has no cap
   * (a server asking for an hour gets an hour), so neither does kr8s by default: bound a request with
   * `timeoutMs` or an `AbortSignal`, which also end a wait.
   * @default Infinity
   */
  maxRetryAfterMs?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

/** client-go's `maxRetries` of every request (`rest.NewRequest`). */
export const DEFAULT_MAX_RETRIES = 10;

/** The wait before retrying a GET whose connection broke: client-go's artificial `Retry-After: 1`. */
export const CONNECTION_RETRY_DELAY_MS = 1000;

export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return {
    maxRetries: Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_MAX_RETRIES)),
    maxRetryAfterMs: Math.max(0, options.maxRetryAfterMs ?? Infinity),
  };
}

const GO_INT_MAX = 2n ** 63n - 1n;

/**
 * `Retry-After` in milliseconds when it is an integer number of seconds (negative counts as 0), like
 * client-go's `retryAfterSeconds`; undefined when absent or anything else (an HTTP date, a fraction).
 */
export function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (raw === undefined || !/^[+-]?\d+$/.test(raw)) return undefined;
  const seconds = BigInt(raw);
  // Outside Go's int range strconv.Atoi fails, and client-go does not retry.
  if (seconds > GO_INT_MAX || seconds < -GO_INT_MAX - 1n) return undefined;
  return seconds <= 0n ? 0 : Number(seconds) * 1000;
}

/** client-go's `checkWait`: the wait a response asks for before a retry, or undefined when it asks for none. */
export function requestedWaitMs(
  statusCode: number,
  headers: Record<string, string | string[] | undefined>,
): number | undefined {
  if (statusCode !== 429 && statusCode < 500) return undefined;
  return retryAfterMs(headers["retry-after"]);
}

/** Error codes meaning the connection was reset or closed before the response (client-go's reset/EOF). */
const BROKEN_CONNECTION_CODES: ReadonlySet<string> = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"]);

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

/**
 * How messages and debug events name a failure: its first `code` (`ECONNREFUSED`…), else its name. Never
 * the message, which may quote a URL or a server's answer.
 */
export function errorLabel(error: unknown): string {
  return errorCodes(error)[0] ?? (error instanceof Error ? error.name : "error");
}

/** True when a connection was reset or closed before a response arrived (not: refused, DNS, TLS, timeouts). */
export function isBrokenConnection(error: unknown): boolean {
  return errorCodes(error).some((code) => BROKEN_CONNECTION_CODES.has(code));
}

/** client-go retries a broken connection for GET only: any other method may have been applied. */
export function isRetryableFailure(method: string, error: unknown): boolean {
  return method === "GET" && isBrokenConnection(error);
}
