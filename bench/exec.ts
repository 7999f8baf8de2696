// exec stdout throughput: MB/s of `head -c 200MB /dev/zero` run in the same pod by kr8s's exec (stdout
// streamed into a counting sink) and by `kubectl exec` (stdout piped into a counting sink), side by side in
// one run. Both speak v5.channel.k8s.io to the same API server. Prints a table; asserts nothing.
//
//   node --conditions=@kr8s/source bench/exec.ts [kubeconfig]   (default: the local cluster's)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { api, closeDispatchers, exec, type Api } from "@kr8s/core";
import { benchKubeconfig, printTable } from "./support.ts";

const BYTES = 200 * 1024 * 1024;
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
      "kubectl",
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
  // One warm-up each (connections, page cache), then the measured runs, alternating.
  await kr8sRun(k, namespace, "bench");
  await kubectlRun(kubeconfig, namespace, "bench");
  const ours = await kr8sRun(k, namespace, "bench");
  const theirs = await kubectlRun(kubeconfig, namespace, "bench");
  for (const run of [ours, theirs]) {
    if (run.bytes !== BYTES) throw new Error(`received ${run.bytes} bytes, expected ${BYTES}`);
  }
  const mbps = (run: Run): number => BYTES / 1024 / 1024 / (run.ms / 1000);
  printTable(`exec stdout throughput: ${BYTES / 1024 / 1024} MiB of /dev/zero from pod ${namespace}/bench`, [
    ["client", "seconds", "MiB/s", "vs kubectl"],
    [
      "kr8s exec",
      (ours.ms / 1000).toFixed(2),
      mbps(ours).toFixed(1),
      `${(mbps(ours) / mbps(theirs)).toFixed(2)}×`,
    ],
    ["kubectl exec", (theirs.ms / 1000).toFixed(2), mbps(theirs).toFixed(1), "1.00×"],
  ]);
} finally {
  await k.delete("namespace", namespace).catch(() => undefined);
  await k.close();
  await closeDispatchers();
}
