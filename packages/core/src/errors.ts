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

/**
 * The machine-readable `code` of every kr8s error, one per class. Stable across releases: switch on it
 * rather than on messages.
 */
export type Kr8sErrorCode =
  | "KR8S_ERROR"
  | "KR8S_KUBECONFIG"
  | "KR8S_AUTHENTICATION"
  | "KR8S_CONNECTION"
  | "KR8S_SERVER"
  | "KR8S_NOT_FOUND"
  | "KR8S_UNAUTHORIZED"
  | "KR8S_FORBIDDEN"
  | "KR8S_CONFLICT"
  | "KR8S_INVALID"
  | "KR8S_GONE"
  | "KR8S_TIMEOUT"
  | "KR8S_UNKNOWN_KIND"
  | "KR8S_INVALID_OBJECT"
  | "KR8S_INVALID_ARGUMENT"
  | "KR8S_PARTIAL_WRITE"
  | "KR8S_INVALID_REQUEST"
  | "KR8S_INVALID_RESPONSE"
  | "KR8S_WATCH"
  | "KR8S_ROLLOUT"
  | "KR8S_DRAIN"
  | "KR8S_CONNECTION_CLOSED"
  | "KR8S_EXEC"
  | "KR8S_COMMAND_NOT_FOUND"
  | "KR8S_CONTAINER_NOT_FOUND"
  | "KR8S_POD_NOT_RUNNING"
  | "KR8S_COPY"
  | "KR8S_PORT_FORWARD";

/**
 * `instanceof` across copies of @kr8s/core. A plugin may bring its own copy of core (another version, or a
 * duplicated install), and then `error instanceof NotFoundError` would be false for errors thrown by the
 * other copy. As undici does, each class carries a brand registered with `Symbol.for` (shared by every
 * copy in the process) and `instanceof` checks the brand instead of the prototype chain.
 */
const BRAND = Symbol.for("kr8s.error.brand");

type Branded = { [BRAND]?: symbol };

/** Gives `cls` its cross-copy brand. `name` must never change: it is what two copies agree on. */
function brand(cls: abstract new (...args: never[]) => Error, name: string): void {
  Object.defineProperty(cls, BRAND, { value: Symbol.for(`kr8s.error.${name}`) });
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
  static {
    brand(this, "Kr8sError");
  }

  /**
   * True when `value` was made by this class (or a subclass) in any copy of @kr8s/core loaded in the
   * process. A user subclass without a brand of its own falls back to the ordinary prototype check.
   */
  static override [Symbol.hasInstance](
    this: abstract new (...args: never[]) => unknown,
    value: unknown,
  ): boolean {
    if (!Object.hasOwn(this, BRAND)) return Function.prototype[Symbol.hasInstance].call(this, value);
    const mark = (this as Branded)[BRAND];
    return typeof value === "object" && value !== null && mark !== undefined && mark in value;
  }

  /** Stable, machine-readable: `KR8S_NOT_FOUND`, `KR8S_KUBECONFIG`… (each subclass has its own). */
  readonly code: Kr8sErrorCode = "KR8S_ERROR";
  /** Short "what to do" lines; empty when there is nothing to suggest. */
  readonly suggestions: readonly string[];

  constructor(message: string, options: Kr8sErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.suggestions = options.suggestions ?? [];
    for (let cls: unknown = new.target; cls !== Error && typeof cls === "function";) {
      if (Object.hasOwn(cls, BRAND)) {
        Object.defineProperty(this, (cls as Branded)[BRAND] as symbol, { value: true });
      }
      cls = Object.getPrototypeOf(cls);
    }
  }
}

/** A kubeconfig (or in-cluster configuration) is missing, unreadable or inconsistent. */
export class KubeConfigError extends Kr8sError {
  static {
    brand(this, "KubeConfigError");
  }

  override readonly code = "KR8S_KUBECONFIG";
  /** The file the problem was found in, when there is one. */
  readonly file: string | undefined;
  /** The field, e.g. `users[admin].client-certificate`, when there is one. */
  readonly field: string | undefined;
  /**
   * Every problem found, one line each in client-go's words, when the error reports client-go's checks of
   * the configuration kubectl's flags changed (`unable to read client-cert c.crt for admin due to open
   * c.crt: no such file or directory`); empty otherwise. kubectl prints one as `error: …` and several as
   * `Error in configuration:` followed by a `* …` line each.
   */
  readonly problems: readonly string[];

