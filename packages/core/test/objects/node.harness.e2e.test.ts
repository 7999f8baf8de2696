// Node helpers (cordon, taint, drain) on fake KWOK nodes of the test's own — never on kwok-node-0, which
// every other test schedules onto. A harness test: the nodes need KWOK to become Ready and run pods.
import { afterEach } from "vitest";
import {
  APITimeoutError,
  DrainError,
  InvalidArgumentError,
  Node,
  Pod,
  type Api,
  type DrainEvent,
} from "@kr8s/core";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { closeApis, connect } from "../support.ts";
import { eventually, kind, kubectlOk, onNode, privateNode, workloadManifest } from "./helpers.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  await closeApis();
});

async function nodeFor(k: Api, prefix: string): Promise<Node> {
  const { name, remove } = await privateNode(prefix);
  cleanups.push(remove);
  const [node] = (await k.get(kind(Node), name)) as unknown as Node[];
  if (!node) throw new Error(`no node ${name}`);
  return node;
}

const nodeJSON = async (name: string) =>
  JSON.parse(await kubectlOk(["get", "node", name, "-o", "json"])) as {
    spec: { unschedulable?: boolean; taints?: { key: string; value?: string; effect: string }[] };
  };

describe("Node: cordon and taint, compared with kubectl on a twin node", () => {
  test("cordon() and uncordon() leave the node as kubectl cordon and uncordon do", async ({ kubeconfig }) => {
    const k = await connect({ kubeconfig });
    const [ours, theirs] = [await nodeFor(k, "e2e-cordon"), await nodeFor(k, "e2e-cordon")];
    await ours.cordon();
    await kubectlOk(["cordon", theirs.name]);
    expect(ours.unschedulable).toBe(true);
    expect((await nodeJSON(ours.name)).spec.unschedulable).toBe(true);
    expect((await nodeJSON(theirs.name)).spec.unschedulable).toBe(true);

    await ours.uncordon();
    await kubectlOk(["uncordon", theirs.name]);
    expect(ours.unschedulable).toBe(false);
    // kubectl removes the field rather than writing false; so does kr8s.
    expect("unschedulable" in (await nodeJSON(theirs.name)).spec).toBe(false);
    expect("unschedulable" in (await nodeJSON(ours.name)).spec).toBe(false);
  });

  test("taint() adds, overwrites and removes taints exactly as kubectl taint does", async ({
    kubeconfig,
  }) => {
    const k = await connect({ kubeconfig });
    const [ours, theirs] = [await nodeFor(k, "e2e-taint"), await nodeFor(k, "e2e-taint")];
    const taintsOf = async (name: string) =>
      ((await nodeJSON(name)).spec.taints ?? []).filter((t) => !t.key.startsWith("kr8s.dev/"));
    const steps: { specs: string[]; overwrite?: boolean }[] = [
      { specs: ["dedicated=gpu:NoSchedule"] },
      { specs: ["maintenance:NoExecute", "zone=a:PreferNoSchedule"] },
      { specs: ["dedicated=cpu:NoSchedule"], overwrite: true },
      { specs: ["zone:PreferNoSchedule-"] },
      { specs: ["maintenance-", "dedicated=cpu:NoSchedule-"] },
    ];
    for (const { specs, overwrite } of steps) {
      await ours.taint(specs, { overwrite: overwrite ?? false });
      await kubectlOk(["taint", "node", theirs.name, ...specs, ...(overwrite ? ["--overwrite"] : [])]);
      expect(await taintsOf(ours.name)).toEqual(await taintsOf(theirs.name));
    }
    expect(await taintsOf(ours.name)).toEqual([]);

    // The object form and the refusals kubectl makes, in kubectl's words.
    await ours.taint({ key: "team", value: "a", effect: "NoSchedule" });
    await kubectlOk(["taint", "node", theirs.name, "team=a:NoSchedule"]);
    const again = await kubectl(["taint", "node", theirs.name, "team=b:NoSchedule"]);
    const ourAgain = await ours.taint("team=b:NoSchedule").catch((e: unknown) => e);
    expect(ourAgain).toBeInstanceOf(InvalidArgumentError);
    expect(again.stderr).toContain(`node ${theirs.name} already has team taint(s) with same effect(s)`);
    expect((ourAgain as Error).message).toContain(
      `node ${ours.name} already has team taint(s) with same effect(s)`,
    );
    const missing = await kubectl(["taint", "node", theirs.name, "absent:NoSchedule-"]);
    const ourMissing = await ours.taint("absent:NoSchedule-").catch((e: unknown) => e);
    expect(missing.stderr).toContain((ourMissing as Error).message);
    expect(await taintsOf(ours.name)).toEqual(await taintsOf(theirs.name));
  });
});

