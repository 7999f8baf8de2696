/**
 * Errors a user of @kr8s/core may catch. Every error has a literal `code`, an optional `cause`, and
 * optional `suggestions` (short "what to do" lines that the CLI prints under the message).
 * Messages never contain a token, key, password or Authorization header.
 */

/** The Kubernetes `metav1.Status` object the API server returns with an error. */
export interface KubernetesStatus {
  apiVersion?: string;
  kind?: "Status";
  status?: "Success" | "Failure";
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: { reason?: string; message?: string; field?: string }[];
    retryAfterSeconds?: number;
  };
}

/** Options every kr8s error takes. */
export interface Kr8sErrorOptions {
  /** The underlying error (an `fs`, undici or TLS error…), kept as `Error.cause`. */
  cause?: unknown;
  /** Short "what to do" lines, shown under the message by the CLI. */
  suggestions?: string[];
}

/**
 * Base class of every error thrown by kr8s.
 * @example
 * try { await k.version(); } catch (e) { if (e instanceof Kr8sError) console.error(e.code, e.suggestions); }
 */
export class Kr8sError extends Error {
  /** Stable, machine-readable: `KR8S_NOT_FOUND`, `KR8S_KUBECONFIG`… (each subclass has its own). */
  readonly code: string = "KR8S_ERROR";
  /** Short "what to do" lines; empty when there is nothing to suggest. */
  readonly suggestions: readonly string[];

  constructor(message: string, options: Kr8sErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.suggestions = options.suggestions ?? [];
  }
}

/** A kubeconfig (or in-cluster configuration) is missing, unreadable or inconsistent. */
export class KubeConfigError extends Kr8sError {
  override readonly code = "KR8S_KUBECONFIG";
  /** The file the problem was found in, when there is one. */
  readonly file: string | undefined;
  /** The field, e.g. `users[admin].client-certificate`, when there is one. */
  readonly field: string | undefined;

  constructor(message: string, options: Kr8sErrorOptions & { file?: string; field?: string } = {}) {
    const where = [options.file, options.field].filter(Boolean).join(": ");
    super(where ? `${message} (${where})` : message, options);
    this.file = options.file;
    this.field = options.field;
  }
}

/** Credentials could not be obtained (exec plugin failed, token file unreadable, OIDC refresh refused…). */
export class AuthenticationError extends Kr8sError {
  override readonly code = "KR8S_AUTHENTICATION";
}

/** The API server could not be reached, or the connection broke before a response. */
export class ConnectionError extends Kr8sError {
  override readonly code = "KR8S_CONNECTION";
  /** The API server URL that could not be reached. */
  readonly url: string | undefined;
  constructor(message: string, options: Kr8sErrorOptions & { url?: string } = {}) {
    super(message, options);
    this.url = options.url;
  }
}

/** The API server answered with an error status; `status` is its `metav1.Status` (or one synthesised). */
export class ServerError extends Kr8sError {
  override readonly code: string = "KR8S_SERVER";
  readonly status: KubernetesStatus;
  /** HTTP status code of the response. */
  readonly statusCode: number;

  constructor(statusCode: number, status: KubernetesStatus, options: Kr8sErrorOptions = {}) {
    super(status.message ?? `the server answered HTTP ${statusCode}`, options);
    this.statusCode = statusCode;
    this.status = status;
  }

  /** The machine-readable reason, e.g. `NotFound`, `Forbidden`, `AlreadyExists`, `Conflict`. */
  get reason(): string | undefined {
    return this.status.reason;
  }
}

/** 404: the object or resource does not exist. */
export class NotFoundError extends ServerError {
  override readonly code = "KR8S_NOT_FOUND";
}

/** 401: the server did not accept the credentials (after one refresh). */
export class UnauthorizedError extends ServerError {
  override readonly code = "KR8S_UNAUTHORIZED";
}

/** 403: authenticated, but RBAC (or an admission webhook) denied the request. */
export class ForbiddenError extends ServerError {
  override readonly code = "KR8S_FORBIDDEN";
}

/**
 * A request kr8s cannot send as given: a body that cannot be encoded as JSON (a cycle, a BigInt), a header
 * name or value HTTP does not allow, an invalid method. Nothing reached the server.
 */
export class InvalidRequestError extends Kr8sError {
  override readonly code = "KR8S_INVALID_REQUEST";
}

/**
 * The API server (or something answering in its place, such as a proxy) sent a success response kr8s
 * cannot read: a body that is not valid JSON although its content type says JSON. Names the request, the
 * status and the content type; never quotes the body, which may hold secret data.
 */
export class InvalidResponseError extends Kr8sError {
  override readonly code = "KR8S_INVALID_RESPONSE";
  /** HTTP status code of the response. */
  readonly statusCode: number;
  constructor(message: string, options: Kr8sErrorOptions & { statusCode: number }) {
    super(message, options);
    this.statusCode = options.statusCode;
  }
}

/** A wait or a request did not finish within its timeout. */
export class APITimeoutError extends Kr8sError {
  override readonly code = "KR8S_TIMEOUT";
}
