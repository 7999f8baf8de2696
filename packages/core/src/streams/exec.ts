/**
 * `exec` and `attach`: a command (or the container's main process) over the pod's `exec`/`attach`
 * subresource WebSocket, `v5.channel.k8s.io` first (it can close stdin), `v4.channel.k8s.io` as the
 * fallback. Behaviour follows `kubectl exec`/`kubectl attach` (k8s.io/kubectl/pkg/cmd/exec,
 * k8s.io/client-go/tools/remotecommand/websocket.go).
 */
import type { Api } from "../api.ts";
import {
  APITimeoutError,
  CommandNotFoundError,
  ExecError,
  InvalidArgumentError,
  ServerError,
} from "../errors.ts";
import type { ContainerRef } from "../errors.ts";
import type { Query } from "../http/query.ts";
import { commandOutcome, EXEC_PROTOCOLS, missingProgram } from "./channels.ts";
import type { ExecProtocol } from "./channels.ts";
import { podPath } from "../internal/resource.ts";
import { resolveContainer } from "./pod-target.ts";
import type { PodRef } from "./pod-target.ts";
import { runSession } from "./session.ts";
import type { KeepaliveOptions, OutputTarget, SessionResult, StdinSource, TerminalSize } from "./session.ts";

/** Options shared by {@link exec} and {@link attach}. */
export interface StreamOptions {
  /**
   * The container. @default the pod's `kubectl.kubernetes.io/default-container` annotation when it names
   * one of its containers, else the first container (kubectl's rule).
   */
  container?: string;
  /**
   * Sent to the command's stdin, then end-of-file (the v5 close frame). Without it the command gets no
   * stdin. Over `v4.channel.k8s.io` end-of-file cannot be sent: a command that reads until end-of-file
   * never ends there.
   */
  stdin?: StdinSource;
  /** Stream stdout here instead of capturing it (the result's `stdout` is then empty). Not ended by kr8s. */
  stdout?: OutputTarget;
  /** Stream stderr here instead of capturing it (the result's `stderr` is then empty). Not ended by kr8s. */
  stderr?: OutputTarget;
  /**
   * Allocate a terminal (kubectl `-t`). The terminal merges stderr into stdout, so nothing arrives on stderr.
   * A terminal always has a stdin: without `stdin` the command gets an empty one (end-of-file at once).
   * @default false
   */
  tty?: boolean;
  /**
   * The terminal's size, sent right after connecting; an async iterable sends each new size (a resize).
   * Only with `tty: true`.
   */
  terminalSize?: TerminalSize | AsyncIterable<TerminalSize>;
  /** Abort: the WebSocket is closed at once. */
  signal?: AbortSignal;
  /** WebSocket keepalive (ping every 5 s, dead after 61 s of silence, like client-go). */
  keepalive?: KeepaliveOptions;
  /**
   * Subprotocols to offer, most preferred first. @default `["v5.channel.k8s.io", "v4.channel.k8s.io"]`
   */
  protocols?: readonly ExecProtocol[];
}

/** Options of {@link exec}. */
export interface ExecOptions extends StreamOptions {
  /** Throw {@link ExecError} when the command exits with a non-zero code. @default true */
  check?: boolean;
  /** The whole command's deadline (ms); when it passes, the WebSocket is closed and `APITimeoutError` thrown. */
  timeout?: number;
  /**
   * How captured output comes back: decoded as UTF-8 text (`"utf8"`), or the exact bytes (`"buffer"`), as
   * with Node's `execFile`. @default "utf8"
   */
  encoding?: "utf8" | "buffer";
}

/** What a command printed and how it exited. */
export interface ExecResult<T extends string | Buffer = string> {
  /** Captured stdout (empty when streamed to `options.stdout`). */
  stdout: T;
  /** Captured stderr (empty when streamed to `options.stderr`, and always with `tty: true`). */
  stderr: T;
  /** The command's exit code (0 on success; with `check: false`, also the non-zero ones). */
  exitCode: number;
  /** The container the command ran in (after defaulting). */
  container: string;
  /** The subprotocol the server chose. */
  protocol: ExecProtocol;
}

