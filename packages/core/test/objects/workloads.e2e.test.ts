// Deployment, StatefulSet and ReplicaSet helpers against the real control plane, a fresh namespace each;
// kubectl v1.32's rollout commands on the same objects are the expected values.
import { afterEach } from "vitest";
import {
  CHANGE_CAUSE_ANNOTATION,
  DaemonSet,
  Deployment,
  Pod,
  ReplicaSet,
  RESTARTED_AT_ANNOTATION,
  RolloutError,
  StatefulSet,
  type Api,
  type RolloutRevision,
} from "@kr8s/core";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { closeApis, connect } from "../support.ts";
import { eventually, kind, kubectlOk, workloadManifest } from "./helpers.ts";

afterEach(async () => {
  await closeApis();
});

const deploymentJSON = (name: string, replicas: number, image = "busybox:1.36", podSpec: object = {}) =>
  workloadManifest("Deployment", name, {
    replicas,
    image,
    podSpec,
    annotations: { [CHANGE_CAUSE_ANNOTATION]: `create ${image}` },
  });

async function createDeployment(k: Api, raw: object): Promise<Deployment> {
  await k.create(raw as never);
  const [deploy] = await k.get(kind(Deployment), (raw as { metadata: { name: string } }).metadata.name);
  return deploy as unknown as Deployment;
}

/** The rows of `kubectl rollout history`: revision and change cause (`<none>` when unset). */
async function kubectlHistory(
  resource: string,
  namespace: string,
): Promise<{ revision: number; changeCause: string }[]> {
  const out = await kubectlOk(["rollout", "history", resource], { namespace });
  return out
    .split("\n")
    .slice(2) // the resource line and the header
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [, revision = "", changeCause = ""] = /^(\d+)\s+(.*?)\s*$/.exec(line) ?? [];
      return { revision: Number(revision), changeCause };
    });
}

const rows = (history: RolloutRevision[]) =>
  history.map((r) => ({ revision: r.revision, changeCause: r.changeCause ?? "<none>" }));

/** Sets the image and the change cause in one write, as `kubectl set image` + `--record` once did. */
async function setImage(k: Api, name: string, image: string): Promise<void> {
  await k.patch("deployment", name, {
    metadata: { annotations: { [CHANGE_CAUSE_ANNOTATION]: `set image ${image}` } },
    spec: { template: { spec: { containers: [{ name: "main", image }] } } },
  });
}

