// Watch throughput: events per second delivered for a burst of 5,000 ConfigMap creations, kr8s's watch vs
// @kubernetes/client-node 2.x's Watch, side by side in one run. Prints a table; asserts nothing.
//
//   live    both clients watch while the burst is created (32 creations in flight): the server's pace
//   replay  after the burst, each client alone watches from the resourceVersion before it: the API server's
//           watch cache sends the 5,000 events as fast as the client takes them (the client's pace)
//
//   node --conditions=@kr8s/source bench/watch.ts [kubeconfig]   (default: the local cluster's)
import { randomBytes } from "node:crypto";
import { closeDispatchers, createTransport, resolveConnection, type Transport } from "@kr8s/core";
import * as k8s from "@kubernetes/client-node";
// Api.watch(kind) wraps this once discovery lands; the bench measures the watch itself.
import { watch } from "../packages/core/src/watch/watch.ts";
import { configMaps } from "../packages/core/test/resource-refs.ts";
import { benchKubeconfig, printTable } from "./support.ts";

const EVENTS = 5000;
const IN_FLIGHT = 32;

type Watcher = (from: string, namespace: string) => { received: Promise<number> };

/** ms from now until `count` ADDED events arrived (resolves with the time of the last one). */
function kr8sWatcher(transport: Transport): Watcher {
  return (from, namespace) => {
    const started = performance.now();
    const received = (async () => {
      let count = 0;
      for await (const event of watch(transport, configMaps, { namespace, resourceVersion: from })) {
        if (event.type === "ADDED" && ++count === EVENTS) break;
      }
      return performance.now() - started;
    })();
    return { received };
  };
}

function clientNodeWatcher(config: k8s.KubeConfig): Watcher {
  return (from, namespace) => {
    const started = performance.now();
    const received = new Promise<number>((resolve, reject) => {
      let count = 0;
      let controller: AbortController | undefined;
      new k8s.Watch(config)
        .watch(
          `/api/v1/namespaces/${namespace}/configmaps`,
          { resourceVersion: from, allowWatchBookmarks: true },
          (type) => {
            if (type === "ADDED" && ++count === EVENTS) {
              resolve(performance.now() - started);
              controller?.abort();
            }
          },
          (error: unknown) => {
            if (count < EVENTS)
              reject(new Error(`client-node watch ended after ${count} events: ${String(error)}`));
          },
        )
        .then((c) => (controller = c), reject);
    });
    return { received };
  };
}

async function createBurst(transport: Transport, namespace: string): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < EVENTS; i = next++)
      await transport.request({
        method: "POST",
        path: `/api/v1/namespaces/${namespace}/configmaps`,
        body: { metadata: { name: `cm-${i}` }, data: { index: String(i) } },
      });
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return performance.now() - started;
}

const rate = (ms: number): string => ((EVENTS / ms) * 1000).toFixed(0);

async function main(): Promise<void> {
  const kubeconfig = await benchKubeconfig();
  const transport = createTransport(await resolveConnection({ kubeconfig }), { qps: Infinity });
  const config = new k8s.KubeConfig();
  config.loadFromFile(kubeconfig);
  const namespace = `kr8s-bench-watch-${randomBytes(3).toString("hex")}`;
  await transport.request({
    method: "POST",
    path: "/api/v1/namespaces",
    body: { metadata: { name: namespace } },
  });
  try {
    const { body } = await transport.request<{ metadata: { resourceVersion: string } }>({
      path: `/api/v1/namespaces/${namespace}/configmaps`,
    });
    const before = body.metadata.resourceVersion;
    const watchers: [string, Watcher][] = [
      ["kr8s watch", kr8sWatcher(transport)],
      ["@kubernetes/client-node 2.x Watch", clientNodeWatcher(config)],
    ];

    const live = watchers.map(([, watcher]) => watcher(before, namespace).received);
    const createMs = await createBurst(transport, namespace);
    const liveMs = await Promise.all(live);

    const replayMs: number[] = [];
    for (const [, watcher] of watchers) replayMs.push(await watcher(before, namespace).received);

    printTable(
      `${EVENTS} ConfigMaps created with ${IN_FLIGHT} in flight in ${(createMs / 1000).toFixed(1)} s (${rate(createMs)}/s); node ${process.version}`,
      [
        ["client", "live events/s", "replay events/s", "replay ms"],
        ...watchers.map(([name], i) => [
          name,
          rate(liveMs[i] ?? NaN),
          rate(replayMs[i] ?? NaN),
          (replayMs[i] ?? NaN).toFixed(0),
        ]),
      ],
    );
  } finally {
    await transport.request({ method: "DELETE", path: `/api/v1/namespaces/${namespace}` });
    await transport.close();
    await closeDispatchers();
  }
}

await main();
