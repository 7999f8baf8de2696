// Compacts the local cluster's etcd history up to its current revision, the way kube-apiserver's periodic
// compaction would (every 5 minutes). Afterwards a watch from an older resourceVersion of a resource that the
// API server serves from etcd rather than its watch cache (events, by default) gets a real 410 Gone.
// Uses etcd's JSON gateway at the address, and with the client certificate, kube-apiserver itself uses.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { httpsRequest, type ApiResponse } from "./api.ts";
import { statePaths, type StatePaths } from "./paths.ts";
import { readPidFile } from "./processes.ts";

interface EtcdClient {
  post(path: string, body: unknown): Promise<unknown>;
}

/** kube-apiserver's `--etcd-*` flags: the etcd it writes to, and how it authenticates there. */
async function etcdClient(paths: StatePaths): Promise<EtcdClient> {
  const pidFile = join(paths.kwokClusterDir, "pids", "kube-apiserver.pid");
  const pid = await readPidFile(pidFile);
  if (pid === undefined) throw new Error(`no kube-apiserver pid in ${pidFile}`);
  const args = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0");
  const flag = (name: string): string | undefined =>
    args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const server = flag("etcd-servers")?.split(",")[0];
  if (!server) throw new Error(`kube-apiserver (pid ${pid}) has no --etcd-servers`);
  const [caFile, certFile, keyFile] = [flag("etcd-cafile"), flag("etcd-certfile"), flag("etcd-keyfile")];
  const tls =
    server.startsWith("https:") && caFile
      ? {
          ca: await readFile(caFile, "utf8"),
          ...(certFile ? { cert: await readFile(certFile, "utf8") } : {}),
          ...(keyFile ? { key: await readFile(keyFile, "utf8") } : {}),
        }
      : undefined;
  const send = (url: URL, body: unknown): Promise<ApiResponse> =>
    tls ? httpsRequest(url, { method: "POST", body, ...tls }) : httpPost(url, body);
  return {
    async post(path, body) {
      const response = await send(new URL(path, server), body);
      if (response.status !== 200) throw new Error(`etcd ${path}: HTTP ${response.status}: ${response.body}`);
      return JSON.parse(response.body) as unknown;
    },
  };
}

async function httpPost(url: URL, body: unknown): Promise<ApiResponse> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.text() };
}

/** Compacts etcd up to its current revision; resolves with that revision. */
export async function compactEtcd(paths: StatePaths = statePaths()): Promise<number> {
  const etcd = await etcdClient(paths);
  const status = (await etcd.post("/v3/maintenance/status", {})) as { header?: { revision?: string } };
  const revision = Number(status.header?.revision);
  if (!Number.isInteger(revision) || revision <= 0)
    throw new Error(`etcd reported no revision: ${JSON.stringify(status)}`);
  await etcd.post("/v3/kv/compaction", { revision: String(revision), physical: true });
  return revision;
}