describe("Deployment", () => {
  test("pods(), ready() and rolloutStatus() as kubectl rollout status sees them", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await connect({ kubeconfig, namespace });
    const deploy = await createDeployment(k, deploymentJSON("web", 2));
    await eventually("the deployment to be ready", () => deploy.ready());
    const status = await deploy.rolloutStatus();
    expect(status).toEqual({ done: true, message: 'deployment "web" successfully rolled out' });
    expect(
      (await kubectlOk(["rollout", "status", "deploy/web", "--watch=false"], { namespace })).trim(),
    ).toBe(status.message);

    const pods = await deploy.pods();
    expect(pods.every((pod) => pod instanceof Pod)).toBe(true);
    const names = (await kubectlOk(["get", "pods", "-l", "app=web", "-o", "name"], { namespace }))
      .trim()
      .split("\n")
      .map((line) => line.replace("pod/", ""));
    expect(pods.map((pod) => pod.name).sort()).toEqual(names.sort());
    expect(pods).toHaveLength(2);

    // A Deployment whose pods can never be scheduled is not ready, and kubectl says why in the same words.
    const stuck = await createDeployment(
      k,
      deploymentJSON("stuck", 1, "busybox:1.36", { nodeSelector: { none: "x" } }),
    );
    await eventually("the controller to observe the stuck deployment", async () => {
      await stuck.rolloutStatus();
      return (stuck.raw.status?.observedGeneration ?? 0) >= 1 && stuck.raw.status?.updatedReplicas === 1;
    });
    const stuckStatus = await stuck.rolloutStatus();
    expect(await stuck.ready()).toBe(false);
    expect(stuckStatus.message).toBe(
      'Waiting for deployment "stuck" rollout to finish: 0 of 1 updated replicas are available...',
    );
    const kubectlStuck = await kubectl(["rollout", "status", "deploy/stuck", "--watch=false"], { namespace });
    expect(kubectlStuck.stdout.trim()).toBe(stuckStatus.message);
  });

  test("restart() sets restartedAt like kubectl rollout restart and rolls out a new ReplicaSet", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await connect({ kubeconfig, namespace });
    const deploy = await createDeployment(k, deploymentJSON("web", 1));
    await eventually("the deployment to be ready", () => deploy.ready());
    const replicaSets = async () =>
      (await k.get(kind(ReplicaSet), { labelSelector: { app: "web" } })).map((rs) => rs.name).sort();
    const before = await replicaSets();
    expect(before).toHaveLength(1);
    const oldPods = (await deploy.pods()).map((pod) => pod.metadata.uid);

    const started = new Date(Math.floor(Date.now() / 1000) * 1000);
    await deploy.restart();
    const restartedAt = deploy.raw.spec?.template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION] ?? "";
    // Go's time.RFC3339, second precision (kubectl's format).
    expect(restartedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(new Date(restartedAt).getTime()).toBeGreaterThanOrEqual(started.getTime());
    const stored = await kubectlOk(
      [
        "get",
        "deploy",
        "web",
        "-o",
        `jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}`,
      ],
      { namespace },
    );
    expect(stored).toBe(restartedAt);

    await eventually("a second ReplicaSet", async () => (await replicaSets()).length === 2);
    await eventually("the restarted rollout to finish", () => deploy.ready());
    const newPods = (await deploy.pods()).map((pod) => pod.metadata.uid);
    expect(newPods.some((uid) => oldPods.includes(uid))).toBe(false);
    expect((await kubectlHistory("deploy/web", namespace)).map((r) => r.revision)).toEqual([1, 2]);
  });

  test("rolloutHistory() and rolloutUndo() match kubectl rollout history and undo", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await connect({ kubeconfig, namespace });
    // Two identical Deployments: kubectl rolls one back, kr8s the other; both must end the same.
    const ours = await createDeployment(k, deploymentJSON("ours", 1));
    const theirs = await createDeployment(k, deploymentJSON("theirs", 1));
    for (const image of ["busybox:1.37", "busybox:1.38"]) {
      for (const name of ["ours", "theirs"]) await setImage(k, name, image);
      for (const deploy of [ours, theirs])
        await eventually(`${deploy.name} rolled out`, () => deploy.ready());
    }

    const history = await ours.rolloutHistory();
    expect(rows(history)).toEqual(await kubectlHistory("deploy/ours", namespace));
    expect(rows(history)).toEqual([
      { revision: 1, changeCause: "create busybox:1.36" },
      { revision: 2, changeCause: "set image busybox:1.37" },
      { revision: 3, changeCause: "set image busybox:1.38" },
    ]);
    expect(history.map((r) => r.source.kind)).toEqual(["ReplicaSet", "ReplicaSet", "ReplicaSet"]);
    expect(history[0]?.template.spec?.containers[0]?.image).toBe("busybox:1.36");

    // Back to the previous revision (2), as `kubectl rollout undo` without --to-revision.
    expect(await ours.rolloutUndo()).toEqual({ revision: 2, skipped: false });
    await kubectlOk(["rollout", "undo", "deploy/theirs"], { namespace });
    for (const deploy of [ours, theirs]) await eventually(`${deploy.name} rolled back`, () => deploy.ready());
    const template = async (name: string) =>
      JSON.parse(
        await kubectlOk(["get", "deploy", name, "-o", "jsonpath={.spec.template}"], { namespace }),
      ) as unknown;
    const annotations = async (name: string) =>
      JSON.parse(
        await kubectlOk(["get", "deploy", name, "-o", "jsonpath={.metadata.annotations}"], { namespace }),
      ) as unknown;
    const withoutApp = (value: unknown) =>
      JSON.stringify(value).replaceAll('"ours"', '"X"').replaceAll('"theirs"', '"X"');
    expect(withoutApp(await template("ours"))).toBe(withoutApp(await template("theirs")));
    expect(await annotations("ours")).toEqual(await annotations("theirs"));
    expect(rows(await ours.rolloutHistory())).toEqual(await kubectlHistory("deploy/theirs", namespace));
    expect(rows(await ours.rolloutHistory()).map((r) => r.revision)).toEqual([1, 3, 4]);

    // An explicit revision, then the one it already has (kubectl: "skipped rollback").
    expect(await ours.rolloutUndo(1)).toEqual({ revision: 1, skipped: false });
    expect(ours.raw.spec?.template.spec?.containers[0]?.image).toBe("busybox:1.36");
    await eventually("ours rolled back to revision 1", () => ours.ready());
    expect(await ours.rolloutUndo(5)).toEqual({ revision: 5, skipped: true });

    // A revision that is not there: kubectl's error.
    const missing = await kubectl(["rollout", "undo", "deploy/theirs", "--to-revision=99"], { namespace });
    expect(missing.exitCode).not.toBe(0);
    const error = await ours.rolloutUndo(99).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RolloutError);
    expect(missing.stderr).toContain((error as RolloutError).message);
  });
});

