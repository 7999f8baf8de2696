/**
 * Port-forward over one WebSocket per accepted local connection (so one slow or aborted connection never
 * stalls or poisons another), speaking either kubectl's SPDY tunnel (spdy-tunnel.ts: an error and a data
 * stream per connection) or the legacy `v4.channel.k8s.io` protocol (kubelet `portforward/websocket.go`:
 * channel 0 the data and channel 1 the error text of the one requested port, each channel's first frame
 * the port as 2 bytes little-endian), whichever the API server chooses of those offered.
 */
import { createServer, type Server, type Socket } from "node:net";
import type { Pod } from "kubernetes-types/core/v1.js";
import type WebSocket from "ws";
import type { WebSocketConnection } from "../http/websocket.ts";
import type { Api } from "../api.ts";
import { ConnectionError, Kr8sError, NotFoundError, PortForwardError, ServerError } from "../errors.ts";
import { transportOf } from "../internal/transport-of.ts";
import { podPath } from "../internal/resource.ts";
import { parsePortSpecs, type LocalPorts } from "./port-spec.ts";
import {
  PORT_FORWARD_PROTOCOLS,
  SPDY_PORT_FORWARD_PROTOCOL,
  type PortForwardProtocol,
} from "./port-forward-protocols.ts";
import {
  DATA_STREAM,
  dataFrame,
  ERROR_STREAM,
  HeaderCompressor,
  MAX_DATA_PAYLOAD,
  SpdyReader,
  synStream,
} from "./spdy-tunnel.ts";
import {
  containerPortByName,
  firstReadyPod,
  resolveTarget,
  servicePortToPodPort,
  type NamespacedName,
  type ResolvedTarget,
  type StreamTarget,
} from "./target.ts";

export {
  PORT_FORWARD_PROTOCOL,
  PORT_FORWARD_PROTOCOLS,
  type PortForwardProtocol,
} from "./port-forward-protocols.ts";

/** Options of {@link portForward}. */
export interface PortForwardOptions {
  /**
   * The local port of ports given as a number or `"N"`: `"match"` (kubectl's `N`: the same number),
   * `"auto"` (any free port: read it from the handle), or a number (one port only). `":N"` and `"L:N"`
   * always mean what kubectl means. @default "match"
   */
  localPorts?: LocalPorts | undefined;
  /**
   * Local addresses to listen on. `localhost` listens on 127.0.0.1 and ::1 and fails only when neither
   * can be bound (kubectl's `--address`). @default ["localhost"]
   */
  addresses?: readonly string[] | undefined;
  /** @default the target's namespace, else the client's */
  namespace?: string | undefined;
  /** How long to wait for a Running and Ready pod of a Service/workload. @default 60000 ms */
  podRunningTimeoutMs?: number | undefined;
  /**
   * Called when one forwarded connection fails (the pod side reported an error on the port's error
   * channel, the WebSocket could not be opened, or it broke without a close frame). The connection is reset; the forward keeps serving
   * others. @default ignore (the local client sees the reset)
   */
  onError?: ((error: PortForwardError) => void) | undefined;
  /** Aborting it stops the forward (as `stop()`). */
  signal?: AbortSignal | undefined;
  /**
   * Subprotocols to offer, most preferred first. The SPDY tunnel (what kubectl ≥ 1.31 speaks; served by
   * API servers ≥ 1.30 with the PortForwardWebsockets feature, on by default from 1.31) is faster and passes
   * a local half-close on; an API server without it picks `v4.channel.k8s.io` in the same handshake.
   * @default `["SPDY/3.1+portforward.k8s.io", "v4.channel.k8s.io"]`
   */
  protocols?: readonly PortForwardProtocol[] | undefined;
}

/** One listening local socket and the pod port it reaches. */
export interface ForwardedPort {
  /** The local address it listens on (`127.0.0.1`, `::1`…). */
  address: string;
  localPort: number;
  /** The pod's port (for a Service, its targetPort resolved in the pod). */
  remotePort: number;
}

