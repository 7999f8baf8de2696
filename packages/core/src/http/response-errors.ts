/** Turning failed responses and network failures into kr8s's typed errors. */
import { Readable } from "node:stream";
import {
  APITimeoutError,
  ConflictError,
  ConnectionError,
  ForbiddenError,
  GoneError,
  InvalidError,
  InvalidRequestError,
  NotFoundError,
  ServerError,
  UnauthorizedError,
} from "../errors.ts";
import { Kr8sError } from "../errors.ts";
import type { KubernetesStatus } from "../errors.ts";
import { errorCodes, errorLabel } from "./backoff.ts";
import { redactUrl } from "./redact.ts";

/**
 * Reason and message client-go synthesises when an error response carries no Status
 * (apimachinery `NewGenericServerResponse`, checked against kubectl v1.32 in response-errors.test.ts):
 * 403, 406 and 415 keep the server's text as the message, other 5xx quote it, the rest use a fixed
 * message (the text stays in `details.causes`).
 */
function genericStatus(
  statusCode: number,
  method: string,
  serverMessage: string,
): { reason: string; message: string } {
  switch (statusCode) {
    case 400:
      return { reason: "BadRequest", message: "the server rejected our request for an unknown reason" };
    case 401:
      return {
        reason: "Unauthorized",
        message: "the server has asked for the client to provide credentials",
      };
    case 403:
      return {
        reason: "Forbidden",
        message: serverMessage || "the server does not allow access to the requested resource",
      };
    case 404:
      return { reason: "NotFound", message: "the server could not find the requested resource" };
    case 405:
      return {
        reason: "MethodNotAllowed",
        message: "the server does not allow this method on the requested resource",
      };
    case 406:
      return {
        reason: "NotAcceptable",
        message:
          serverMessage || "the server was unable to respond with a content type that the client supports",
      };
    case 409:
      return {
        reason: method === "POST" ? "AlreadyExists" : "Conflict",
        message: "the server reported a conflict",
      };
    case 415:
      return {
        reason: "UnsupportedMediaType",
        message: serverMessage || "the server does not support the content type of the request body",
      };
    case 422:
      return { reason: "Invalid", message: "the server rejected our request due to an error in our request" };
    case 429:
      return {
        reason: "TooManyRequests",
        message: "the server has received too many requests and has asked us to try again later",
      };
    case 503:
      return {
        reason: "ServiceUnavailable",
        message: "the server is currently unable to handle the request",
      };
    case 504:
      return {
        reason: "Timeout",
        message:
          "the server was unable to return a response in the time allotted, but may still be processing the request",
      };
    default:
      return statusCode >= 500
        ? {
            reason: "InternalError",
            message: `an error on the server (${JSON.stringify(serverMessage)}) has prevented the request from succeeding`,
          }
        : {
            reason: "Unknown",
            message: `the server responded with the status code ${statusCode} but did not return more information`,
          };
  }
}

/** How much of a body that is not a Status is kept (client-go's `maxUnstructuredResponseTextBytes`). */
const MAX_SERVER_MESSAGE_CHARS = 2048;

function isStatus(value: unknown): value is KubernetesStatus {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "Status" &&
    typeof (value as { status?: unknown }).status === "string"
  );
}

/**
 * The Status of an error response: the server's own when the body is one, otherwise synthesised the way
 * kubectl does (reason and message from the code; the body text, cut to 2048 characters, kept as the
 * cause's message).
 */
export function statusFromResponse(
  statusCode: number,
  body: Buffer | string,
  method: string,
): KubernetesStatus {
  const text = typeof body === "string" ? body : body.toString("utf8");
  try {
    const parsed: unknown = JSON.parse(text);
    if (isStatus(parsed)) return parsed;
  } catch {
    // not JSON: synthesise below
  }
  const serverMessage = text.slice(0, MAX_SERVER_MESSAGE_CHARS).trim();
  const { reason, message } = genericStatus(statusCode, method.toUpperCase(), serverMessage);
  const status: KubernetesStatus = {
    apiVersion: "v1",
    kind: "Status",
    status: "Failure",
    code: statusCode,
    reason,
    message,
  };
  if (serverMessage)
    status.details = { causes: [{ reason: "UnexpectedServerResponse", message: serverMessage }] };
  return status;
}

/** The ServerError subclass for a status code. */
export function serverError(
  statusCode: number,
  status: KubernetesStatus,
  retryAfterMs?: number,
): ServerError {
  switch (statusCode) {
    case 401:
      return new UnauthorizedError(statusCode, status, {
        suggestions: [
          "check the user's credentials in your kubeconfig (token, client certificate, exec plugin)",
        ],
      });
    case 403:
      return new ForbiddenError(statusCode, status);
    case 404:
      return new NotFoundError(statusCode, status);
    case 409:
      return new ConflictError(statusCode, status);
    case 410:
      return new GoneError(statusCode, status);
    case 422:
      return new InvalidError(statusCode, status);
    default:
      return new ServerError(
        statusCode,
        status,
        statusCode === 429 && retryAfterMs !== undefined
          ? { suggestions: [`the server asked to retry after ${Math.ceil(retryAfterMs / 1000)} s`] }
          : {},
      );
  }
}

