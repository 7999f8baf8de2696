// Port-forward throughput: MB/s of one 200 MB download through kr8s's portForward (its default, the SPDY
// tunnel, and forced to v4.channel.k8s.io) and through `kubectl port-forward` (kubectl 1.32: SPDY tunnelled
// over a WebSocket), side by side in alternating runs (medians; BENCH_RUNS, default 3), against the same pod
// of the local cluster, whose KWOK port-forward dials a local TCP server
// (packages/test-utils/src/kwok-config.ts). Each forwarder runs in its own process (kr8s in a child node
// process, as kubectl is one), so neither shares a thread with the reader. The CPU seconds of the
// forwarder, kube-apiserver and kwok-controller during each download (from /proc) show which side of the
// tunnel does the work; the forwarder's is also split into user and system seconds (the kernel's share, its
// socket I/O, is alike for both clients: the difference is in user space). Then, on the same forward, the
// median of 200 request/response round trips (one byte out, a reply the pod side sends in two small
// writes): the latency an interactive client sees.
// Prints a table; asserts nothing.
//
//   node --conditions=@kr8s/source bench/port-forward.ts [kubeconfig]   (default: the local cluster's)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { connect, createServer, type Server, type Socket } from "node:net";
import { api, PORT_FORWARD_PROTOCOL, portForward, type PortForwardProtocol } from "@kr8s/core";
import { portForward as forwardRange } from "@kr8s/test-utils/kwok-config";
import { run } from "@kr8s/test-utils/exec";
import {
  benchKubeconfig,
  clusterPids,
  cpuTimes,
  loadAverage,
  median,
  printTable,
  type CpuTimes,
} from "./support.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

const TOTAL = 200 * 1024 * 1024;
/** Runs of each client (`BENCH_RUNS`); the table shows medians. */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Request/response round trips per run, after the download. */
const ROUND_TRIPS = 200;
const sockets = new Set<Socket>();
const CHUNK = randomBytes(1024 * 1024);

/** A TCP server on a free port of KWOK's forwarded range that sends TOTAL bytes to each connection. */
async function source(): Promise<{ server: Server; port: number }> {
  for (let port = forwardRange.first; port <= forwardRange.last; port++) {
    const server = createServer({ noDelay: true }, (socket) => {
      let sent = 0;
      const pump = (): void => {
        while (sent < TOTAL) {
          sent += CHUNK.length;
          if (!socket.write(CHUNK)) return void socket.once("drain", pump);
        }
      };
      sockets.add(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => sockets.delete(socket));
      // The client's first byte picks the test: "D" a download, "P" request/response round trips.
      socket.once("data", (first: Buffer) => {
        if (first[0] === 0x44) return pump();
        // Each request gets a reply in two writes (like a header, then a body): two frames to forward.
        const reply = (requests: number): void => {
          for (let i = 0; i < requests; i++) {
            socket.write("a");
            setImmediate(() => socket.write("b"));
          }
        };
        reply(first.length - 1);
        socket.on("data", (chunk: Buffer) => reply(chunk.length));
      });
    });
    const ok = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, forwardRange.address, () => resolve(true));
    });
    if (ok) return { server, port };
  }
  throw new Error(`no free port in ${forwardRange.first}-${forwardRange.last}`);
}

/** ms to receive TOTAL bytes from a local port (the tunnel stays open: count, do not wait for the end). */
function download(localPort: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let received = 0;
    const socket = connect(localPort, "127.0.0.1");
    socket.write("D");
    socket.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received >= TOTAL) {
        socket.destroy();
        resolve(performance.now() - started);
      }
    });
    socket.on("error", reject);
    socket.on("close", () => {
      if (received < TOTAL) reject(new Error(`connection closed after ${received} bytes`));
    });
  });
}

/** ms per request/response round trip (1 byte out, a 2-byte reply in two writes), median of ROUND_TRIPS. */
function roundTrips(localPort: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port: localPort, host: "127.0.0.1", noDelay: true });
    const times: number[] = [];
    let started = 0;
    let received = 0;
    const ask = (): void => {
      received = 0;
      started = performance.now();
      socket.write("x");
    };
    socket.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received < 2) return;
      times.push(performance.now() - started);
      if (times.length < ROUND_TRIPS) return ask();
      socket.destroy();
      resolve(median(times));
    });
    socket.on("error", reject);
    socket.write("P");
    setTimeout(ask, 50);
  });
}

async function kubectl(kubeconfig: string, args: string[]): Promise<void> {
  const result = await run(referenceKubectl, [`--kubeconfig=${kubeconfig}`, ...args], { timeoutMs: 120_000 });
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
}

interface Measured {
  ms: number;
  /** Median ms of a small request/response round trip. */
  rtMs: number;
  /** CPU seconds used during the download by the forwarder, kube-apiserver and kwok-controller. */
  cpu: { forwarder?: CpuTimes; apiserver?: CpuTimes; kwok?: CpuTimes };
}

/** CPU seconds of each process, sampled now. */
async function sample(
  pids: Record<string, number | undefined>,
): Promise<Record<string, CpuTimes | undefined>> {
  const entries = await Promise.all(
    Object.entries(pids).map(async ([name, pid]) => [name, pid ? await cpuTimes(pid) : undefined] as const),
  );
  return Object.fromEntries(entries);
}