  constructor(
    message: string,
    options: Kr8sErrorOptions & { file?: string | undefined; field?: string; problems?: string[] } = {},
  ) {
    const where = [options.file, options.field].filter(Boolean).join(": ");
    super(where ? `${message} (${where})` : message, options);
    this.file = options.file;
    this.field = options.field;
    this.problems = options.problems ?? [];
  }
}

/** Credentials could not be obtained (exec plugin failed, token file unreadable, OIDC refresh refused…). */
export class AuthenticationError extends Kr8sError {
  static {
    brand(this, "AuthenticationError");
  }

  override readonly code = "KR8S_AUTHENTICATION";
}

/** The API server could not be reached, or the connection broke before a response. */
export class ConnectionError extends Kr8sError {
  static {
    brand(this, "ConnectionError");
  }

  override readonly code: Kr8sErrorCode = "KR8S_CONNECTION";
  /** The API server URL that could not be reached. */
  readonly url: string | undefined;
  constructor(message: string, options: Kr8sErrorOptions & { url?: string } = {}) {
    super(message, options);
    this.url = options.url;
  }
}

/**
 * A stream (exec, attach) ended before it was complete: the API server closed the WebSocket without the
 * command's exit status, or stopped answering keepalive pings.
 */
export class ConnectionClosedError extends ConnectionError {
  static {
    brand(this, "ConnectionClosedError");
  }

  override readonly code = "KR8S_CONNECTION_CLOSED";
}

/** The API server answered with an error status; `status` is its `metav1.Status` (or one synthesised). */
export class ServerError extends Kr8sError {
  static {
    brand(this, "ServerError");
  }

  override readonly code: Kr8sErrorCode = "KR8S_SERVER";
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
  static {
    brand(this, "NotFoundError");
  }

  override readonly code = "KR8S_NOT_FOUND";
}

/** 401: the server did not accept the credentials (after one refresh). */
export class UnauthorizedError extends ServerError {
  static {
    brand(this, "UnauthorizedError");
  }

  override readonly code = "KR8S_UNAUTHORIZED";
}

/** 403: authenticated, but RBAC (or an admission webhook) denied the request. */
export class ForbiddenError extends ServerError {
  static {
    brand(this, "ForbiddenError");
  }

  override readonly code = "KR8S_FORBIDDEN";
}

/**
 * A request kr8s cannot send as given: a body that cannot be encoded as JSON (a cycle, a BigInt), a header
 * name or value HTTP does not allow, an invalid method. Nothing reached the server.
 */
export class InvalidRequestError extends Kr8sError {
  static {
    brand(this, "InvalidRequestError");
  }

  override readonly code = "KR8S_INVALID_REQUEST";
}

/**
 * The API server (or something answering in its place, such as a proxy) sent a success response kr8s
 * cannot read: a body that is not valid JSON although its content type says JSON. Names the request, the
 * status and the content type; never quotes the body, which may hold secret data.
 */
export class InvalidResponseError extends Kr8sError {
  static {
    brand(this, "InvalidResponseError");
  }

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
  static {
    brand(this, "APITimeoutError");
  }

  override readonly code = "KR8S_TIMEOUT";
}

/** One field a server-side apply could not take over: who owns it now. */
export interface FieldConflict {
  /** The field path as the server names it, e.g. `.spec.replicas` or `.data.color`. */
  readonly field: string;
  /** The field manager that owns the field (`kubectl`, `kube-controller-manager`…), when the server says. */
  readonly manager: string | undefined;
  /** The server's own text for this conflict. */
  readonly message: string;
}

/**
 * 409: the write collided with the object's current state. {@link ServerError.reason} tells which collision:
 * - `AlreadyExists`: `create` of an object that exists (use `apply` to upsert);
 * - `Conflict` with no {@link ConflictError.conflicts}: `replace` with a stale `metadata.resourceVersion`
 *   (read the object again, re-apply your change, retry);
 * - `Conflict` with `conflicts`: a server-side apply would take fields owned by other field managers
 *   (`force: true` takes them, like kubectl's `--force-conflicts`).
 */
export class ConflictError extends ServerError {
  static {
    brand(this, "ConflictError");
  }

  override readonly code = "KR8S_CONFLICT";
  /** The server-side apply conflicts from `details.causes` (`FieldManagerConflict`); empty otherwise. */
  readonly conflicts: readonly FieldConflict[];

