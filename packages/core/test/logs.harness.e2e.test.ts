// logs() through the real API server to KWOK, whose containers all "log" the harness's pod.log file
// (scripts/cluster/README.md), compared with kubectl on the same pods.
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { afterEach } from "vitest";
import { api, InvalidArgumentError, logs, type Api } from "@kr8s/core";
import { cuttableRelay } from "./cuttable-relay.ts";
import { clusterInfo, describe, expect, kubectl, runningPod, test } from "@kr8s/test-utils/fixtures";

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function client(kubeconfig: string): Promise<Api> {
  const k = await api({ kubeconfig, discoveryCacheDir: false });
  cleanups.push(() => k.close());
  return k;
}

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of iterable) out.push(line);
  return out;
}

async function kubectlLines(args: string[], namespace: string): Promise<string[]> {
  const result = await kubectl(args, { namespace });
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.split("\n").filter((l) => l !== "");
}

/**
 * Appends lines to the shared pod.log for one test and puts the file back afterwards, so that other tests
 * (which expect the three configured lines) see it unchanged once this one is done.
 */
async function podLog(): Promise<{ append(text: string): Promise<void> }> {
  const file = clusterInfo()?.simulation.podLogFile ?? "";
  const original = await readFile(file, "utf8");
  cleanups.push(() => writeFile(file, original));
  return {
    append: (text: string) => appendFile(file, `${new Date().toISOString()} stdout F ${text}\n`),
  };
}

describe("logs", () => {
  test("a pod's lines, tail and timestamps are kubectl's", async ({ kubeconfig, namespace }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig);
    expect(await collect(logs(k, pod, { namespace }))).toEqual(await kubectlLines(["logs", pod], namespace));
    expect(await collect(logs(k, `pod/${pod}`, { namespace, tailLines: 1, timestamps: true }))).toEqual(
      await kubectlLines(["logs", pod, "--tail=1", "--timestamps"], namespace),
    );
  });

  test("sinceTime and sinceSeconds filter like kubectl's --since-time and --since", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig);
    const since = await collect(logs(k, pod, { namespace, sinceTime: "2024-01-01T00:00:01Z" }));
    expect(since).toEqual(await kubectlLines(["logs", pod, "--since-time=2024-01-01T00:00:01Z"], namespace));
    expect(since).toHaveLength(2);
    // The configured lines are from 2024: none is younger than an hour.
    expect(await collect(logs(k, pod, { namespace, sinceSeconds: 3600 }))).toEqual(
      await kubectlLines(["logs", pod, "--since=1h"], namespace),
    );
  });

  test("a Deployment's pods all log, each line prefixed like kubectl --all-pods", async ({
    kubeconfig,
    namespace,
  }) => {
    const created = await kubectl(["create", "deployment", "web", "--image=nginx", "--replicas=2"], {
      namespace,
    });
    expect(created.exitCode, created.stderr).toBe(0);
    const rolled = await kubectl(["rollout", "status", "deployment/web", "--timeout=60s"], {
      namespace,
      timeoutMs: 70_000,
    });
    expect(rolled.exitCode, rolled.stderr).toBe(0);
    const k = await client(kubeconfig);
    const ours = await collect(logs(k, "deploy/web", { namespace }));
    expect(ours).toHaveLength(6);
    expect(ours.sort()).toEqual((await kubectlLines(["logs", "deploy/web", "--all-pods"], namespace)).sort());
    expect(ours[0]).toMatch(/^\[pod\/web-[a-z0-9-]+\/nginx\] kr8s fake log line \d$/);
  });

  test("previous logs of a container that never restarted: a clear error before any request", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig);
    const error = await collect(logs(k, pod, { namespace, previous: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe(
      `container "${pod}" of pod "${pod}" has never restarted, so it has no previous logs`,
    );
    // kubectl sends the request and shows whatever the node says (here KWOK's "failed to read log file").
    const theirs = await kubectl(["logs", pod, "--previous"], { namespace });
    expect(theirs.exitCode).not.toBe(0);
    expect(theirs.stderr).toContain("Error from server (BadRequest)");
  });

  test("a missing container is named in the error", async ({ kubeconfig, namespace }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig);
    await expect(collect(logs(k, pod, { namespace, container: "nope" }))).rejects.toThrow(
      `container "nope" is not valid for pod "${pod}"`,
    );
  });

  test("follow receives appended lines, and resumes after its connection is cut without losing or repeating one", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const file = await podLog();
    // The client reaches the API server through a relay the test can cut.
    const relay = await cuttableRelay(kubeconfig, clusterInfo()?.server ?? "");
    cleanups.push(() => relay.close());
    const k = await client(relay.kubeconfig);

    const seen: string[] = [];
    const controller = new AbortController();
    const following = (async () => {
      for await (const line of logs(k, pod, { namespace, follow: true, signal: controller.signal }))
        seen.push(line);
    })().catch((e: unknown) => e);
    await expect.poll(() => seen.length, { timeout: 30_000 }).toBe(3);

    await file.append(`before the cut ${namespace}`);
    await expect.poll(() => seen.at(-1), { timeout: 30_000 }).toBe(`before the cut ${namespace}`);
    relay.cut();
    await file.append(`after the cut ${namespace}`);
    await expect.poll(() => seen.at(-1), { timeout: 30_000 }).toBe(`after the cut ${namespace}`);
    controller.abort();
    await following;
    expect(seen).toEqual([
      ...(clusterInfo()?.simulation.podLogLines ?? []),
      `before the cut ${namespace}`,
      `after the cut ${namespace}`,
    ]);
  }, 120_000);
});
