// Helpers shared by @kr8s/core's end-to-end tests (the cluster fixtures live in @kr8s/test-utils).
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  api,
  loadKubeConfig,
  readKubeConfigFile,
  type Api,
  type ApiOptions,
  type KubeConfigObject,
} from "@kr8s/core";
import { clusterInfo, kubectl, type ClusterInfo } from "@kr8s/test-utils/fixtures";

/** The local harness's cluster.json; these tests need its CA or static users. */
export function localCluster(): ClusterInfo {
  const info = clusterInfo();
  if (!info)
    throw new Error("this test needs the local control plane (cluster.json): unset KR8S_TEST_KUBECONFIG");
  return info;
}

/** The user of the kubeconfig's current context, file paths made absolute (so it can move to another file). */
export async function currentUser(
  kubeconfig: string,
): Promise<NonNullable<KubeConfigObject["users"]>[number]["user"]> {
  const config = await loadKubeConfig(kubeconfig);
  const context = config.contexts.get(config.currentContext ?? "");
  const user = config.users.get(context?.value.user ?? "");
  if (!user) throw new Error(`no user for the current context of ${kubeconfig}`);
  return user.value;
}

/** The harness kubeconfig's cluster entry, so a test can pair it with any user. */
export async function clusterEntry(
  kubeconfig: string,
): Promise<NonNullable<KubeConfigObject["clusters"]>[number]> {
  const config = await readKubeConfigFile(kubeconfig);
  const context = config.contexts?.find((c) => c.name === config["current-context"]);
  const cluster = config.clusters?.find((c) => c.name === context?.context.cluster);
  if (!cluster) throw new Error(`no cluster for the current context of ${kubeconfig}`);
  return cluster;
}

/** A one-context kubeconfig object for `user` on the harness cluster. */
export async function kubeconfigFor(
  kubeconfig: string,
  user: NonNullable<KubeConfigObject["users"]>[number]["user"],
  namespace?: string,
): Promise<KubeConfigObject> {
  const cluster = await clusterEntry(kubeconfig);
  return {
    apiVersion: "v1",
    kind: "Config",
    clusters: [cluster],
    users: [{ name: "test-user", user }],
    contexts: [
      {
        name: "test",
        context: { cluster: cluster.name, user: "test-user", ...(namespace ? { namespace } : {}) },
      },
    ],
    "current-context": "test",
  };
}

/** A ServiceAccount in `namespace` and a fresh token for it from the TokenRequest API. */
export async function serviceAccountToken(namespace: string, name: string): Promise<string> {
  const created = await kubectl(["create", "serviceaccount", name], { namespace });
  if (created.exitCode !== 0 && !created.stderr.includes("AlreadyExists")) throw new Error(created.stderr);
  const token = await kubectl(["create", "token", name, "--duration=10m"], { namespace });
  if (token.exitCode !== 0) throw new Error(token.stderr);
  return token.stdout.trim();
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `kr8s-${prefix}-`));
}

/**
 * Writes an exec credential plugin: a Node script that prints `status` (an ExecCredential status) and
 * appends a line to `<dir>/calls` each time it runs, so tests can count invocations.
 */
export async function writeExecPlugin(dir: string, script: string): Promise<string> {
  const path = join(dir, "plugin.mjs");
  await writeFile(path, `#!${process.execPath}\n${script}\n`, { mode: 0o755 });
  return path;
}

const opened: Api[] = [];

/** `api()` for a test; {@link closeApis} (in an afterEach) releases every client a test opened. */
export async function connect(options: ApiOptions): Promise<Api> {
  const k = await api(options);
  opened.push(k);
  return k;
}

export async function closeApis(): Promise<void> {
  await Promise.all(opened.splice(0).map((k) => k.close()));
}

/** Polls `check` until it returns true (a cluster-side process such as the garbage collector). */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}
