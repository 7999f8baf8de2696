// exec stdout throughput: MB/s of `head -c 200MB /dev/zero` run in the same pod by kr8s's exec (stdout
// streamed into a counting sink) and by `kubectl exec` (stdout piped into a counting sink), side by side in
// alternating runs (medians). Both speak v5.channel.k8s.io to the same API server. Prints a table; asserts nothing.
//
//   node --conditions=@kr8s/source bench/exec.ts [kubeconfig]   (default: the local cluster's)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { api, closeDispatchers, exec, type Api } from "@kr8s/core";
import { benchKubeconfig, loadAverage, median, printTable } from "./support.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

const BYTES = 200 * 1024 * 1024;
/** Runs of each client (`BENCH_RUNS`); the table shows medians. */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COMMAND = ["head", "-c", String(BYTES), "/dev/zero"];

interface Run {
  bytes: number;
  ms: number;
}

function countingSink(onBytes: (n: number) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      onBytes(chunk.length);
      callback();
    },
  });
}

async function kr8sRun(k: Api, namespace: string, pod: string): Promise<Run> {
  let bytes = 0;
  const started = performance.now();
  await exec(k, { namespace, name: pod }, COMMAND, { stdout: countingSink((n) => (bytes += n)) });
  return { bytes, ms: performance.now() - started };
}

function kubectlRun(kubeconfig: string, namespace: string, pod: string): Promise<Run> {
  return new Promise<Run>((resolve, reject) => {
    let bytes = 0;
    const started = performance.now();
    const child = spawn(
      referenceKubectl,
      [`--kubeconfig=${kubeconfig}`, "-n", namespace, "exec", pod, "--", ...COMMAND],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    child.stdout.on("data", (chunk: Buffer) => (bytes += chunk.length));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve({ bytes, ms: performance.now() - started })
        : reject(new Error(`kubectl exited ${code}`)),
    );
  });
}

async function readyPod(k: Api, namespace: string, name: string): Promise<void> {
  await k.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
  await k.create({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace },
    spec: { containers: [{ name, image: "busybox" }] },
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const pod = await k.request<{ status?: { conditions?: { type: string; status: string }[] } }>({
      path: `/api/v1/namespaces/${namespace}/pods/${name}`,
    });
    if (pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")) return;
    if (Date.now() > deadline) throw new Error(`pod ${namespace}/${name} did not become Ready`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const kubeconfig = await benchKubeconfig();
const k = await api({ kubeconfig });
const namespace = `bench-exec-${randomBytes(3).toString("hex")}`;
try {
  await readyPod(k, namespace, "bench");
  // One warm-up each (connections, page cache), then the measured runs, alternating so that a burst of load
  // from elsewhere on the shared machine hits both clients alike.
  await kr8sRun(k, namespace, "bench");
  await kubectlRun(kubeconfig, namespace, "bench");
  const ours: Run[] = [];
  const theirs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(await kr8sRun(k, namespace, "bench"));
    theirs.push(await kubectlRun(kubeconfig, namespace, "bench"));
  }
  for (const [client, runs] of [
    ["kr8s exec", ours],
    ["kubectl exec", theirs],
  ] as const) {
    const short = runs.filter((run) => run.bytes !== BYTES);
    if (short.length > 0)
      throw new Error(`${client}: runs received ${short.map((r) => r.bytes).join(", ")} bytes, not ${BYTES}`);
  }
  const mbps = (ms: number): number => BYTES / 1024 / 1024 / (ms / 1000);
  const kubectlMs = median(theirs.map((r) => r.ms));
  const row = (client: string, runs: Run[]): string[] => {
    const ms = median(runs.map((r) => r.ms));
    return [
      client,
      (ms / 1000).toFixed(2),
      mbps(ms).toFixed(1),
      `${(mbps(ms) / mbps(kubectlMs)).toFixed(2)}×`,
      runs.map((r) => mbps(r.ms).toFixed(0)).join(" "),
    ];
  };
  printTable(
    `exec stdout throughput: ${BYTES / 1024 / 1024} MiB of /dev/zero from pod ${namespace}/bench, median of ` +
      `${RUNS} alternating runs (load average ${loadAverage()})`,
    [
      ["client", "seconds", "MiB/s", "vs kubectl", "each MiB/s"],
      row("kr8s exec", ours),
      row("kubectl exec", theirs),
    ],
  );
} finally {
  await k.delete("namespace", namespace).catch(() => undefined);
  await k.close();
  await closeDispatchers();
}