/** Runs a forwarder process and downloads through the port it prints ("Forwarding from 127.0.0.1:N"). */
async function viaProcess(command: string, args: string[]): Promise<Measured> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const localPort = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const match = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.on("exit", (code) => reject(new Error(`${command} port-forward exited ${code}`)));
    });
    const pids = { forwarder: child.pid, ...(await clusterPids()) };
    const before = await sample(pids);
    const ms = await download(localPort);
    const after = await sample(pids);
    const rtMs = await roundTrips(localPort);
    const cpu: Measured["cpu"] = {};
    for (const name of ["forwarder", "apiserver", "kwok"] as const) {
      const [a, b] = [before[name], after[name]];
      if (a !== undefined && b !== undefined)
        cpu[name] = { user: b.user - a.user, system: b.system - a.system };
    }
    return { ms, cpu, rtMs };
  } finally {
    child.kill();
  }
}

async function main(): Promise<void> {
  const kubeconfig = await benchKubeconfig();
  const namespace = `bench-pf-${randomBytes(3).toString("hex")}`;
  await kubectl(kubeconfig, ["create", "namespace", namespace]);
  const { server, port } = await source();
  try {
    // The namespace's default ServiceAccount appears a moment after the namespace.
    for (let i = 0; ; i++) {
      const created = await run(referenceKubectl, [
        `--kubeconfig=${kubeconfig}`,
        "-n",
        namespace,
        "run",
        "bench",
        "--image=busybox",
      ]);
      if (created.exitCode === 0) break;
      if (i === 50) throw new Error(created.stderr);
      await new Promise((r) => setTimeout(r, 200));
    }
    await kubectl(kubeconfig, [
      "-n",
      namespace,
      "wait",
      "--for=condition=Ready",
      "pod/bench",
      "--timeout=60s",
    ]);

    const kr8sArgs = [
      "--conditions=@kr8s/source",
      import.meta.filename,
      "--forward",
      kubeconfig,
      namespace,
      String(port),
    ];
    const kubectlArgs = [
      `--kubeconfig=${kubeconfig}`,
      "-n",
      namespace,
      "port-forward",
      "pod/bench",
      `:${port}`,
      "--address=127.0.0.1",
    ];
    // Alternating runs, so a burst of load from elsewhere on the machine hits both clients alike.
    const ours: Measured[] = [];
    const oursV4: Measured[] = [];
    const theirs: Measured[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await viaProcess(process.execPath, kr8sArgs));
      oursV4.push(await viaProcess(process.execPath, [...kr8sArgs, PORT_FORWARD_PROTOCOL]));
      theirs.push(await viaProcess(referenceKubectl, kubectlArgs));
    }

    const mb = TOTAL / (1024 * 1024);
    const rate = (ms: number): number => mb / (ms / 1000);
    const cpu = (runs: Measured[], name: keyof Measured["cpu"]): string => {
      const values = runs.map((r) => r.cpu[name]).filter((v) => v !== undefined);
      return values.length === runs.length ? median(values.map((v) => v.user + v.system)).toFixed(2) : "n/a";
    };
    /** The forwarder's user + system seconds: how much of its work is the kernel's (socket I/O). */
    const split = (runs: Measured[]): string => {
      const values = runs.map((r) => r.cpu.forwarder).filter((v) => v !== undefined);
      if (values.length !== runs.length) return "n/a";
      return `${median(values.map((v) => v.user)).toFixed(2)}+${median(values.map((v) => v.system)).toFixed(2)}`;
    };
    const row = (client: string, protocol: string, runs: Measured[]): string[] => {
      const ms = median(runs.map((r) => r.ms));
      return [
        client,
        protocol,
        (ms / 1000).toFixed(2),
        rate(ms).toFixed(1),
        `${(rate(ms) / rate(median(theirs.map((r) => r.ms)))).toFixed(2)}×`,
        runs.map((r) => rate(r.ms).toFixed(0)).join(" "),
        cpu(runs, "forwarder"),
        split(runs),
        cpu(runs, "apiserver"),
        cpu(runs, "kwok"),
        median(runs.map((r) => r.rtMs)).toFixed(2),
      ];
    };
    printTable(
      `port-forward: one ${mb} MB download through the API server and KWOK, median of ${RUNS} alternating runs ` +
        `(load average ${loadAverage()}; CPU in seconds during the download)`,
      [
        [
          "client",
          "protocol",
          "seconds",
          "MB/s",
          "vs kubectl",
          "each MB/s",
          "fwd CPU",
          "user+sys",
          "apiserver",
          "kwok",
          "round trip ms",
        ],
        row("kr8s portForward", "SPDY/3.1 over WebSocket", ours),
        row("kr8s portForward", "v4.channel.k8s.io (WebSocket)", oursV4),
        row("kubectl port-forward", "SPDY/3.1 over WebSocket", theirs),
      ],
    );
  } finally {
    for (const socket of sockets) socket.destroy();
    server.close();
    await kubectl(kubeconfig, ["delete", "namespace", namespace, "--wait=false"]);
  }
}

/** The child process of the kr8s measurement: forward until killed, printing the port like kubectl. */
async function forward(
  kubeconfig: string,
  namespace: string,
  port: string,
  protocol: string | undefined,
): Promise<void> {
  const k = await api({ kubeconfig });
  const pf = await portForward(k, "pod/bench", `:${port}`, {
    namespace,
    addresses: ["127.0.0.1"],
    ...(protocol ? { protocols: [protocol as PortForwardProtocol] } : {}),
  });
  console.log(`Forwarding from 127.0.0.1:${pf.localPort} -> ${port}`);
  process.once(
    "SIGTERM",
    () =>
      void pf
        .stop()
        .then(() => k.close())
        .then(() => process.exit(0)),
  );
}

if (process.argv[2] === "--forward") {
  const [, , , kubeconfig = "", namespace = "", port = "", protocol] = process.argv;
  await forward(kubeconfig, namespace, port, protocol);
} else await main();
