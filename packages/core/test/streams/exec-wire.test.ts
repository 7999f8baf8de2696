// exec and attach on the wire, against a local ws:// server on port 0 playing the API server: subprotocol
// negotiation and the v4 fallback, the v5 stdin close frame (and its absence on v4), resize frames,
// keepalive pings, and how each kind of status (or none) reaches the caller.
import type { IncomingMessage } from "node:http";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import * as tar from "tar";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import { Api } from "../../src/api.ts";
import {
  APITimeoutError,
  CommandNotFoundError,
  CopyError,
  PodNotRunningError,
  ConnectionClosedError,
  ExecError,
  ServerError,
  type KubernetesStatus,
} from "../../src/errors.ts";
import { createTransport } from "../../src/http/transport.ts";
import { copyFromPod } from "../../src/streams/cp.ts";
import { attach, exec } from "../../src/streams/exec.ts";
import { connection, json, startServer, type TestServer } from "../http/helpers.ts";

type Session = (ws: WebSocket, url: URL) => void;

let server: TestServer;
let wss: WebSocketServer;
let noPong: WebSocketServer;
let accept: readonly string[];
/** false: the server does not answer pings. */
let pongs = true;
let session: Session;
let offered: string[];
let k: Api;

const pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: "ns" },
  spec: { nodeName: "node-1", containers: [{ name: "c", image: "busybox" }] },
  status: { phase: "Running", containerStatuses: [{ name: "c", state: { running: {} } }] },
};

/** Pods other than `p`, by name. */
const otherPods: Record<string, unknown> = {
  "stale-annotation": {
    metadata: {
      name: "stale-annotation",
      annotations: { "kubectl.kubernetes.io/default-container": "gone" },
    },
    spec: { nodeName: "node-1", containers: [{ name: "a" }, { name: "b" }] },
    status: { phase: "Running" },
  },
  creating: {
    metadata: { name: "creating" },
    spec: { nodeName: "node-1", containers: [{ name: "c" }] },
    status: {
      phase: "Pending",
      containerStatuses: [{ name: "c", state: { waiting: { reason: "ContainerCreating" } } }],
    },
  },
};

const success: KubernetesStatus = { status: "Success" };
const exited = (code: number): KubernetesStatus => ({
  status: "Failure",
  reason: "NonZeroExitCode",
  message: `command terminated with non-zero exit code: exit status ${code}`,
  details: { causes: [{ reason: "ExitCode", message: String(code) }] },
});

function send(ws: WebSocket, channel: number, payload: string | Buffer): void {
  ws.send(Buffer.concat([Buffer.of(channel), Buffer.from(payload)]));
}

function finish(ws: WebSocket, status: KubernetesStatus): void {
  send(ws, 3, JSON.stringify(status));
  ws.close(1000);
}

beforeAll(async () => {
  server = await startServer((req, res) => {
    const name = /^\/api\/v1\/namespaces\/ns\/pods\/([^/]+)$/.exec(req.url ?? "")?.[1] ?? "";
    if (name === "p") json(res, 200, pod);
    else if (name in otherPods) json(res, 200, otherPods[name]);
    else json(res, 404, { kind: "Status", status: "Failure", reason: "NotFound", code: 404 });
  });
  const handleProtocols = (protocols: Set<string>): string | false =>
    accept.find((p) => protocols.has(p)) ?? false;
  wss = new WebSocketServer({ noServer: true, handleProtocols });
  noPong = new WebSocketServer({ noServer: true, handleProtocols, autoPong: false });
  server.server.on("upgrade", (req: IncomingMessage, socket, head) => {
    offered = String(req.headers["sec-websocket-protocol"] ?? "").split(/, */);
    const url = new URL(req.url ?? "/", "http://x");
    const target = pongs ? wss : noPong;
    target.handleUpgrade(req, socket, head, (ws) => session(ws, url));
  });
  k = new Api(connection(server.url, { namespace: "ns" }), createTransport(connection(server.url)));
});

afterEach(() => {
  pongs = true;
  for (const ws of [...wss.clients, ...noPong.clients]) ws.terminate();
});