/** Options of {@link attach}. */
export interface AttachOptions extends StreamOptions {
  /** Detach after this long (ms); attach then resolves with what arrived, like aborting `signal`. */
  timeout?: number;
  /** @default "utf8" */
  encoding?: "utf8" | "buffer";
}

/** What arrived while attached, and how the container's process ended, if it did. */
export interface AttachResult<T extends string | Buffer = string> {
  stdout: T;
  stderr: T;
  /** The process's exit code when it ended while attached; `undefined` when the caller detached. */
  exitCode: number | undefined;
  container: string;
  protocol: ExecProtocol;
}

/**
 * Runs `command` in a container of a pod and waits for it to exit, like `kubectl exec`.
 * @param k the client.
 * @param pod the pod's name and namespace (default: the client's namespace), or a Pod `APIObject`.
 * @param command the program and its arguments (not run through a shell; use `["sh", "-c", "…"]` for one).
 * @example
 * const { stdout } = await exec(k, { name: "web" }, ["date"]);
 * const { exitCode } = await exec(k, pod, ["sh", "-c", "exit 3"], { check: false }); // 3
 * await exec(k, pod, ["wc", "-c"], { stdin: fs.createReadStream("big.bin") });
 * @throws {ExecError} when the command exits non-zero and `check` is not `false` (carries stdout, stderr, exitCode).
 * @throws {CommandNotFoundError} when the program does not exist in the container.
 * @throws {ContainerNotFoundError} when `container` is not one of the pod's.
 * @throws {PodNotRunningError} when the pod is not scheduled, completed, or the container is not running.
 * @throws {NotFoundError} when the pod does not exist.
 * @throws {APITimeoutError} when `timeout` passes first.
 * @throws {ConnectionClosedError} when the stream ends without the command's exit status.
 * @throws the `signal`'s reason when it aborts.
 */