  constructor(statusCode: number, status: KubernetesStatus, options: Kr8sErrorOptions = {}) {
    const conflicts = fieldConflicts(status);
    super(statusCode, status, {
      ...options,
      suggestions: options.suggestions ?? conflictSuggestions(status, conflicts),
    });
    this.conflicts = conflicts;
  }

  /** The distinct managers named by {@link conflicts}, in the server's order. */
  get managers(): string[] {
    return [...new Set(this.conflicts.flatMap((c) => (c.manager === undefined ? [] : [c.manager])))];
  }
}

function fieldConflicts(status: KubernetesStatus): FieldConflict[] {
  return (status.details?.causes ?? [])
    .filter((cause) => cause.reason === "FieldManagerConflict")
    .map((cause) => {
      const message = cause.message ?? "";
      // apimachinery's wording: `conflict with "<manager>"[ using <apiVersion>][ with subresource "<s>"]`.
      const manager = /conflict with "((?:[^"\\]|\\.)*)"/.exec(message)?.[1];
      return { field: cause.field ?? "", manager, message };
    });
}

function conflictSuggestions(status: KubernetesStatus, conflicts: FieldConflict[]): string[] {
  if (conflicts.length > 0) {
    return [
      "to take ownership of these fields, apply again with force: true (kubectl's --force-conflicts)",
      "or leave these fields out of the applied object so their current managers keep them",
    ];
  }
  if (status.reason === "AlreadyExists") return ["use apply (server-side apply) to create or update"];
  if (status.reason === "Conflict") {
    return ["the object changed since it was read: get it again, re-make your change and retry"];
  }
  return [];
}

/** 422: the server refused the object as invalid; {@link InvalidError.causes} names each bad field. */
export class InvalidError extends ServerError {
  static {
    brand(this, "InvalidError");
  }

  override readonly code = "KR8S_INVALID";

  /** One entry per rejected field (`field`, `reason` such as `FieldValueRequired`, `message`). */
  get causes(): { reason?: string; message?: string; field?: string }[] {
    return this.status.details?.causes ?? [];
  }
}

/**
 * 410: a `resourceVersion` or list `continue` token is too old (etcd compacted it). Start again from a
 * fresh list; `watch()` does this by itself.
 */
export class GoneError extends ServerError {
  static {
    brand(this, "GoneError");
  }

  override readonly code = "KR8S_GONE";
}

/** A kind spelling that no resource served by the cluster matches. */
export class UnknownKindError extends Kr8sError {
  static {
    brand(this, "UnknownKindError");
  }

  override readonly code = "KR8S_UNKNOWN_KIND";
  /** The spelling that did not resolve, as given. */
  readonly kind: string;
  /** Served spellings closest to {@link kind} (edit distance), best first; may be empty. */
  readonly nearest: readonly string[];

  constructor(kind: string, nearest: readonly string[], options: Kr8sErrorOptions = {}) {
    const hint = nearest.length > 0 ? ` (did you mean ${nearest.map((n) => `"${n}"`).join(", ")}?)` : "";
    // kubectl's wording, so users searching for it find the same answers.
    super(`the server doesn't have a resource type "${kind}"${hint}`, {
      ...options,
      suggestions: options.suggestions ?? [
        "list the resource types the server has with `kubectl api-resources`",
        "a custom resource resolves once its CustomResourceDefinition is established",
      ],
    });
    this.kind = kind;
    this.nearest = nearest;
  }
}

/**
 * An object handed to a verb cannot be sent (no `kind`, no `apiVersion`, no `metadata.name`, a namespace on
 * a cluster-scoped kind…; raised before anything is written), or a manifest cannot be read as objects
 * (invalid YAML or JSON, a document that is not an object; {@link file} and {@link document} say where).
 */
export class InvalidObjectError extends Kr8sError {
  static {
    brand(this, "InvalidObjectError");
  }

  override readonly code = "KR8S_INVALID_OBJECT";
  /** Position of the offending object in the list given to the verb, when several were given. */
  readonly index: number | undefined;
  /** The manifest file (or the name given to a string) the object came from, when it came from one. */
  readonly file: string | undefined;
  /** The document of {@link file}, counted from 1 as the documents appear (empty ones included). */
  readonly document: number | undefined;