afterAll(async () => {
  await k.close();
  wss.close();
  noPong.close();
  await server.close();
});

describe("negotiation", () => {
  it("offers v5 then v4 and speaks v5 when the server has it", async () => {
    accept = ["v5.channel.k8s.io", "v4.channel.k8s.io"];
    session = (ws) => {
      send(ws, 1, "out");
      finish(ws, success);
    };
    const result = await exec(k, { name: "p" }, ["true"]);
    expect(offered).toEqual(["v5.channel.k8s.io", "v4.channel.k8s.io"]);
    expect(result).toMatchObject({
      stdout: "out",
      exitCode: 0,
      protocol: "v5.channel.k8s.io",
      container: "c",
    });
  });

  it("falls back to v4 when the server has only v4, exit code and stderr intact", async () => {
    accept = ["v4.channel.k8s.io"];
    session = (ws) => {
      send(ws, 2, "err");
      finish(ws, exited(7));
    };
    const result = await exec(k, { name: "p" }, ["x"], { check: false });
    expect(result).toMatchObject({ stderr: "err", exitCode: 7, protocol: "v4.channel.k8s.io" });
  });

  it("sends the command, container and stream flags in the query, stderr left out with a TTY", async () => {
    accept = ["v5.channel.k8s.io"];
    const queries: URLSearchParams[] = [];
    session = (ws, url) => {
      queries.push(url.searchParams);
      finish(ws, success);
    };
    await exec(k, { name: "p" }, ["sh", "-c", "echo a"]);
    await exec(k, { name: "p" }, ["sh"], { tty: true });
    expect(queries[0]?.getAll("command")).toEqual(["sh", "-c", "echo a"]);
    expect(Object.fromEntries(queries[0] ?? [])).toMatchObject({
      container: "c",
      stdout: "true",
      stderr: "true",
    });
    expect(queries[0]?.has("stdin")).toBe(false);
    expect(queries[0]?.has("tty")).toBe(false);
    // A terminal comes with stdin (as kubectl's -t needs -i), and never with stderr.
    expect(Object.fromEntries(queries[1] ?? [])).toMatchObject({
      tty: "true",
      stdin: "true",
      stdout: "true",
    });
    expect(queries[1]?.has("stderr")).toBe(false);
  });
});

describe("stdin", () => {
  function recordFrames(frames: Buffer[], until: (frames: Buffer[]) => boolean): Session {
    return (ws) => {
      ws.on("message", (data: Buffer) => {
        frames.push(data);
        if (until(frames)) finish(ws, success);
      });
    };
  }

  it("v5: the data on channel 0, then the close frame [255, 0]", async () => {
    accept = ["v5.channel.k8s.io"];
    const frames: Buffer[] = [];
    session = recordFrames(frames, (f) => f.at(-1)?.[0] === 255);
    await exec(k, { name: "p" }, ["cat"], { stdin: "abc" });
    expect(frames.map((f) => [...f])).toEqual([
      [0, ...Buffer.from("abc")],
      [255, 0],
    ]);
  });

  it("v4: the data only, since v4 has no close frame", async () => {
    accept = ["v4.channel.k8s.io"];
    const frames: Buffer[] = [];
    session = (ws) => {
      ws.on("message", (data: Buffer) => {
        frames.push(data);
        // Give a close frame, if one were coming, the time to arrive behind the data.
        setImmediate(() => finish(ws, success));
      });
    };
    await exec(k, { name: "p" }, ["cat"], { stdin: "abc" });
    expect(frames.map((f) => [...f])).toEqual([[0, ...Buffer.from("abc")]]);
  });

  it("splits a large chunk into frames of at most 64 KiB, all bytes in order", async () => {
    accept = ["v5.channel.k8s.io"];
    const frames: Buffer[] = [];
    session = recordFrames(frames, (f) => f.at(-1)?.[0] === 255);
    const data = Buffer.alloc(200_000, 7);
    for (let i = 0; i < data.length; i++) data[i] = i % 251;
    await exec(k, { name: "p" }, ["cat"], { stdin: data });
    const stdinFrames = frames.filter((f) => f[0] === 0);
    expect(Math.max(...stdinFrames.map((f) => f.length - 1))).toBe(64 * 1024);
    expect(Buffer.concat(stdinFrames.map((f) => f.subarray(1))).equals(data)).toBe(true);
  });
});