const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "CERT_SIGNATURE_FAILURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "HOSTNAME_MISMATCH",
]);

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Node's hint about --use-system-ca is about Node's flags, not about a kubeconfig: leave it out.
  return message.replace(/; if the root CA is installed locally.*$/s, "");
}

/** The server URL as messages and `url` show it: a `user:password@` in it redacted. */
function shownServer(server: string): string {
  return server.includes("@") ? redactUrl(server).replace(/\/$/, "") : server;
}

/**
 * A failure without a response → ConnectionError; APITimeoutError for header/body timeouts;
 * InvalidRequestError when undici or Node refused the request's shape before sending it.
 */
export function connectionError(error: unknown, server: string, method: string, url: string): Kr8sError {
  const codes = errorCodes(error);
  const has = (...c: string[]): boolean => c.some((x) => codes.includes(x));
  const detail = describe(error);
  const origin = new URL(server).host;
  const shown = shownServer(server);

  if (
    (globalThis as { WebAssembly?: unknown }).WebAssembly === undefined &&
    error instanceof ReferenceError
  ) {
    // undici parses HTTP/1.1 with llhttp compiled to WebAssembly, which `node --jitless` turns off.
    return new ConnectionError(
      `cannot send requests to the API server at ${shown}: this Node runs without WebAssembly (${detail}), which the HTTP client (undici) needs`,
      {
        cause: error,
        url: shown,
        suggestions: ["remove --jitless from Node's options (NODE_OPTIONS or the command line)"],
      },
    );
  }
  if (has("UND_ERR_INVALID_ARG", "ERR_INVALID_CHAR", "ERR_INVALID_HTTP_TOKEN")) {
    // undici and Node name the offending header or the method, never a header's value.
    return new InvalidRequestError(`${method} ${url} cannot be sent: ${detail}`, { cause: error });
  }
  if (has("UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT")) {
    return new APITimeoutError(`${method} ${url}: the API server at ${shown} stopped answering (${detail})`, {
      cause: error,
    });
  }
  if (codes.some((c) => TLS_CODES.has(c))) {
    return new ConnectionError(`cannot verify the TLS certificate of the API server at ${shown}: ${detail}`, {
      cause: error,
      url: shown,
      suggestions: [
        "check certificate-authority / certificate-authority-data of this cluster in your kubeconfig",
        "if the server's certificate is issued for another name, set tls-server-name",
        "insecure-skip-tls-verify: true turns verification off (unsafe; for test clusters only)",
      ],
    });
  }
  if (codes.some((c) => /CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN/.test(c))) {
    return new ConnectionError(`the API server at ${shown} rejected the client certificate: ${detail}`, {
      cause: error,
      url: shown,
      suggestions: ["check client-certificate / client-key of the user in your kubeconfig"],
    });
  }
  if (codes.some((c) => c.startsWith("ERR_SSL") || c.startsWith("ERR_TLS") || c.startsWith("EPROTO"))) {
    return new ConnectionError(`TLS handshake with the API server at ${shown} failed: ${detail}`, {
      cause: error,
      url: shown,
      suggestions: [
        "check that the server URL uses the right scheme (https://) and port",
        "check certificate-authority and insecure-skip-tls-verify of this cluster in your kubeconfig",
      ],
    });
  }
  if (has("ENOTFOUND", "EAI_AGAIN")) {
    return new ConnectionError(`cannot resolve the API server host ${origin} (${shown})`, {
      cause: error,
      url: shown,
      suggestions: ["check `server:` of the cluster in your kubeconfig, and your DNS / VPN"],
    });
  }
  const what = has("ECONNREFUSED")
    ? "the connection was refused"
    : has("UND_ERR_CONNECT_TIMEOUT", "ETIMEDOUT")
      ? "connecting timed out"
      : has("ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED")
        ? "the connection was closed before a response arrived"
        : detail;
  return new ConnectionError(`cannot reach the API server at ${shown}: ${what} (${method} ${url})`, {
    cause: error,
    url: shown,
    suggestions: [
      "is the API server running? check `server:` in your kubeconfig",
      "check proxy settings (HTTPS_PROXY, NO_PROXY, proxy-url)",
    ],
  });
}

/**
 * A streamed body (logs -f, watch) whose failures are Kr8sErrors: a connection that breaks in the middle
 * becomes a ConnectionError naming the request; Kr8sErrors (the inactivity timeout) and the reason of an
 * aborted `signal` pass unchanged. Destroying the returned stream destroys `body`.
 */
export function withTypedStreamErrors(
  body: Readable,
  server: string,
  shown: string,
  signal: AbortSignal | undefined,
): Readable {
  const url = shownServer(server);
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of body) yield chunk as Buffer;
    } catch (error) {
      if (error instanceof Kr8sError || signal?.aborted) throw error;
      const code = errorLabel(error);
      throw new ConnectionError(`the connection to ${url} broke during the response to ${shown} (${code})`, {
        cause: error,
        url,
        suggestions: ["the API server may have restarted: run the command again"],
      });
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