/** A running forward. `await using pf = await portForward(…)` stops it at the end of the scope. */
export interface PortForward {
  /** Every listener: one per port and address, in the order the ports were given. */
  readonly ports: readonly ForwardedPort[];
  /** The local port of the first port given (the common one-port case). */
  readonly localPort: number;
  /** The pod currently forwarded to (it changes when a Service's/workload's pod is replaced). */
  readonly pod: NamespacedName;
  /** Stops listening and closes every forwarded connection. Idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

interface PortPlan {
  /** What the caller gave, kept for messages. */
  requested: number | string;
  remotePort: number;
  local: number;
}

/** The pod port a requested port reaches, and the local port it listens on (kubectl's rules). */
function planPorts(
  resolved: ResolvedTarget,
  pod: Pod,
  ports: PortSpecInput,
  localPorts: LocalPorts,
): PortPlan[] {
  return parsePortSpecs(ports, localPorts).map((spec) => {
    let remotePort: number;
    let matchNumber: number;
    if (resolved.kind === "Service" && resolved.object) {
      remotePort = servicePortToPodPort(resolved.object, pod, spec.remote);
      // kubectl listens on the Service port's number (`svc/x 80` → local 80 → targetPort 8080).
      matchNumber =
        typeof spec.remote === "number"
          ? spec.remote
          : ((resolved.object.spec as { ports?: { name?: string; port: number }[] }).ports?.find(
              (p) => p.name === spec.remote,
            )?.port ?? remotePort);
    } else {
      remotePort = typeof spec.remote === "number" ? spec.remote : containerPortByName(pod, spec.remote);
      matchNumber = remotePort;
    }
    return { requested: spec.remote, remotePort, local: spec.local === "match" ? matchNumber : spec.local };
  });
}

/** Ports as `portForward` takes them: `8080`, `"8080:80"`, `":80"`, `"http"`, or a list of them. */
export type PortSpecInput = number | string | readonly (number | string)[];