describe("terminal", () => {
  it("sends the size on channel 4 right away, then each resize", async () => {
    accept = ["v5.channel.k8s.io"];
    const sizes: unknown[] = [];
    session = (ws) => {
      ws.on("message", (data: Buffer) => {
        if (data[0] !== 4) return;
        sizes.push(JSON.parse(data.subarray(1).toString()));
        if (sizes.length === 2) finish(ws, success);
      });
    };
    const resizes = Readable.from([
      { columns: 80, rows: 24 },
      { columns: 120, rows: 40 },
    ]) as AsyncIterable<{ columns: number; rows: number }>;
    await exec(k, { name: "p" }, ["sh"], { tty: true, terminalSize: resizes });
    expect(sizes).toEqual([
      { Width: 80, Height: 24 },
      { Width: 120, Height: 40 },
    ]);
  });
});

describe("keepalive", () => {
  it("pings while the command is silent", async () => {
    accept = ["v5.channel.k8s.io"];
    let pings = 0;
    session = (ws) => {
      ws.on("ping", () => {
        if (++pings === 3) finish(ws, success);
      });
    };
    await exec(k, { name: "p" }, ["sleep", "1"], { keepalive: { intervalMs: 5 } });
    expect(pings).toBeGreaterThanOrEqual(3);
  });

  it("fails with ConnectionClosedError when the server sends neither data nor pongs", async () => {
    accept = ["v5.channel.k8s.io"];
    pongs = false;
    session = () => undefined;
    const error = await exec(k, { name: "p" }, ["sleep", "1000"], {
      keepalive: { intervalMs: 5, timeoutMs: 50 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).message).toMatch(/the API server sent nothing for \d+ ms/);
  });
});

describe("outcomes", () => {
  it("a non-zero exit throws ExecError with the exact code, stdout and stderr", async () => {
    accept = ["v5.channel.k8s.io"];
    session = (ws) => {
      send(ws, 1, "o");
      send(ws, 2, "e");
      finish(ws, exited(42));
    };
    const error = (await exec(k, { name: "p" }, ["x"]).catch((e: unknown) => e)) as ExecError;
    expect(error).toBeInstanceOf(ExecError);
    expect(error).toMatchObject({ exitCode: 42, stdout: "o", stderr: "e", code: "KR8S_EXEC" });
  });

  it("Go's 'executable file not found' becomes CommandNotFoundError naming the program", async () => {
    accept = ["v5.channel.k8s.io"];
    session = (ws) =>
      finish(ws, {
        status: "Failure",
        reason: "InternalError",
        code: 500,
        // kube-apiserver v1.33 relaying KWOK's message, as kubectl printed it on the local cluster.
        message:
          'Internal error occurred: error executing command in container: cmd start: nope : exec: "nope": executable file not found in $PATH',
      });
    const error = (await exec(k, { name: "p" }, ["nope"]).catch((e: unknown) => e)) as CommandNotFoundError;
    expect(error).toBeInstanceOf(CommandNotFoundError);
    expect(error.command).toBe("nope");
    expect(error.message).toBe('"nope" was not found in container "c" of pod ns/p');
  });

  it("any other failure status is a ServerError carrying it", async () => {
    accept = ["v5.channel.k8s.io"];
    session = (ws) =>
      finish(ws, { status: "Failure", reason: "InternalError", code: 500, message: "runtime broke" });
    const error = (await exec(k, { name: "p" }, ["x"]).catch((e: unknown) => e)) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toBe("runtime broke");
    expect(error.statusCode).toBe(500);
  });

  it("a command that exits without reading its stdin: its exit status wins over the broken stdin", async () => {
    accept = ["v5.channel.k8s.io"];
    session = (ws) => finish(ws, exited(1));
    const result = await exec(k, { name: "p" }, ["false"], {
      stdin: Buffer.alloc(8 * 1024 * 1024),
      check: false,
    });
    expect(result.exitCode).toBe(1);
  });

  it("a stream closed before the status is a ConnectionClosedError, not exit code 0", async () => {
    accept = ["v5.channel.k8s.io"];
    session = (ws) => {
      send(ws, 1, "partial");
      ws.close(1000);
    };
    await expect(exec(k, { name: "p" }, ["x"])).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it("attach resolves with the exit code when the process ends while attached", async () => {
    accept = ["v5.channel.k8s.io"];
    const paths: string[] = [];
    session = (ws, url) => {
      paths.push(url.pathname);
      send(ws, 1, "line\n");
      finish(ws, exited(2));
    };
    const result = await attach(k, { name: "p" });
    expect(paths).toEqual(["/api/v1/namespaces/ns/pods/p/attach"]);
    expect(result).toMatchObject({ stdout: "line\n", exitCode: 2 });
  });

  it("attach detaches on abort: it resolves, without an exit code", async () => {
    accept = ["v5.channel.k8s.io"];
    const controller = new AbortController();
    session = (ws) => send(ws, 1, "before detach\n");
    const seen: string[] = [];
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        seen.push(chunk.toString());
        controller.abort();
        callback();
      },
    });
    const result = await attach(k, { name: "p" }, { stdout, signal: controller.signal });
    expect(seen).toEqual(["before detach\n"]);
    expect(result).toMatchObject({ stdout: "", exitCode: undefined });
  });
});