  constructor(
    message: string,
    options: Kr8sErrorOptions & { index?: number; file?: string; document?: number } = {},
  ) {
    const where = [
      options.file,
      options.document === undefined ? undefined : `document ${options.document}`,
      options.index === undefined ? undefined : `object ${options.index + 1}`,
    ].filter((part) => part !== undefined);
    super(where.length === 0 ? message : `${where.join(", ")}: ${message}`, options);
    this.index = options.index;
    this.file = options.file;
    this.document = options.document;
  }
}

/**
 * A write of several objects stopped midway: the server refused one of them after earlier ones were
 * written. The server's error is the `cause`; {@link written} and {@link notWritten} say where things stand
 * (each as `Kind namespace/name`).
 */
export class PartialWriteError extends Kr8sError {
  static {
    brand(this, "PartialWriteError");
  }

  override readonly code = "KR8S_PARTIAL_WRITE";
  /** Objects the server accepted before the failure. */
  readonly written: readonly string[];
  /** The refused object first, then every object not attempted. */
  readonly notWritten: readonly string[];

  constructor(
    verb: string,
    written: readonly string[],
    notWritten: readonly string[],
    cause: unknown,
    options: Kr8sErrorOptions = {},
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const list = (items: readonly string[]): string => (items.length > 0 ? items.join(", ") : "none");
    super(
      `${verb} stopped at ${notWritten[0] ?? "an object"}: ${reason}; written: ${list(written)}; not written: ${list(notWritten)}`,
      {
        ...options,
        cause,
        suggestions: options.suggestions ?? (cause instanceof Kr8sError ? [...cause.suggestions] : []),
      },
    );
    this.written = written;
    this.notWritten = notWritten;
  }
}

/** A verb was called with arguments that cannot work together (names with `ALL`, a bad patch type…). */
export class InvalidArgumentError extends Kr8sError {
  static {
    brand(this, "InvalidArgumentError");
  }

  override readonly code = "KR8S_INVALID_ARGUMENT";
}

/**
 * The server ended a watch with an in-stream `ERROR` event that cannot be recovered from by reconnecting or
 * re-listing (410 and the transient 429/500/504 are handled inside the watch), or sent a line that is not a
 * watch event. `status` is the server's `Status`; `statusCode` its `code` (the HTTP response itself was 200).
 */
export class WatchError extends ServerError {
  static {
    brand(this, "WatchError");
  }

  override readonly code = "KR8S_WATCH";

  constructor(status: KubernetesStatus, what: string) {
    const message =
      status.message ?? `the server ended the watch with an error (${status.reason ?? "no reason given"})`;
    super(status.code ?? 500, { ...status, message: `${what}: ${message}` });
  }
}

/**
 * A rollout helper cannot do what was asked, for a reason kubectl also refuses: a paused Deployment
 * (restart, undo), a revision that is not in the history, no previous revision to go back to.
 */
export class RolloutError extends Kr8sError {
  static {
    brand(this, "RolloutError");
  }

  override readonly code = "KR8S_ROLLOUT";
}

/**
 * `Node.drain()` refused to evict some pods, as `kubectl drain` refuses them: pods with local storage
 * (`emptyDir`) without `deleteEmptyDirData`, pods no controller recreates without `force`, DaemonSet pods
 * with `ignoreDaemonSets: false`. The node stays cordoned. {@link DrainError.pods} names them
 * (`namespace/name`) by reason.
 */
export class DrainError extends Kr8sError {
  static {
    brand(this, "DrainError");
  }

  override readonly code = "KR8S_DRAIN";
  /** The refused pods (`namespace/name`), keyed by why (kubectl's wording). */
  readonly pods: Readonly<Record<string, readonly string[]>>;

  constructor(node: string, pods: Record<string, string[]>, options: Kr8sErrorOptions = {}) {
    const reasons = Object.entries(pods).map(([why, names]) => `${why}: ${names.join(", ")}`);
    super(`cannot drain node ${node}: cannot delete ${reasons.join("; cannot delete ")}`, options);
    this.pods = pods;
  }
}

/** Where a stream ran: the pod, its namespace and the container. */
export interface ContainerRef {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
}

/**
 * A command run with `exec` (with `check: true`, the default) exited with a non-zero code. Carries what it
 * printed and the exact code: an exit code of 3 stays 3 (the Status cause `ExitCode`, as kubectl reads it).
 */
export class ExecError extends Kr8sError {
  static {
    brand(this, "ExecError");
  }

