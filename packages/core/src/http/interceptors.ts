/**
 * The cross-cutting behaviour of the transport as interceptors around one `send` function, composed once
 * per transport: retry → rate limit → auth → debug → send (outermost first). Each is a plain function of the
 * next step, so it can be tested alone and the order is visible in one place (`createTransport`).
 *
 * They work at the level of a whole exchange rather than undici's handler callbacks because reauth needs
 * to `await` a credential refresh and may switch dispatchers (a new client certificate is a new TLS
 * identity); undici's `Dispatcher` stays the seam underneath (`send` dispatches through it).
 */
import type { Readable } from "node:stream";
import type { CredentialSource } from "../config/types.ts";
import type { ResolvedRetryOptions } from "./backoff.ts";
import { CONNECTION_RETRY_DELAY_MS, errorCodes, isRetryableFailure, requestedWaitMs } from "./backoff.ts";
import type { RequestTrace } from "./debug.ts";
import { publishBetween, traceExchange } from "./debug.ts";
import { authorizationHeader } from "./headers.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import { sendWithReauth } from "./reauth.ts";
import { sleep } from "./sleep.ts";

/** One exchange as the interceptors see it. */
export interface HttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string | string[]>;
  /** Replayable body (retries re-send it). */
  body?: string | Uint8Array;
  /** Success bodies are handed back unread as a stream; otherwise the whole body is buffered. */
  stream: boolean;
  signal?: AbortSignal;
  /** Client certificate chosen by the auth interceptor (selects the dispatcher). */
  clientCertificate?: string;
  clientKey?: string;
  trace: RequestTrace;
}

/** One exchange's answer. Exactly one of `data` (buffered) and `body` (stream, 2xx only) is set. */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  data?: Buffer;
  body?: Readable;
}

export type Send = (request: HttpRequest) => Promise<HttpResponse>;
export type Interceptor = (next: Send) => Send;

/** `compose(send, a, b, c)` = a(b(c(send))): the first interceptor is the outermost. */
export function compose(send: Send, ...interceptors: Interceptor[]): Send {
  return interceptors.reduceRight<Send>((next, interceptor) => interceptor(next), send);
}

/**
 * client-go's retry policy (backoff.ts): an answer with status 429/5xx and an integer `Retry-After` is
 * retried after exactly that wait, for any method; a GET whose connection was reset or closed before the
 * response is retried after 1 s; at most `maxRetries` retries in all. Waits are abortable.
 */
export function retryInterceptor(options: ResolvedRetryOptions): Interceptor {
  return (next) => async (request) => {
    for (let retries = 0; ; retries++) {
      let response: HttpResponse;
      try {
        response = await next(request);
      } catch (error) {
        if (request.signal?.aborted) throw error;
        if (retries >= options.maxRetries || !isRetryableFailure(request.method, error)) throw error;
        const reason = errorCodes(error)[0] ?? "connection closed";
        await wait(request, CONNECTION_RETRY_DELAY_MS, reason);
        continue;
      }
      if (retries >= options.maxRetries) return response;
      const requested = requestedWaitMs(response.statusCode, response.headers);
      if (requested === undefined) return response;
      response.body?.destroy();
      const delayMs = Math.min(requested, options.maxRetryAfterMs);
      await wait(request, delayMs, `HTTP ${response.statusCode} Retry-After`);
    }
  };
}

function wait(request: HttpRequest, delayMs: number, reason: string): Promise<void> {
  publishBetween(request.trace, request.method, request.url, { type: "retry", delayMs, reason });
  return sleep(delayMs, request.signal);
}

/** Takes a token from the transport's bucket before every exchange (retries included, like client-go). */
export function rateLimitInterceptor(limiter: RateLimiter): Interceptor {
  return (next) => async (request) => {
    const waited = await limiter.acquire(request.signal);
    if (waited > 0)
      publishBetween(request.trace, request.method, request.url, { type: "throttle", delayMs: waited });
    return next(request);
  };
}

/**
 * Fetches credentials before every exchange (the source caches) and sets `Authorization` (Bearer, else
 * Basic) and the client certificate; a 401 is re-authenticated once (reauth.ts). A second 401 is returned
 * as is, and the transport throws UnauthorizedError.
 */
export function authInterceptor(credentials: CredentialSource): Interceptor {
  return (next) => (request) =>
    sendWithReauth(
      credentials,
      request.signal,
      (creds) => {
        const headers = { ...request.headers };
        const authorization = authorizationHeader(creds);
        if (authorization) headers.authorization = authorization;
        const authed: HttpRequest = { ...request, headers };
        if (creds.clientCertificate && creds.clientKey) {
          authed.clientCertificate = creds.clientCertificate;
          authed.clientKey = creds.clientKey;
        }
        return next(authed);
      },
      (response) => response.statusCode === 401,
      () => publishBetween(request.trace, request.method, request.url, { type: "reauth", statusCode: 401 }),
    );
}

/** Publishes every exchange (redacted) on the `kr8s:http` channel and `NODE_DEBUG=kr8s`. Innermost. */
export function debugInterceptor(): Interceptor {
  return (next) => (request) =>
    traceExchange(
      request.trace,
      { method: request.method, url: request.url, headers: request.headers },
      () => next(request),
      (response) => response,
    );
}