test("a paused Deployment is neither restarted nor rolled back, as kubectl refuses", async ({
  kubeconfig,
  namespace,
}) => {
  const k = await connect({ kubeconfig, namespace });
  const deploy = await createDeployment(k, deploymentJSON("web", 1));
  await setImage(k, "web", "busybox:1.37");
  await eventually("two revisions", async () => (await deploy.rolloutHistory()).length === 2);
  await k.patch("deployment", "web", { spec: { paused: true } });
  const restart = await deploy.restart().catch((e: unknown) => e);
  expect(restart).toBeInstanceOf(RolloutError);
  expect((restart as Error).message).toBe(`can't restart paused deployment "web"`);
  const theirs = await kubectl(["rollout", "restart", "deploy/web"], { namespace });
  expect(theirs.stderr).toContain("can't restart paused deployment");
  const undo = await deploy.rolloutUndo().catch((e: unknown) => e);
  expect(undo).toBeInstanceOf(RolloutError);
  expect((await kubectl(["rollout", "undo", "deploy/web"], { namespace })).stderr).toContain(
    "you cannot rollback a paused deployment",
  );
  expect(deploy.raw.spec?.template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION]).toBeUndefined();
  expect(deploy.raw.spec?.template.spec?.containers[0]?.image).toBe("busybox:1.37");
});

describe("StatefulSet", () => {
  test("pods(), ready(), restart(), rollout history and undo from ControllerRevisions, as kubectl", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await connect({ kubeconfig, namespace });
    await k.create(workloadManifest("StatefulSet", "db", { replicas: 2, image: "busybox:1.36" }));
    // A bare pod with the same labels: matched by the selector, but not the StatefulSet's.
    await k.create(Pod.gen({ name: "stray", image: "busybox", labels: { app: "db" } }));
    const [sts] = (await k.get(kind(StatefulSet), "db")) as unknown as StatefulSet[];
    if (!sts) throw new Error("no StatefulSet");
    await eventually("the StatefulSet to be ready", () => sts.ready());
    const status = await sts.rolloutStatus();
    expect((await kubectlOk(["rollout", "status", "sts/db", "--watch=false"], { namespace })).trim()).toBe(
      status.message,
    );
    expect((await sts.pods()).map((pod) => pod.name).sort()).toEqual(["db-0", "db-1"]);

    await sts.restart();
    expect(sts.raw.spec?.template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION]).toMatch(/Z$/);
    await eventually(
      "the restart to roll out",
      async () => (await sts.ready()) && sts.raw.status?.currentRevision === sts.raw.status?.updateRevision,
    );

    const history = await sts.rolloutHistory();
    expect(rows(history)).toEqual(await kubectlHistory("sts/db", namespace));
    expect(history.map((r) => r.source.kind)).toEqual(["ControllerRevision", "ControllerRevision"]);
    expect(history[0]?.template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION]).toBeUndefined();

    expect(await sts.rolloutUndo()).toEqual({ revision: 1, skipped: false });
    expect(sts.raw.spec?.template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION]).toBeUndefined();
    await eventually("the undo to roll out", () => sts.ready());
    expect(rows(await sts.rolloutHistory())).toEqual(await kubectlHistory("sts/db", namespace));
    const error = await sts.rolloutUndo(42).catch((e: unknown) => e);
    const theirs = await kubectl(["rollout", "undo", "sts/db", "--to-revision=42"], { namespace });
    expect(theirs.stderr).toContain((error as RolloutError).message);
  });
});

