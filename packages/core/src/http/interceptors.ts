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
import { debugEnabled, errorLabel, publish } from "./debug.ts";
import { authorizationHeader } from "./headers.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import { redactHeaders, redactUrl } from "./redact.ts";
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
 * Fetches credentials before every exchange (the source caches), sets `Authorization` (Bearer, else Basic) and the client
 * certificate; on 401 invalidates that generation and, if the source says a refresh is worth it, retries
 * exactly once with fresh credentials. The source's generation check makes many concurrent 401s cost one
 * refresh. A second 401 is returned as is (the transport throws UnauthorizedError).
 */
export function authInterceptor(credentials: CredentialSource): Interceptor {
  return (next) => async (request) => {
    const send = async (): Promise<{ response: HttpResponse; generation: number }> => {
      const creds = await credentials.get(request.signal);
      const headers = { ...request.headers };
      const authorization = authorizationHeader(creds);
      if (authorization) headers.authorization = authorization;
      const authed: HttpRequest = { ...request, headers };
      if (creds.clientCertificate && creds.clientKey) {
        authed.clientCertificate = creds.clientCertificate;
        authed.clientKey = creds.clientKey;
      }
      return { response: await next(authed), generation: creds.generation };
    };
    const first = await send();
    if (first.response.statusCode !== 401 || !credentials.invalidate(first.generation)) return first.response;
    if (debugEnabled()) {
      publish({
        type: "reauth",
        id: request.trace.id,
        attempt: request.trace.attempts,
        method: request.method,
        url: redactUrl(request.url),
        statusCode: 401,
      });
    }
    return (await send()).response;
  };
}

/** Publishes every exchange (redacted) on the `kr8s:http` channel and `NODE_DEBUG=kr8s`. Innermost. */
export function debugInterceptor(): Interceptor {
  return (next) => async (request) => {
    const attempt = ++request.trace.attempts;
    if (!debugEnabled()) return next(request);
    const base = { id: request.trace.id, attempt, method: request.method, url: redactUrl(request.url) };
    publish({ type: "request", ...base, headers: redactHeaders(request.headers) });
    const started = performance.now();
    try {
      const response = await next(request);
      publish({
        type: "response",
        ...base,
        statusCode: response.statusCode,
        durationMs: Math.round(performance.now() - started),
        headers: redactHeaders(response.headers),
      });
      return response;
    } catch (error) {
      publish({
        type: "error",
        ...base,
        durationMs: Math.round(performance.now() - started),
        error: errorLabel(error),
      });
      throw error;
    }
  };
}