export function exec(
  k: Api,
  pod: PodRef,
  command: readonly string[],
  options?: ExecOptions & { encoding?: "utf8" },
): Promise<ExecResult<string>>;
export function exec(
  k: Api,
  pod: PodRef,
  command: readonly string[],
  options: ExecOptions & { encoding: "buffer" },
): Promise<ExecResult<Buffer>>;
export async function exec(
  k: Api,
  pod: PodRef,
  command: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult<string | Buffer>> {
  if (command.length === 0 || command[0] === "") {
    throw new InvalidArgumentError("exec needs a command: an array with the program first", {
      suggestions: ['e.g. ["ls", "-l"], or ["sh", "-c", "echo $HOME"] for a shell command line'],
    });
  }
  const { signal, cleanup } = deadline(options.signal, options.timeout, "exec");
  try {
    const where = await resolveContainer(k, pod, options.container, "exec into", signal);
    const { result, protocol } = await stream(
      k,
      where,
      "exec",
      { command: [...command] },
      options,
      signal,
      false,
    );
    const decode = decoder(options.encoding);
    // Present: exec never detaches.
    const outcome = commandOutcome(result.status!);
    if (outcome.kind === "failed") {
      const program = missingProgram(outcome.status);
      if (program !== undefined) throw new CommandNotFoundError(program, where);
      throw new ServerError(outcome.status.code ?? 500, outcome.status);
    }
    const output = {
      stdout: decode(result.stdout),
      stderr: decode(result.stderr),
      exitCode: outcome.exitCode,
    };
    if (outcome.exitCode !== 0 && options.check !== false) throw new ExecError(command, where, output);
    return { ...output, container: where.container, protocol };
  } finally {
    cleanup();
  }
}

/**
 * Attaches to the main process of a container, like `kubectl attach`: receives what it prints from now on
 * and (with `stdin`) writes to its stdin. Ends when the process exits, or when the caller detaches by
 * aborting `signal` or when `timeout` passes — both resolve with what arrived.
 * @example
 * const ac = new AbortController(); setTimeout(() => ac.abort(), 5000);
 * await attach(k, { name: "web" }, { stdout: process.stdout, signal: ac.signal });
 * @throws {ContainerNotFoundError}, {PodNotRunningError}, {NotFoundError}, {ConnectionClosedError} as {@link exec}.
 */
export function attach(
  k: Api,
  pod: PodRef,
  options?: AttachOptions & { encoding?: "utf8" },
): Promise<AttachResult<string>>;
export function attach(
  k: Api,
  pod: PodRef,
  options: AttachOptions & { encoding: "buffer" },
): Promise<AttachResult<Buffer>>;
export async function attach(
  k: Api,
  pod: PodRef,
  options: AttachOptions = {},
): Promise<AttachResult<string | Buffer>> {
  const detach = AbortSignal.any([
    ...(options.signal ? [options.signal] : []),
    ...(options.timeout === undefined ? [] : [AbortSignal.timeout(options.timeout)]),
  ]);
  // Looking the pod up is not attached yet: aborting then is an ordinary abort.
  const where = await resolveContainer(k, pod, options.container, "attach to", detach);
  const { result, protocol } = await stream(k, where, "attach", {}, options, detach, true);
  const decode = decoder(options.encoding);
  let exitCode: number | undefined;
  if (result.status) {
    const outcome = commandOutcome(result.status);
    if (outcome.kind === "failed") throw new ServerError(outcome.status.code ?? 500, outcome.status);
    exitCode = outcome.exitCode;
  }
  return {
    stdout: decode(result.stdout),
    stderr: decode(result.stderr),
    exitCode,
    container: where.container,
    protocol,
  };
}

async function stream(
  k: Api,
  where: ContainerRef,
  subresource: "exec" | "attach",
  extra: Query,
  options: StreamOptions,
  signal: AbortSignal | undefined,
  detachOnAbort: boolean,
): Promise<{ result: SessionResult; protocol: ExecProtocol }> {
  const tty = options.tty === true;
  // exec: a terminal always comes with stdin (kubectl 1.32 drops -t without -i, so servers rarely see a TTY
  // without one; unpatched KWOK v0.7 crashed on it, see tools/kwok/patch.sh). Without a source, stdin ends
  // at once. Never for attach, where end-of-file would reach the container's main process.
  const stdin = options.stdin ?? (tty && subresource === "exec" ? "" : undefined);
  const query: Query = {
    ...extra,
    container: where.container,
    stdin: stdin === undefined ? undefined : true,
    stdout: true,
    // The server refuses stderr with a TTY: the terminal merges the two.
    stderr: tty ? undefined : true,
    tty: tty ? true : undefined,
  };
  const offered = options.protocols ?? EXEC_PROTOCOLS;
  const { socket, protocol } = await k.openWebSocket(podPath(where.namespace, where.pod, subresource), {
    query,
    protocols: offered,
    paused: true,
    ...(signal ? { signal } : {}),
  });
  const chosen = offered.find((p) => p === protocol);
  if (chosen === undefined) {
    socket.terminate();
    // Older protocols carry no Status (no exit code) and base64 variants differ in framing.
    throw new ServerError(400, {
      status: "Failure",
      reason: "BadRequest",
      message: `the API server did not accept any of the ${subresource} subprotocols ${offered.join(", ")} (chose ${JSON.stringify(protocol)})`,
    });
  }
  const result = await runSession(socket, {
    stdin,
    stdout: options.stdout,
    stderr: options.stderr,
    terminalSize: tty ? options.terminalSize : undefined,
    keepalive: options.keepalive,
    signal,
    detachOnAbort,
    canCloseStdin: chosen === "v5.channel.k8s.io",
    what: `${subresource} in ${where.namespace}/${where.pod} (container ${where.container})`,
  });
  return { result, protocol: chosen };
}

function decoder(encoding: "utf8" | "buffer" | undefined): (bytes: Buffer) => string | Buffer {
  return encoding === "buffer" ? (bytes) => bytes : (bytes) => bytes.toString("utf8");
}

/** `signal` combined with a `timeout` that aborts with an `APITimeoutError`. */
function deadline(
  signal: AbortSignal | undefined,
  timeoutMs: number | undefined,
  what: string,
): { signal: AbortSignal | undefined; cleanup: () => void } {
  if (timeoutMs === undefined) return { signal, cleanup: () => undefined };
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(
        new APITimeoutError(`${what} did not finish within ${timeoutMs} ms; the stream was closed`, {
          suggestions: ["raise timeout, or leave it out for no deadline"],
        }),
      ),
    timeoutMs,
  );
  return {
    signal: signal ? AbortSignal.any([signal, controller.signal]) : controller.signal,
    cleanup: () => clearTimeout(timer),
  };
}