describe("ReplicaSet", () => {
  test("pods() are the ones it controls; ready() once they are ready", async ({ kubeconfig, namespace }) => {
    const k = await connect({ kubeconfig, namespace });
    await k.create(workloadManifest("ReplicaSet", "rs", { replicas: 2 }));
    // A pod the selector matches but another controller owns (an orphan would be adopted instead).
    const [owner] = await k.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "owner" } });
    const stray = Pod.gen({ name: "stray", image: "busybox", labels: { app: "rs" } });
    stray.raw.metadata = {
      ...stray.raw.metadata,
      ownerReferences: [
        {
          apiVersion: "v1",
          kind: "ConfigMap",
          name: "owner",
          uid: owner?.metadata.uid ?? "",
          controller: true,
        },
      ],
    };
    await k.create(stray);
    const [rs] = (await k.get(kind(ReplicaSet), "rs")) as unknown as ReplicaSet[];
    if (!rs) throw new Error("no ReplicaSet");
    await eventually("the ReplicaSet to be ready", () => rs.ready());
    const pods = await rs.pods();
    expect(pods).toHaveLength(2);
    expect(pods.every((pod) => pod.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid)).toBe(true);
    const matched = await kubectlOk(["get", "pods", "-l", "app=rs", "-o", "name"], { namespace });
    expect(matched.trim().split("\n")).toHaveLength(3);
  });
});

describe("DaemonSet", () => {
  test("pods(), ready(), restart(), rollout status, history and undo, as kubectl", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await connect({ kubeconfig, namespace });
    // Only on the shared node, which every test may schedule on (never on other tests' private nodes).
    await k.create(
      workloadManifest("DaemonSet", "agent", {
        podSpec: { nodeSelector: { "kubernetes.io/hostname": "kwok-node-0" } },
      }),
    );
    const [ds] = (await k.get(kind(DaemonSet), "agent")) as unknown as DaemonSet[];
    if (!ds) throw new Error("no DaemonSet");
    await eventually("the DaemonSet to be ready", () => ds.ready());
    const status = await ds.rolloutStatus();
    expect(status).toEqual({ done: true, message: 'daemon set "agent" successfully rolled out' });
    expect((await kubectlOk(["rollout", "status", "ds/agent", "--watch=false"], { namespace })).trim()).toBe(
      status.message,
    );
    const [pod] = await ds.pods();
    expect(pod?.raw.spec?.nodeName).toBe("kwok-node-0");

    await ds.restart();
    await eventually(
      "the restart to roll out",
      async () => (await ds.ready()) && (await ds.pods())[0]?.name !== pod?.name,
    );
    const history = await ds.rolloutHistory();
    expect(rows(history)).toEqual(await kubectlHistory("ds/agent", namespace));
    expect(history.map((r) => r.revision)).toEqual([1, 2]);

    expect(await ds.rolloutUndo()).toEqual({ revision: 1, skipped: false });
    await eventually("the undo to roll out", () => ds.ready());
    expect(rows(await ds.rolloutHistory())).toEqual(await kubectlHistory("ds/agent", namespace));
    expect(ds.raw.spec?.template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION]).toBeUndefined();
  });
});
