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
import {
  RETRY_STATUS,
  SAFE_METHODS,
  backoffDelay,
  errorCodes,
  isConnectionFailure,
  parseRetryAfter,
} from "./backoff.ts";
import { debugEnabled, publish, publishReauth, traceExchange } from "./debug.ts";
import { authorizationHeader } from "./headers.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import { sendWithReauth } from "./reauth.ts";
import { redactUrl } from "./redact.ts";
import { sleep } from "./sleep.ts";

/** Shared by every attempt of one logical request. */
export interface RequestTrace {
  id: number;
  /** Exchanges sent so far (retries and re-authentications included). */
  attempts: number;
}

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

function retryEvent(request: HttpRequest, delayMs: number, reason: string): void {
  if (!debugEnabled()) return;
  publish({
    type: "retry",
    id: request.trace.id,
    attempt: request.trace.attempts,
    method: request.method,
    url: redactUrl(request.url),
    delayMs,
    reason,
  });
}

/**
 * Retries 429 and 503 (any method: the server did not process the request), honouring `Retry-After`,
 * otherwise exponential backoff with jitter; and connection failures of GET/HEAD/OPTIONS only, like client-go
 * (a POST whose connection broke may have been applied). Waits are abortable.
 */
export function retryInterceptor(options: ResolvedRetryOptions): Interceptor {
  return (next) => async (request) => {
    for (let attempt = 1; ; attempt++) {
      let response: HttpResponse;
      try {
        response = await next(request);
      } catch (error) {
        if (request.signal?.aborted) throw error;
        const retryable =
          SAFE_METHODS.has(request.method) &&
          isConnectionFailure(error) &&
          attempt < options.maxConnectionAttempts;
        if (!retryable) throw error;
        const delay = backoffDelay(attempt, options);
        retryEvent(request, delay, errorCodes(error)[0] ?? "connection failure");
        await sleep(delay, request.signal);
        continue;
      }
      if (!RETRY_STATUS.has(response.statusCode) || attempt >= options.maxAttempts) return response;
      const retryAfter = parseRetryAfter(response.headers["retry-after"], options.maxRetryAfterMs);
      const delay = retryAfter ?? backoffDelay(attempt, options);
      response.body?.destroy();
      retryEvent(
        request,
        delay,
        `HTTP ${response.statusCode}${retryAfter === undefined ? "" : " Retry-After"}`,
      );
      await sleep(delay, request.signal);
    }
  };
}

/** Takes a token from the transport's bucket before every exchange (retries included, like client-go). */
export function rateLimitInterceptor(limiter: RateLimiter): Interceptor {
  return (next) => async (request) => {
    const waited = await limiter.acquire(request.signal);
    if (waited > 0 && debugEnabled()) {
      publish({
        type: "throttle",
        id: request.trace.id,
        attempt: request.trace.attempts + 1,
        method: request.method,
        url: redactUrl(request.url),
        delayMs: waited,
      });
    }
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
      () => publishReauth(request.trace.id, request.trace.attempts, request.method, request.url),
    );
}

/** Publishes every exchange (redacted) on the `kr8s:http` channel and `NODE_DEBUG=kr8s`. Innermost. */
export function debugInterceptor(): Interceptor {
  return (next) => (request) => {
    const attempt = ++request.trace.attempts;
    const exchange = {
      id: request.trace.id,
      attempt,
      method: request.method,
      url: request.url,
      headers: request.headers,
    };
    return traceExchange(
      exchange,
      () => next(request),
      (response) => response,
    );
  };
}