  override readonly code = "KR8S_EXEC";
  /** The command's exit code (never 0). */
  readonly exitCode: number;
  /** What the command printed on stdout: a string, or a Buffer with `encoding: "buffer"`. */
  readonly stdout: string | Buffer;
  /** What the command printed on stderr (empty with `tty: true`, where stderr goes to stdout). */
  readonly stderr: string | Buffer;
  /** The command as given. */
  readonly command: readonly string[];

  constructor(
    command: readonly string[],
    where: ContainerRef,
    result: { exitCode: number; stdout: string | Buffer; stderr: string | Buffer },
    options: Kr8sErrorOptions = {},
  ) {
    super(
      `command ${JSON.stringify(command[0] ?? "")} in ${describeContainer(where)} exited with code ${result.exitCode}`,
      {
        ...options,
        suggestions: options.suggestions ?? [
          "read the error's stderr and stdout; pass check: false to get the exit code without an error",
        ],
      },
    );
    this.exitCode = result.exitCode;
    this.stdout = result.stdout;
    this.stderr = result.stderr;
    this.command = command;
  }
}

/** The command given to `exec` (or `tar`, for `cp`) does not exist in the container. */
export class CommandNotFoundError extends Kr8sError {
  static {
    brand(this, "CommandNotFoundError");
  }

  override readonly code = "KR8S_COMMAND_NOT_FOUND";
  /** The program that was not found (the command's first word). */
  readonly command: string;

  constructor(command: string, where: ContainerRef, options: Kr8sErrorOptions = {}) {
    super(`${JSON.stringify(command)} was not found in ${describeContainer(where)}`, {
      ...options,
      suggestions: options.suggestions ?? [
        "check the spelling, or give the program's absolute path; the container's image may not include it",
      ],
    });
    this.command = command;
  }
}

/** The container named for `exec`, `attach` or `cp` is not one of the pod's containers. */
export class ContainerNotFoundError extends Kr8sError {
  static {
    brand(this, "ContainerNotFoundError");
  }

  override readonly code = "KR8S_CONTAINER_NOT_FOUND";
  /** The containers the pod has (regular, then init, then ephemeral). */
  readonly available: readonly string[];

  constructor(where: ContainerRef, available: readonly string[], options: Kr8sErrorOptions = {}) {
    super(`pod ${where.namespace}/${where.pod} has no container ${JSON.stringify(where.container)}`, {
      ...options,
      suggestions: options.suggestions ?? [
        available.length > 0 ? `choose one of: ${available.join(", ")}` : "the pod lists no containers",
      ],
    });
    this.available = available;
  }
}

/**
 * The pod cannot run a command now: it is not scheduled yet, has completed (`Succeeded`/`Failed`, kubectl's
 * "cannot exec into a container in a completed pod"), or the chosen container is not running.
 */
export class PodNotRunningError extends Kr8sError {
  static {
    brand(this, "PodNotRunningError");
  }

  override readonly code = "KR8S_POD_NOT_RUNNING";
  /** The pod's `status.phase` (`Pending`, `Succeeded`, `Failed`, …), when it has one. */
  readonly phase: string | undefined;

  constructor(message: string, phase: string | undefined, options: Kr8sErrorOptions = {}) {
    super(message, options);
    this.phase = phase;
  }
}

/** `cp` failed: tar in the container failed (its message is included), or its archive was cut short. */
export class CopyError extends Kr8sError {
  static {
    brand(this, "CopyError");
  }

  override readonly code = "KR8S_COPY";
}

function describeContainer(where: ContainerRef): string {
  return `container ${JSON.stringify(where.container)} of pod ${where.namespace}/${where.pod}`;
}

/**
 * A port-forward could not start or one of its connections failed: a local port already in use or not
 * bindable (`localPort`, `address` set), or the pod side refused a connection (the text of the port's error
 * channel, e.g. nothing listening on `remotePort` in the pod).
 */
export class PortForwardError extends Kr8sError {
  static {
    brand(this, "PortForwardError");
  }

  override readonly code = "KR8S_PORT_FORWARD";
  /** The local port, when the problem is on this machine. */
  readonly localPort: number | undefined;
  /** The local address, when the problem is on this machine. */
  readonly address: string | undefined;
  /** The pod's port, when the problem is on the pod's side. */
  readonly remotePort: number | undefined;

  constructor(
    message: string,
    options: Kr8sErrorOptions & { localPort?: number; address?: string; remotePort?: number } = {},
  ) {
    super(message, options);
    this.localPort = options.localPort;
    this.address = options.address;
    this.remotePort = options.remotePort;
  }
}