describe("the pod and container, checked before connecting", () => {
  it("an annotation naming no container is ignored: the first container, as kubectl does", async () => {
    accept = ["v5.channel.k8s.io"];
    const containers: (string | null)[] = [];
    session = (ws, url) => {
      containers.push(url.searchParams.get("container"));
      finish(ws, success);
    };
    const result = await exec(k, { name: "stale-annotation" }, ["true"]);
    expect(result.container).toBe("a");
    expect(containers).toEqual(["a"]);
  });

  it("a container still being created is a PodNotRunningError saying so, and nothing is dialled", async () => {
    accept = ["v5.channel.k8s.io"];
    let dialled = false;
    session = () => (dialled = true);
    const error = (await exec(k, { name: "creating" }, ["true"]).catch(
      (e: unknown) => e,
    )) as PodNotRunningError;
    expect(error).toBeInstanceOf(PodNotRunningError);
    expect(error.message).toBe(
      'container "c" of pod ns/creating is not running: waiting (ContainerCreating)',
    );
    expect(error.phase).toBe("Pending");
    expect(dialled).toBe(false);
  });

  it("timeout closes the WebSocket: the server sees it go", async () => {
    accept = ["v5.channel.k8s.io"];
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => (closed = resolve));
    session = (ws) => ws.on("close", () => closed());
    await expect(exec(k, { name: "p" }, ["sleep", "100"], { timeout: 100 })).rejects.toBeInstanceOf(
      APITimeoutError,
    );
    await serverSawClose;
  });
});

describe("cp over the wire", () => {
  it("an archive cut short by the container is a CopyError", async () => {
    accept = ["v5.channel.k8s.io"];
    const source = await mkdtemp(join(tmpdir(), "kr8s-cp-wire-"));
    await writeFile(join(source, "data.bin"), Buffer.alloc(100_000, 1));
    const chunks: Buffer[] = [];
    for await (const chunk of tar.create({ cwd: source, portable: true }, ["data.bin"])) chunks.push(chunk);
    const archive = Buffer.concat(chunks);
    const commands: string[][] = [];
    session = (ws, url) => {
      commands.push(url.searchParams.getAll("command"));
      // The header and half of the content, then a clean exit: tar in the container was killed midway.
      send(ws, 1, archive.subarray(0, 512 + 50_000));
      finish(ws, success);
    };
    const target = join(source, "copy.bin");
    const error = (await copyFromPod(k, { name: "p" }, "/data/data.bin", target).catch(
      (e: unknown) => e,
    )) as CopyError;
    expect(commands).toEqual([["tar", "-C", "/data", "-cf", "-", "data.bin"]]);
    expect(error).toBeInstanceOf(CopyError);
    expect(error.message).toMatch(/^the archive from the container could not be unpacked: /);
    await rm(source, { recursive: true, force: true });
  });
});
