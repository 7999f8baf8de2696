// Port-forward throughput: MB/s of one 200 MB download through kr8s's portForward (v4.channel.k8s.io
// WebSocket) and through `kubectl port-forward` (kubectl 1.32: SPDY tunnelled over a WebSocket), side by side
// in one run, against the same pod of the local cluster, whose KWOK port-forward dials a local TCP server
// (scripts/cluster/README.md). Each forwarder runs in its own process (kr8s in a child node process, as
// kubectl is one), so neither shares a thread with the reader. Prints a table; asserts nothing.
//
//   node --conditions=@kr8s/source bench/port-forward.ts [kubeconfig]   (default: the local cluster's)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { connect, createServer, type Server, type Socket } from "node:net";
import { api, portForward } from "@kr8s/core";
import { portForward as forwardRange } from "@kr8s/test-utils/kwok-config";
import { run } from "@kr8s/test-utils/exec";
import { benchKubeconfig, printTable } from "./support.ts";

const TOTAL = 200 * 1024 * 1024;
const sockets = new Set<Socket>();
const CHUNK = randomBytes(1024 * 1024);

/** A TCP server on a free port of KWOK's forwarded range that sends TOTAL bytes to each connection. */
async function source(): Promise<{ server: Server; port: number }> {
  for (let port = forwardRange.first; port <= forwardRange.last; port++) {
    const server = createServer((socket) => {
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
      pump();
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

async function kubectl(kubeconfig: string, args: string[]): Promise<void> {
  const result = await run("kubectl", [`--kubeconfig=${kubeconfig}`, ...args], { timeoutMs: 120_000 });
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
}

/** Runs a forwarder process and downloads through the port it prints ("Forwarding from 127.0.0.1:N"). */
async function viaProcess(command: string, args: string[]): Promise<number> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const localPort = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const match = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.on("exit", (code) => reject(new Error(`kubectl port-forward exited ${code}`)));
    });
    return await download(localPort);
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
      const created = await run("kubectl", [
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

    const kr8sMs = await viaProcess(process.execPath, [
      "--conditions=@kr8s/source",
      import.meta.filename,
      "--forward",
      kubeconfig,
      namespace,
      String(port),
    ]);
    const kubectlMs = await viaProcess("kubectl", [
      `--kubeconfig=${kubeconfig}`,
      "-n",
      namespace,
      "port-forward",
      "pod/bench",
      `:${port}`,
      "--address=127.0.0.1",
    ]);

    const mb = TOTAL / (1024 * 1024);
    const rate = (ms: number): number => mb / (ms / 1000);
    printTable(`port-forward: one ${mb} MB download through the API server and KWOK (one run each)`, [
      ["client", "protocol", "seconds", "MB/s", "vs kubectl"],
      [
        "kr8s portForward",
        "v4.channel.k8s.io (WebSocket)",
        (kr8sMs / 1000).toFixed(2),
        rate(kr8sMs).toFixed(1),
        `${(rate(kr8sMs) / rate(kubectlMs)).toFixed(2)}×`,
      ],
      [
        "kubectl port-forward",
        "SPDY/3.1 over WebSocket",
        (kubectlMs / 1000).toFixed(2),
        rate(kubectlMs).toFixed(1),
        "1.00×",
      ],
    ]);
  } finally {
    for (const socket of sockets) socket.destroy();
    server.close();
    await kubectl(kubeconfig, ["delete", "namespace", namespace, "--wait=false"]);
  }
}

/** The child process of the kr8s measurement: forward until killed, printing the port like kubectl. */
async function forward(kubeconfig: string, namespace: string, port: string): Promise<void> {
  const k = await api({ kubeconfig });
  const pf = await portForward(k, "pod/bench", `:${port}`, { namespace, addresses: ["127.0.0.1"] });
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
  const [, , , kubeconfig = "", namespace = "", port = ""] = process.argv;
  await forward(kubeconfig, namespace, port);
} else await main();