async function listen(server: Server, port: number, address: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const why =
        error.code === "EADDRINUSE"
          ? "is already in use"
          : error.code === "EACCES"
            ? "needs privileges to bind"
            : `cannot be bound (${error.code ?? error.message})`;
      reject(
        new PortForwardError(`local port ${port} on ${address} ${why}`, {
          cause: error,
          localPort: port,
          address,
          suggestions: [
            error.code === "EADDRINUSE"
              ? `free port ${port}, or pick another local port ("L:N", or ":N" / localPorts "auto" for any free one)`
              : 'pick another local port or address (":N" lets the system choose a free port)',
          ],
        }),
      );
    };
    server.once("error", onError);
    server.listen({ port, host: address, exclusive: true }, () => {
      server.off("error", onError);
      resolve((server.address() as { port: number }).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Forwards local ports to a pod, or to a ready pod of a Service or workload (kubectl port-forward).
 *
 * Ports follow kubectl: `8080` listens on local 8080, `":8080"` on a free local port, `"9000:8080"` on 9000;
 * pod port names (`"http"`) resolve through the pod's container ports. For a Service, the ports given are
 * Service ports, forwarded to their `targetPort` (number or name) in the chosen pod, and listen locally on
 * the Service port's number. Every accepted connection gets its own WebSocket, so connections are
 * independent: many at once, an aborted one leaves the others alone, and a pod-side error (nothing listening
 * on the pod port) resets only that connection and goes to `onError`. When the pod side closes, the local
 * connection is ended after the data already received (half-close). A local half-close is sent on over the
 * SPDY tunnel (the data stream's FIN, as kubectl); `v4.channel.k8s.io` has no way to pass it on, so there
 * the pod side sees the end only when the local client closes the connection.
 *
 * For a Service or workload, a connection that fails because the pod is gone (deleted, not running)
 * resolves a ready pod again and retries once: the forward outlives pod replacements (kubectl's stops).
 *
 * @example
 * await using pf = await portForward(k, "svc/web", 80, { localPorts: "auto" });
 * await fetch(`http://127.0.0.1:${pf.localPort}/`);
 * @throws {PortForwardError} when a local port is in use or cannot be bound (nothing is left listening).
 * @throws {InvalidArgumentError} for malformed ports, a pod that is not running, unknown named ports.
 * @throws {NotFoundError} when the target does not exist; {@link APITimeoutError} when no pod gets ready.
 */
export async function portForward(
  k: Api,
  target: StreamTarget,
  ports: PortSpecInput,
  options: PortForwardOptions = {},
): Promise<PortForward> {
  const transport = transportOf(k);
  const podOptions = {
    namespace: options.namespace,
    timeoutMs: options.podRunningTimeoutMs,
    signal: options.signal,
  };
  const resolved = await resolveTarget(k, target, podOptions);
  const first = await firstReadyPod(k, resolved, podOptions);
  let pod: NamespacedName = { namespace: resolved.namespace, name: first.pod.metadata?.name ?? "" };
  const plans = planPorts(resolved, first.pod, ports, options.localPorts ?? "match");

  const stopping = new AbortController();
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const webSockets = new Set<WebSocket>();
  const listeners: ForwardedPort[] = [];
  let repick: Promise<NamespacedName> | undefined;

  // A Service's/workload's pod may be replaced: the first failure triggers one new pick, shared by every
  // connection failing at the same time.
  const repickPod = (failed: NamespacedName): Promise<NamespacedName> => {
    if (failed !== pod) return Promise.resolve(pod);
    repick ??= firstReadyPod(k, resolved, { ...podOptions, signal: stopping.signal })
      .then(({ pod: next }) => (pod = { namespace: resolved.namespace, name: next.metadata?.name ?? "" }))
      .finally(() => (repick = undefined));
    return repick;
  };

  const protocols = options.protocols ?? PORT_FORWARD_PROTOCOLS;
  const openTunnel = async (remotePort: number): Promise<WebSocketConnection> => {
    const open = (at: NamespacedName): Promise<WebSocketConnection> =>
      transport.openWebSocket(podPath(at.namespace, at.name, "portforward"), {
        query: { ports: String(remotePort) },
        protocols,
        signal: stopping.signal,
        // Handed over paused: the SPDY replies may come with the handshake.
        paused: true,
      });
    const at = pod;
    try {
      return await open(at);
    } catch (error) {
      const podGone =
        error instanceof NotFoundError || (error instanceof ServerError && error.statusCode === 400);
      if (resolved.selector === undefined || !podGone || stopping.signal.aborted) throw error;
      return open(await repickPod(at));
    }
  };

  const report = (error: unknown, remotePort: number): void => {
    if (stopping.signal.aborted) return;
    const wrapped =
      error instanceof PortForwardError
        ? error
        : new PortForwardError(
            `forwarding a connection to port ${remotePort} of pod "${pod.name}" failed: ${(error as Error).message}`,
            {
              cause: error,
              remotePort,
              ...(error instanceof Kr8sError ? { suggestions: [...error.suggestions] } : {}),
            },
          );
    options.onError?.(wrapped);
  };

  const forward = (socket: Socket, remotePort: number): void => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    // Until the tunnel is open, errors of a client that gave up are expected: nothing to report.
    socket.on("error", () => undefined);
    openTunnel(remotePort).then(
      ({ socket: ws, protocol }) => {
        if (socket.destroyed || stopping.signal.aborted) {
          ws.terminate();
          return;
        }
        webSockets.add(ws);
        (protocol === SPDY_PORT_FORWARD_PROTOCOL ? spliceSpdy : splice)(socket, ws, remotePort);
      },
      (error: unknown) => {
        report(error, remotePort);
        socket.destroy();
      },
    );
  };

  const splice = (socket: Socket, ws: WebSocket, remotePort: number): void => {
    const prefixSeen = [false, false];
    let errorText = "";
    ws.on("message", (data: Buffer) => {
      const channel = data[0];
      let payload = data.subarray(1);
      if (channel !== 0 && channel !== 1) return;
      if (!prefixSeen[channel]) {
        prefixSeen[channel] = true;
        payload = payload.subarray(2);
      }
      if (payload.length === 0) return;
      if (channel === 1) errorText += payload.toString("utf8");
      else if (!writeCoalesced(socket, payload)) {
        ws.pause();
        socket.once("drain", () => ws.resume());
      }
    });
    let failed = false;
    let closedLocally = false;
    ws.on("error", (error) => {
      failed = true;
      report(error, remotePort);
      socket.destroy();
    });
    ws.on("close", (code: number) => {
      webSockets.delete(ws);
      if (failed) return;
      if (errorText !== "") {
        report(
          new PortForwardError(`port ${remotePort} of pod "${pod.name}": ${errorText.trim()}`, {
            remotePort,
            suggestions: [`check that something listens on port ${remotePort} in the pod`],
          }),
          remotePort,
        );
        socket.destroy();
      } else if (code === ABNORMAL_CLOSURE && !closedLocally) {
        // The tunnel broke without a close frame (API server gone, connection cut): the connection is lost.
        report(
          new ConnectionError(`the tunnel to the API server broke (WebSocket closed without a close frame)`),
          remotePort,
        );
        socket.destroy();
      } else socket.end();
    });
    // v4 has no per-channel end: a local half-close can only be passed on by closing the whole tunnel,
    // which would cut the reply. So keep reading until the pod side or the client closes.
    socket.on("data", (chunk: Buffer) => {
      if (ws.readyState !== ws.OPEN) return;
      const frame = Buffer.allocUnsafe(chunk.length + 1);
      frame[0] = 0;
      chunk.copy(frame, 1);
      ws.send(frame, { binary: true }, () => {
        if (socket.isPaused() && ws.bufferedAmount < HIGH_WATER_MARK) socket.resume();
      });
      if (ws.bufferedAmount >= HIGH_WATER_MARK) socket.pause();
    });
    socket.on("close", () => {
      closedLocally = true;
      if (ws.readyState === ws.OPEN) ws.close(1000);
      else ws.terminate();
    });
    socket.resume();
    ws.resume();
  };

  /** One local connection over a SPDY session of its own: kubectl's error and data streams for the port. */
  const spliceSpdy = (socket: Socket, ws: WebSocket, remotePort: number): void => {
    let errorText = "";
    let failed = false;
    let closedLocally = false;
    let podEnded = false;
    /** The data stream's RST_STREAM status: the reason follows on the error stream, if there is one. */
    let dataReset: number | undefined;
    const resetError = (what: string, status: number): ConnectionError =>
      new ConnectionError(`the pod side ${what} (SPDY status ${status})`);
    const podSideError = (): PortForwardError =>
      new PortForwardError(`port ${remotePort} of pod "${pod.name}": ${errorText.trim()}`, {
        remotePort,
        suggestions: [`check that something listens on port ${remotePort} in the pod`],
      });
    const fail = (error: Error): void => {
      if (failed) return;
      failed = true;
      report(error, remotePort);
      socket.destroy();
      ws.terminate();
    };
    const send = (frame: Buffer): void => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(frame, { binary: true }, () => {
        if (socket.isPaused() && ws.bufferedAmount < HIGH_WATER_MARK) socket.resume();
      });
      if (ws.bufferedAmount >= HIGH_WATER_MARK) socket.pause();
    };
    const reader = new SpdyReader({
      data: (streamId, chunk) => {
        if (streamId === ERROR_STREAM) errorText += chunk.toString("utf8");
        else if (streamId === DATA_STREAM && !writeCoalesced(socket, chunk)) {
          ws.pause();
          socket.once("drain", () => ws.resume());
        }
      },
      end: (streamId) => {
        if (streamId === ERROR_STREAM && errorText !== "") fail(podSideError());
        else if (streamId === ERROR_STREAM && dataReset !== undefined)
          fail(resetError("reset the stream", dataReset));
        else if (streamId === DATA_STREAM) {
          podEnded = true;
          socket.end();
        }
      },
      // The local client's bytes wait for the data stream to exist on the pod side.
      reply: (streamId) => void (streamId === DATA_STREAM && socket.resume()),
      reset: (streamId, status) => {
        // The reason of a reset data stream may still come on the error stream; a reset error stream
        // (how the kubelet ends it after writing the reason) ends the connection with what it said.
        if (streamId === DATA_STREAM) dataReset = status;
        else if (streamId === ERROR_STREAM)
          fail(errorText !== "" ? podSideError() : resetError("reset the stream", status));
        else if (streamId === 0) fail(resetError("ended the tunnel", status));
      },
      send,
    });
    ws.on("message", (data: Buffer) => reader.push(data));
    ws.on("error", (error) => fail(error));
    ws.on("close", (code: number) => {
      webSockets.delete(ws);
      if (failed) return;
      if (dataReset !== undefined) fail(resetError("reset the stream", dataReset));
      else if (code === ABNORMAL_CLOSURE && !closedLocally && !podEnded)
        fail(
          new ConnectionError(`the tunnel to the API server broke (WebSocket closed without a close frame)`),
        );
      else if (!podEnded) socket.end();
    });
    socket.on("data", (chunk: Buffer) => {
      for (let at = 0; at < chunk.length; at += MAX_DATA_PAYLOAD)
        send(dataFrame(DATA_STREAM, chunk.subarray(at, at + MAX_DATA_PAYLOAD)));
    });
    // A local half-close reaches the pod: SPDY streams end one direction at a time.
    socket.on("end", () => send(dataFrame(DATA_STREAM, new Uint8Array(0), true)));
    socket.on("close", () => {
      closedLocally = true;
      if (ws.readyState === ws.OPEN) ws.close(1000);
      else ws.terminate();
    });
    const compressor = new HeaderCompressor();
    const headers = (streamType: string): Record<string, string> => ({
      streamtype: streamType,
      port: String(remotePort),
      requestid: "0",
    });
    // kubectl opens the error stream and closes its own side of it at once: only the pod side writes to it.
    send(synStream(compressor, ERROR_STREAM, headers("error"), true));
    send(synStream(compressor, DATA_STREAM, headers("data")));
    ws.resume();
  };

  const stop = async (): Promise<void> => {
    if (stopping.signal.aborted) return;
    stopping.abort(new PortForwardError("the port-forward was stopped"));
    options.signal?.removeEventListener("abort", onAbort);
    const closed = servers.map(closeServer);
    for (const ws of webSockets) ws.terminate();
    for (const socket of sockets) socket.destroy();
    await Promise.all(closed);
  };
  const onAbort = (): void => void stop();

  try {
    for (const plan of plans) {
      let local = plan.local;
      const addresses = options.addresses ?? ["localhost"];
      for (const address of addresses) {
        const hosts = address === "localhost" ? ["127.0.0.1", "::1"] : [address];
        let bound = 0;
        for (const [i, host] of hosts.entries()) {
          // noDelay: Go (kubectl) turns Nagle's algorithm off on every TCP connection. With it on, a reply
          // the pod sends in two small writes waits for the local client's delayed ACK before its second
          // part leaves (bench/port-forward.ts measures the round trip).
          const server = createServer(
            { allowHalfOpen: true, pauseOnConnect: true, noDelay: true },
            (socket) => forward(socket, plan.remotePort),
          );
          try {
            // After the first listener took a free port, the others listen on the same number (kubectl).
            local = await listen(server, local, host);
            servers.push(server);
            listeners.push({ address: host, localPort: local, remotePort: plan.remotePort });
            bound++;
          } catch (error) {
            // `localhost` needs only one of its two addresses (hosts without IPv6, ::1 taken elsewhere).
            if (address !== "localhost" || (i === hosts.length - 1 && bound === 0)) throw error;
          }
        }
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  if (options.signal?.aborted) await stop();
  options.signal?.addEventListener("abort", onAbort, { once: true });

  return {
    ports: listeners,
    localPort: listeners[0]?.localPort ?? 0,
    get pod() {
      return pod;
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** The WebSocket close code for a connection lost without a close frame (RFC 6455 §7.1.5). */
const ABNORMAL_CLOSURE = 1006;

/**
 * Writes `chunk` to a local connection, holding it until the I/O that is ready now has been handled: the
 * frames of several TLS records then leave in one writev instead of one small segment each (with Nagle's
 * algorithm off, each write is a segment). Returns what `socket.write` returns (false: wait for drain).
 */
function writeCoalesced(socket: Socket, chunk: Buffer): boolean {
  if (socket.writableCorked === 0) {
    socket.cork();
    setImmediate(() => socket.uncork());
  }
  return socket.write(chunk);
}

/** Bytes queued on a tunnel before the local socket is paused (backpressure towards the client). */
const HIGH_WATER_MARK = 1024 * 1024;
