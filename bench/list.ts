// List benchmark: 20,000 pods listed by kr8s `get` (objects and `raw`), @kubernetes/client-node 2.x and the
// floor (undici `request` + `JSON.parse` of the same URLs), each in its own process so peak RSS is its own.
// All page by 500 (kubectl's and kr8s's default chunk size), so every client fetches the same URLs. Prints
// wall time and peak RSS side by side; asserts nothing.
//
//   node --conditions=@kr8s/source bench/list.ts [kubeconfig]   (default: the local cluster's)
//
// The pods are created through the API in a namespace of their own, with a scheduling gate so neither the
// scheduler nor KWOK works on them, and the namespace is deleted at the end (also on failure).
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { api } from "@kr8s/core";
import { benchKubeconfig, printTable } from "./support.ts";

const PODS = Number(process.env.KR8S_BENCH_PODS ?? 20_000);
const PAGE = 500;
const CREATE_CONCURRENCY = 32;

type Method = "floor" | "kr8s-raw" | "kr8s-objects" | "client-node";
const METHODS: Method[] = ["floor", "kr8s-raw", "kr8s-objects", "client-node"];

interface Measurement {
  items: number;
  /** Wall time of the list itself, client set up (and kr8s discovery read) before. */
  ms: number;
  /** Peak RSS of the process, and RSS just before the list (modules loaded, client ready). */
  maxRssMiB: number;
  setupRssMiB: number;
}

type Lister = () => Promise<number>;

/** Each method imports only what it uses, so one client's modules do not weigh on another's memory. */
async function floor(kubeconfig: string, namespace: string): Promise<Lister> {
  const { resolveConnection } = await import("@kr8s/core");
  const { Agent, request } = await import("undici");
  const conn = await resolveConnection({ kubeconfig });
  const credentials = await conn.credentials.get();
  const dispatcher = new Agent({
    connect: {
      ...(conn.tls.ca ? { ca: conn.tls.ca } : {}),
      ...(credentials.clientCertificate ? { cert: credentials.clientCertificate } : {}),
      ...(credentials.clientKey ? { key: credentials.clientKey } : {}),
      rejectUnauthorized: !conn.tls.insecureSkipTLSVerify,
    },
  });
  const headers: Record<string, string> = { accept: "application/json" };
  if (credentials.token) headers.authorization = `Bearer ${credentials.token}`;
  // Like `get`, the floor keeps every item: a caller listing 20,000 pods holds them.
  return async () => {
    const items: { metadata?: { name?: string } }[] = [];
    let token: string | undefined;
    do {
      const url = new URL(`${conn.server}/api/v1/namespaces/${namespace}/pods`);
      url.searchParams.set("limit", String(PAGE));
      if (token) url.searchParams.set("continue", token);
      const response = await request(url, { dispatcher, headers });
      const list = JSON.parse(await response.body.text()) as {
        items: { metadata?: { name?: string } }[];
        metadata: { continue?: string };
      };
      for (const pod of list.items) items.push(pod);
      token = list.metadata.continue || undefined;
    } while (token);
    return items.filter((pod) => pod.metadata?.name).length;
  };
}

async function kr8s(kubeconfig: string, namespace: string, raw: boolean): Promise<Lister> {
  const { api } = await import("@kr8s/core");
  const k = await api({ kubeconfig, qps: Infinity, discoveryCacheDir: false });
  await k.lookupKind("pods"); // discovery, which a real client reads from its disk cache
  // Touch every object as a caller would (a name per pod), so lazy wrapping is not measured as free.
  return async () => {
    let names = 0;
    if (raw) {
      for (const pod of await k.get("pods", { namespace, raw: true })) if (pod.metadata?.name) names++;
    } else {
      for (const pod of await k.get("pods", { namespace })) if (pod.name) names++;
    }
    return names;
  };
}

