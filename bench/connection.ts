// Connection benchmark: the same requests through kr8s, @kubernetes/client-node 2.x
// and kubectl, against the same cluster in one run. Prints a table; asserts nothing (numbers are for
// humans and closing notes, never for tests).
//
//   node --conditions=@kr8s/source bench/connection.ts [kubeconfig]   (default: the local cluster's)
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { api, closeDispatchers } from "@kr8s/core";
import * as k8s from "@kubernetes/client-node";
import { benchKubeconfig, printTable } from "./support.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

const SEQUENTIAL = 300;
const CONCURRENT = 600;
const PARALLELISM = 32;
const KUBECTL_RUNS = 10;

type Client = { name: string; get: () => Promise<unknown>; close: () => Promise<void> };

async function kr8sClient(kubeconfig: string): Promise<Client> {
  // Rate limit off: we measure the transport, not kubectl's politeness.
  const k = await api({ kubeconfig, qps: Infinity });
  return {
    name: "kr8s (HTTP/1.1)",
    get: () => k.request({ method: "GET", path: "/api/v1/namespaces/default/configmaps" }),
    close: () => k.close(),
  };
}

function clientNode(kubeconfig: string): Client {
  const config = new k8s.KubeConfig();
  config.loadFromFile(kubeconfig);
  const core = config.makeApiClient(k8s.CoreV1Api);
  return {
    name: "@kubernetes/client-node 2.x",
    get: () => core.listNamespacedConfigMap({ namespace: "default" }),
    close: async () => {},
  };
}

async function time(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function sequential(client: Client): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) latencies.push(await time(async () => void (await client.get())));
  return latencies;
}

async function concurrent(client: Client): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next++ < CONCURRENT) await client.get();
  };
  const ms = await time(() => Promise.all(Array.from({ length: PARALLELISM }, worker)).then(() => undefined));
  return (CONCURRENT / ms) * 1000;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const run = promisify(execFile);

async function main(): Promise<void> {
  const kubeconfig = await benchKubeconfig();
  const rows: string[][] = [["client", "p50 ms", "p99 ms", `req/s (${PARALLELISM} parallel)`]];
  for (const make of [() => kr8sClient(kubeconfig), () => Promise.resolve(clientNode(kubeconfig))]) {
    const client = await make();
    await client.get(); // warm: TLS handshake, pools
    const latencies = await sequential(client);
    const throughput = await concurrent(client);
    rows.push([
      client.name,
      percentile(latencies, 50).toFixed(2),
      percentile(latencies, 99).toFixed(2),
      throughput.toFixed(0),
    ]);
    await client.close();
  }
  const kubectlLatencies: number[] = [];
  for (let i = 0; i < KUBECTL_RUNS; i++) {
    kubectlLatencies.push(
      await time(
        async () =>
          void (await run(referenceKubectl, [
            "--kubeconfig",
            kubeconfig,
            "get",
            "configmaps",
            "-n",
            "default",
            "-o",
            "json",
          ])),
      ),
    );
  }
  rows.push([
    "kubectl (one process per request)",
    percentile(kubectlLatencies, 50).toFixed(1),
    percentile(kubectlLatencies, 99).toFixed(1),
    "-",
  ]);
  await closeDispatchers();

  printTable(
    `GET /api/v1/namespaces/default/configmaps: ${SEQUENTIAL} sequential, ${CONCURRENT} with ${PARALLELISM} in flight; node ${process.version}`,
    rows,
  );
}

await main();
