/**
 * One exec or attach conversation over an open channel WebSocket: stdin in (closed with the v5 close
 * frame), stdout/stderr out (with backpressure), terminal resizes, keepalive pings, and the status channel
 * read at the end. Knows nothing of pods: `exec.ts` opens the socket and interprets the outcome.
 */
import { Writable } from "node:stream";
import type { Readable } from "node:stream";
import type WebSocket from "ws";
import { ConnectionClosedError, Kr8sError } from "../errors.ts";
import type { KubernetesStatus } from "../errors.ts";
import { CLOSE, frame, RESIZE, STATUS, STDERR, STDIN, STDOUT } from "./channels.ts";

/** A terminal's size in character cells. */
export interface TerminalSize {
  columns: number;
  rows: number;
}

/**
 * What can be sent to the command's stdin: text (UTF-8), bytes, a Node `Readable`, a web `ReadableStream`,
 * or any async iterable of chunks. Its end is sent to the command as end-of-file.
 */
export type StdinSource =
  string | Uint8Array | Readable | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

/** Where output may be streamed: a Node `Writable` (e.g. `process.stdout`) or a web `WritableStream`. */
export type OutputTarget = Writable | WritableStream<Uint8Array>;

/**
 * Keepalive of the WebSocket, as client-go's remotecommand does it (a ping every 5 s; the connection is
 * dead after 61 s with neither data nor a pong).
 */
export interface KeepaliveOptions {
  /** Time between pings (ms). @default 5000 */
  intervalMs?: number;
  /** Silence (no message, no pong) after which the stream fails with `ConnectionClosedError` (ms). @default 61000 */
  timeoutMs?: number;
}

export interface SessionOptions {
  stdin?: StdinSource | undefined;
  /** `undefined`: captured. */
  stdout?: OutputTarget | undefined;
  stderr?: OutputTarget | undefined;
  terminalSize?: TerminalSize | AsyncIterable<TerminalSize> | undefined;
  keepalive?: KeepaliveOptions | undefined;
  signal?: AbortSignal | undefined;
  /** Aborting detaches: the session resolves with what was received and no status (attach). */
  detachOnAbort?: boolean | undefined;
  /** v5 can half-close stdin; before v5 the only end-of-file is closing the socket. */
  canCloseStdin: boolean;
  /** Words "the exec stream closed…" in errors. */
  what: string;
}

export interface SessionResult {
  /** The status channel's Status; `undefined` when the session was aborted before it arrived. */
  status: KubernetesStatus | undefined;
  stdout: Buffer;
  stderr: Buffer;
}

/** Frames stdin in pieces of at most this many bytes, so one huge chunk does not become one huge message. */
const MAX_FRAME_PAYLOAD = 64 * 1024;
/** Stop reading stdin while this much is queued in the socket. */
const HIGH_WATER_MARK = 1024 * 1024;