const appDeployment = (name: string, node: string, replicas: number) =>
  workloadManifest("Deployment", name, { replicas, podSpec: onNode(node) });

const pdb = (name: string, minAvailable: number) => ({
  apiVersion: "policy/v1",
  kind: "PodDisruptionBudget",
  metadata: { name },
  spec: { minAvailable, selector: { matchLabels: { app: name } } },
});

async function readyPodsOf(k: Api, namespace: string, app: string, count: number): Promise<Pod[]> {
  let pods: Pod[] = [];
  await eventually(`${count} ready ${app} pods`, async () => {
    pods = (await k.get(kind(Pod), { namespace, labelSelector: { app } })) as unknown as Pod[];
    return (
      pods.length === count &&
      pods.every((pod) => pod.raw.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"))
    );
  });
  return pods;
}

/** Waits until the disruption controller has counted the healthy pods of a PDB. */
async function pdbCounted(k: Api, namespace: string, name: string, healthy: number): Promise<void> {
  await eventually(`PDB ${name} to count ${healthy} healthy pods`, async () => {
    const [budget] = await k.get("pdb", name, { namespace, raw: true });
    const status = (budget as { status?: { currentHealthy?: number; observedGeneration?: number } }).status;
    return status?.currentHealthy === healthy && status.observedGeneration !== undefined;
  });
}

describe("Node.drain()", () => {
  test("cordons, skips DaemonSet pods, waits on a PodDisruptionBudget until it allows the eviction, follows pods by UID", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await connect({ kubeconfig, namespace });
    const node = await nodeFor(k, "e2e-drain");
    // Two replicas and minAvailable 1: the first eviction is allowed; the replacement cannot be scheduled
    // (the node is cordoned and the only one it may use), so the second is refused until the PDB relaxes.
    await k.create([appDeployment("app", node.name, 2), pdb("app", 1)] as never);
    await k.create(workloadManifest("DaemonSet", "agent", { podSpec: onNode(node.name) }));
    // A StatefulSet pod is recreated under the same name once evicted: only its UID says the old one is gone.
    await k.create(workloadManifest("StatefulSet", "db", { replicas: 1, podSpec: onNode(node.name) }));
    const appPods = await readyPodsOf(k, namespace, "app", 2);
    const [agent] = await readyPodsOf(k, namespace, "agent", 1);
    const [db] = await readyPodsOf(k, namespace, "db", 1);
    await pdbCounted(k, namespace, "app", 2);

    const events: DrainEvent[] = [];
    let relaxed: Promise<unknown> | undefined;
    const result = await node.drain({
      timeout: 45_000,
      onProgress: (event) => {
        events.push(event);
        if (event.type === "blocked" && !relaxed)
          relaxed = k.patch("pdb", "app", { spec: { minAvailable: 0 } }, { namespace, type: "merge" });
      },
    });
    await relaxed;

    expect(events[0]).toEqual({ type: "cordoned", node: node.name });
    expect(events.at(-1)).toEqual({ type: "drained", node: node.name });
    expect(events).toContainEqual({
      type: "skipped",
      pod: { namespace, name: agent?.name, uid: agent?.metadata.uid },
      reason: "DaemonSet",
    });
    const blocked = events.filter((e) => e.type === "blocked");
    expect(blocked.length).toBeGreaterThanOrEqual(1);
    expect(blocked[0]).toMatchObject({
      message: expect.stringMatching(
        /^Cannot evict pod as it would violate the pod's disruption budget\. \(The disruption budget app needs 1 healthy pods and has \d+ currently\)$/,
      ) as unknown,
      retryInMs: 5000,
    });
    const evictedUids = [...appPods, db].map((pod) => pod?.metadata.uid).sort();
    expect(result.evicted.map((p) => p.uid).sort()).toEqual(evictedUids);
    expect(result.skipped.map((p) => p.name)).toEqual([agent?.name]);
    const gone = events.flatMap((e) => (e.type === "gone" ? [e.pod.uid] : []));
    expect(gone.sort()).toEqual(evictedUids);

    expect((await nodeJSON(node.name)).spec.unschedulable).toBe(true);
    const left = (await k.get(kind(Pod), {
      namespace,
      fieldSelector: { "spec.nodeName": node.name },
    })) as unknown as Pod[];
    expect(left.map((pod) => pod.name)).toEqual([agent?.name]);
  });

  test("a PodDisruptionBudget that never allows the eviction: an APITimeoutError naming the pod; an abort stops the drain", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await connect({ kubeconfig, namespace });
    const node = await nodeFor(k, "e2e-drain-timeout");
    await k.create([appDeployment("app", node.name, 1), pdb("app", 1)] as never);
    const [pod] = await readyPodsOf(k, namespace, "app", 1);
    await pdbCounted(k, namespace, "app", 1);
    const error = await node.drain({ timeout: 2_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toContain(
      `drain of node ${node.name} did not finish within 2000 ms; 1 pod(s) left: ${namespace}/${pod?.name}`,
    );
    expect((error as Error).message).toContain(
      "The disruption budget app needs 1 healthy pods and has 1 currently",
    );
    expect((await kubectlOk(["get", "pod", pod?.name ?? "", "-o", "name"], { namespace })).trim()).toBe(
      `pod/${pod?.name}`,
    );

    // Aborting (here once the budget refused) rejects with the signal's reason and leaves the pod alone.
    const stop = new AbortController();
    const reason = new Error("stopped by the test");
    const aborted = await node
      .drain({ signal: stop.signal, onProgress: (event) => event.type === "blocked" && stop.abort(reason) })
      .catch((e: unknown) => e);
    expect(aborted).toBe(reason);
    expect((await kubectlOk(["get", "pod", pod?.name ?? "", "-o", "name"], { namespace })).trim()).toBe(
      `pod/${pod?.name}`,
    );
  });

  test("pods kubectl would refuse: a DrainError before any eviction; force and deleteEmptyDirData evict them", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await connect({ kubeconfig, namespace });
    const node = await nodeFor(k, "e2e-drain-refuse");
    const bare = Pod.gen({ name: "bare", image: "busybox" });
    bare.raw.spec = { ...bare.raw.spec, containers: bare.raw.spec?.containers ?? [], ...onNode(node.name) };
    await k.create(bare);
    await k.create(
      workloadManifest("Deployment", "cache", {
        replicas: 1,
        podSpec: { ...onNode(node.name), volumes: [{ name: "scratch", emptyDir: {} }] },
      }),
    );
    await readyPodsOf(k, namespace, "cache", 1);
    await eventually(
      "the bare pod to run",
      async () =>
        (await kubectl(["get", "pod", "bare", "-o", "jsonpath={.status.phase}"], { namespace })).stdout ===
        "Running",
    );

    const kubectlRefusal = await kubectl(["drain", node.name, "--ignore-daemonsets", "--timeout=5s"]);
    expect(kubectlRefusal.exitCode).not.toBe(0);
    const error = await node.drain({ timeout: 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DrainError);
    expect((error as DrainError).pods).toEqual({
      "Pods that declare no controller (use force: true to override)": [`${namespace}/bare`],
      "Pods with local storage (use deleteEmptyDirData: true to override)": [
        expect.stringMatching(new RegExp(`^${namespace}/cache-`)),
      ],
    });
    // kubectl refuses the same pods for the same reasons.
    expect(kubectlRefusal.stderr).toContain(
      `cannot delete Pods that declare no controller (use --force to override): ${namespace}/bare`,
    );
    expect(kubectlRefusal.stderr).toContain(
      `cannot delete Pods with local storage (use --delete-emptydir-data to override): ${namespace}/cache-`,
    );
    expect((await kubectl(["get", "pod", "bare", "-o", "name"], { namespace })).exitCode).toBe(0);

    const events: DrainEvent[] = [];
    await node.drain({
      force: true,
      deleteEmptyDirData: true,
      timeout: 60_000,
      onProgress: (e) => events.push(e),
    });
    expect(
      events
        .filter((e) => e.type === "warning")
        .map((e) => (e as { message: string }).message)
        .sort(),
    ).toEqual(["deleting Pods that declare no controller", "deleting Pods with local storage"]);
    expect((await kubectl(["get", "pod", "bare"], { namespace })).exitCode).not.toBe(0);
  });
});