async function clientNode(kubeconfig: string, namespace: string): Promise<Lister> {
  const k8s = await import("@kubernetes/client-node");
  const config = new k8s.KubeConfig();
  config.loadFromFile(kubeconfig);
  const core = config.makeApiClient(k8s.CoreV1Api);
  return async () => {
    const items: Awaited<ReturnType<typeof core.listNamespacedPod>>["items"] = [];
    let token: string | undefined;
    do {
      const list = await core.listNamespacedPod({
        namespace,
        limit: PAGE,
        ...(token ? { _continue: token } : {}),
      });
      items.push(...list.items);
      token = list.metadata?._continue || undefined;
    } while (token);
    return items.filter((pod) => pod.metadata?.name).length;
  };
}

/** Child process: run one method, print its measurement as JSON. */
async function child(method: Method, kubeconfig: string, namespace: string): Promise<void> {
  const lister =
    method === "floor"
      ? await floor(kubeconfig, namespace)
      : method === "client-node"
        ? await clientNode(kubeconfig, namespace)
        : await kr8s(kubeconfig, namespace, method === "kr8s-raw");
  const setupRssMiB = process.memoryUsage().rss / 2 ** 20;
  const start = performance.now();
  const items = await lister();
  const ms = performance.now() - start;
  const measurement: Measurement = {
    items,
    ms,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    setupRssMiB,
  };
  console.log(JSON.stringify(measurement));
  process.exit(0); // pooled keep-alive sockets would keep the child alive
}

async function createPods(kubeconfig: string, namespace: string): Promise<void> {
  const k = await api({ kubeconfig, qps: Infinity, discoveryCacheDir: false });
  await k.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < PODS; i = next++) {
      await k.create({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: `pod-${i}`, namespace, labels: { app: "bench", shard: String(i % 10) } },
        spec: {
          // A scheduling gate keeps the pod Pending and untouched: no scheduler or KWOK work for 20,000 pods.
          schedulingGates: [{ name: "kr8s.dev/bench" }],
          containers: [
            { name: "main", image: "registry.k8s.io/pause:3.10", resources: { requests: { cpu: "1m" } } },
          ],
        },
      });
    }
  };
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, worker));
  await k.close();
}

async function deleteNamespace(kubeconfig: string, namespace: string): Promise<void> {
  const k = await api({ kubeconfig, discoveryCacheDir: false });
  await k.delete("namespace", namespace, { ignoreNotFound: true });
  await k.close();
}

async function main(): Promise<void> {
  const [, , first, second, third] = process.argv;
  if (first === "--child") return child(second as Method, third ?? "", process.argv[5] ?? "");
  const kubeconfig = await benchKubeconfig();
  const namespace = `bench-list-${randomBytes(3).toString("hex")}`;
  const run = promisify(execFile);
  try {
    const createStart = performance.now();
    await createPods(kubeconfig, namespace);
    console.log(`created ${PODS} pods in ${((performance.now() - createStart) / 1000).toFixed(1)} s`);
    const results = new Map<Method, Measurement>();
    for (const method of METHODS) {
      const { stdout } = await run(
        process.execPath,
        [...process.execArgv, process.argv[1] ?? "", "--child", method, kubeconfig, namespace],
        { maxBuffer: 1 << 20 },
      );
      results.set(method, JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Measurement);
    }
    const base = results.get("floor");
    printTable(`list ${PODS} pods, pages of ${PAGE} (one process per client, one run)`, [
      ["client", "items", "list ms", "× floor", "peak RSS MiB", "× floor", "RSS before list MiB"],
      ...METHODS.map((method) => {
        const m = results.get(method);
        if (!m || !base) return [method, "?", "?", "?", "?", "?", "?"];
        return [
          method,
          String(m.items),
          m.ms.toFixed(0),
          (m.ms / base.ms).toFixed(2),
          m.maxRssMiB.toFixed(0),
          (m.maxRssMiB / base.maxRssMiB).toFixed(2),
          m.setupRssMiB.toFixed(0),
        ];
      }),
    ]);
  } finally {
    await deleteNamespace(kubeconfig, namespace);
    console.log(`deleted namespace ${namespace}`);
  }
}

await main();