/** Runs the session until the server closes the socket. Rejects with `signal.reason` when aborted. */
export function runSession(socket: WebSocket, options: SessionOptions): Promise<SessionResult> {
  return new Promise<SessionResult>((resolve, reject) => {
    const captured = { [STDOUT]: [] as Buffer[], [STDERR]: [] as Buffer[] };
    const sinks = { [STDOUT]: toWritable(options.stdout), [STDERR]: toWritable(options.stderr) };
    const statusChunks: Buffer[] = [];
    let failure: unknown;
    /** Aborts and dead keepalives win over a status; a broken socket or stdin after the status does not. */
    let failureWins = false;
    let paused = 0;
    let lastHeard = Date.now();
    const stopped = new AbortController();

    const fail = (error: unknown, wins = true): void => {
      if (failure === undefined) {
        failure = error;
        failureWins = wins;
      }
      socket.terminate();
    };
    let detached = false;
    const onAbort = (): void => {
      if (options.detachOnAbort) {
        detached = true;
        socket.terminate();
      } else fail(options.signal?.reason);
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    // Aborted between the handshake and now: no event will come.
    if (options.signal?.aborted) onAbort();

    const keepalive = startKeepalive(
      socket,
      options.keepalive,
      () => lastHeard,
      (silentMs) =>
        fail(
          new ConnectionClosedError(`${options.what}: the API server sent nothing for ${silentMs} ms`, {
            suggestions: ["check the network path to the API server; the stream was closed"],
          }),
        ),
    );
    socket.on("pong", () => (lastHeard = Date.now()));
    // A command that exits without reading all of its stdin closes the stream under our writes.
    socket.on("error", (error) => fail(closedError(options.what, error), false));

    socket.on("message", (data: Buffer, isBinary: boolean) => {
      lastHeard = Date.now();
      if (!isBinary || data.length === 0) return;
      const channel = data[0];
      const payload = data.subarray(1);
      if (channel === STATUS) {
        statusChunks.push(payload);
        return;
      }
      if (channel !== STDOUT && channel !== STDERR) return;
      const sink = sinks[channel];
      if (!sink) {
        captured[channel].push(Buffer.from(payload));
        return;
      }
      // Backpressure: a slow writer pauses the socket, so a large download never piles up in memory.
      if (!sink.write(payload)) {
        if (paused++ === 0) socket.pause();
        sink.once("drain", () => {
          if (--paused === 0) socket.resume();
        });
      }
    });

    socket.on("close", () => {
      stopped.abort();
      clearInterval(keepalive);
      options.signal?.removeEventListener("abort", onAbort);
      if (failure !== undefined && (failureWins || statusChunks.length === 0)) {
        // An abort rejects with the signal's own reason, whatever it is (as fetch does).
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        reject(failure);
        return;
      }
      const stdout = Buffer.concat(captured[STDOUT]);
      const stderr = Buffer.concat(captured[STDERR]);
      if (detached) {
        resolve({ status: undefined, stdout, stderr });
        return;
      }
      if (statusChunks.length === 0) {
        reject(
          new ConnectionClosedError(
            `${options.what}: the stream closed before the command's exit status arrived`,
            {
              suggestions: ["the API server or the node ended the stream; run the command again"],
            },
          ),
        );
        return;
      }
      const text = Buffer.concat(statusChunks).toString("utf8");
      let status: KubernetesStatus;
      try {
        status = JSON.parse(text) as KubernetesStatus;
      } catch (cause) {
        reject(
          new ConnectionClosedError(`${options.what}: the status channel did not hold a Status`, { cause }),
        );
        return;
      }
      resolve({ status, stdout, stderr });
    });

    // The socket was handed over paused (openWebSocket `paused`): every listener is in place now.
    socket.resume();
    if (options.terminalSize) {
      void sendSizes(socket, options.terminalSize, stopped.signal).catch((error: unknown) =>
        fail(error, false),
      );
    }
    if (options.stdin !== undefined) {
      void pumpStdin(socket, options.stdin, options.canCloseStdin, stopped.signal).catch((error: unknown) => {
        // A write to a socket the server closed: the status (if any) tells how the command ended.
        if (socket.readyState !== socket.OPEN) fail(error, false);
        else if (error instanceof Kr8sError) fail(error);
        else {
          const message = error instanceof Error ? error.message : String(error);
          fail(new Kr8sError(`${options.what}: reading stdin failed: ${message}`, { cause: error }));
        }
      });
    }
  });
}

function closedError(what: string, cause: Error): ConnectionClosedError {
  return new ConnectionClosedError(`${what}: the WebSocket failed: ${cause.message}`, { cause });
}

function toWritable(target: OutputTarget | undefined): Writable | undefined {
  if (target === undefined) return undefined;
  return target instanceof WritableStream ? Writable.fromWeb(target) : target;
}

function startKeepalive(
  socket: WebSocket,
  options: KeepaliveOptions | undefined,
  lastHeard: () => number,
  dead: (silentMs: number) => void,
): NodeJS.Timeout {
  const intervalMs = options?.intervalMs ?? 5000;
  const timeoutMs = options?.timeoutMs ?? 61_000;
  return setInterval(() => {
    const silent = Date.now() - lastHeard();
    if (silent > timeoutMs) {
      dead(silent);
      return;
    }
    socket.ping();
  }, intervalMs);
}

/** Sends `payload` on `channel`, waiting for the socket to drain when much is queued. */
function send(socket: WebSocket, channel: number, payload: Uint8Array): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const data = frame(channel, payload);
    if (socket.bufferedAmount + data.length < HIGH_WATER_MARK) {
      socket.send(data);
      resolve();
      return;
    }
    socket.send(data, (error) => (error ? reject(error) : resolve()));
  });
}

async function pumpStdin(
  socket: WebSocket,
  source: StdinSource,
  canClose: boolean,
  stopped: AbortSignal,
): Promise<void> {
  const chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> =
    typeof source === "string" || source instanceof Uint8Array ? [source] : source;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    for (let at = 0; at < bytes.length; at += MAX_FRAME_PAYLOAD) {
      if (stopped.aborted) return;
      await send(socket, STDIN, bytes.subarray(at, at + MAX_FRAME_PAYLOAD));
    }
    if (stopped.aborted) return;
  }
  // v4 has no way to say end-of-file short of closing the socket (and with it stdout): the trap that makes
  // `wc -c` hang in other clients. v5 half-closes stdin.
  if (canClose && !stopped.aborted) await send(socket, CLOSE, Uint8Array.of(STDIN));
}

async function sendSizes(
  socket: WebSocket,
  sizes: TerminalSize | AsyncIterable<TerminalSize>,
  stopped: AbortSignal,
): Promise<void> {
  const each = Symbol.asyncIterator in sizes ? sizes : [sizes];
  for await (const size of each) {
    if (stopped.aborted) return;
    const json = JSON.stringify({ Width: size.columns, Height: size.rows });
    await send(socket, RESIZE, Buffer.from(json, "utf8"));
  }
}
