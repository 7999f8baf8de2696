// The object API (APIObject's static and instance verbs) against the real local control plane, a fresh
// namespace each; kubectl v1.32 reads back what kr8s wrote, and runs the same input where both should agree.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach } from "vitest";
import {
  APIObject,
  APITimeoutError,
  ConflictError,
  InvalidArgumentError,
  InvalidError,
  NotFoundError,
  newClass,
  objectFromSpec,
  type Api,
  type KubeObject,
} from "@kr8s/core";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { closeApis, connect, eventually } from "../support.ts";

afterEach(async () => {
  await closeApis();
});

// Minimal local classes: the built-in kind classes are another part of the work.
const Pod = newClass({ kind: "Pod", apiVersion: "v1", plural: "pods", singular: "pod" });
const ConfigMap = newClass({ kind: "ConfigMap", apiVersion: "v1", plural: "configmaps" });
const Deployment = newClass({
  kind: "Deployment",
  apiVersion: "apps/v1",
  plural: "deployments",
  scalable: true,
});

const podSpec = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, labels },
  spec: { containers: [{ name: "main", image: "busybox" }] },
});

const cmSpec = (name: string, data: Record<string, string> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name },
  data,
});

async function json(args: string[], namespace: string): Promise<KubeObject> {
  const result = await kubectl([...args, "-o", "json"], { namespace });
  if (result.exitCode !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as KubeObject;
}

async function ok(args: string[], namespace?: string): Promise<string> {
  const result = await kubectl(args, namespace === undefined ? {} : { namespace });
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

function client(kubeconfig: string, namespace: string): Promise<Api> {
  return connect({ kubeconfig, namespace, discoveryCacheDir: false });
}

describe("APIObject lifecycle", () => {
  test("a pod is created, exists, refreshes, and is deleted — also when already gone", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    const spec = podSpec("life");
    const pod = new Pod(spec, { api: k });
    expect(await pod.exists()).toBe(false);
    expect(await pod.create()).toBe(pod);
    // Without a namespace of its own the pod went to the client's; raw is now the server's answer.
    expect(pod.namespace).toBe(namespace);
    expect(pod.metadata.uid).toBe((await json(["get", "pod", "life"], namespace)).metadata?.uid);
    expect(spec.metadata?.uid).toBeUndefined();
    expect(await pod.exists()).toBe(true);

    await ok(["label", "pod", "life", "seen=by-kubectl"], namespace);
    expect(pod.labels.seen).toBeUndefined();
    await pod.refresh();
    expect(pod.labels.seen).toBe("by-kubectl");

    await pod.delete();
    await eventually("the pod to go", async () => !(await pod.exists()));
    expect((await kubectl(["get", "pod", "life"], { namespace })).stderr).toContain("NotFound");
    // Already gone: not an error.
    await pod.delete();
    await expect(pod.refresh()).rejects.toBeInstanceOf(NotFoundError);
  });

  test("force delete removes a pod at once, where a graceful delete leaves it terminating", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    // Bound to a node no kubelet (and no kwok) serves: nothing but the grace period decides when it goes.
    const unserved = (name: string): KubeObject => {
      const spec = podSpec(name);
      return { ...spec, spec: { ...(spec.spec as object), nodeName: "kr8s-no-such-node" } };
    };
    const graceful = await new Pod(unserved("graceful"), { api: k }).create();
    const forced = await new Pod(unserved("forced"), { api: k }).create();
    await graceful.delete({ gracePeriodSeconds: 300 });
    await forced.delete({ force: true });
    expect(await forced.exists()).toBe(false);
    expect((await json(["get", "pod", "graceful"], namespace)).metadata?.deletionGracePeriodSeconds).toBe(
      300,
    );
    await graceful.delete({ force: true });
    expect(await graceful.exists()).toBe(false);
  });

  test("a malformed spec is refused with the server's message, as kubectl shows it", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    const bad = { apiVersion: "v1", kind: "Pod", metadata: { name: "bad" }, spec: { containers: [] } };
    const error = await new Pod(bad, { api: k }).create().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidError);
    const message = (error as InvalidError).message;
    expect(message).toContain("spec.containers: Required value");
    const byKubectl = await kubectl(["create", "-f", "-"], { namespace, input: JSON.stringify(bad) });
    expect(byKubectl.exitCode).not.toBe(0);
    expect(byKubectl.stderr).toContain(message);
  });

  test("one generateName spec creates two objects", async ({ kubeconfig, namespace }) => {
    const k = await client(kubeconfig, namespace);
    const spec: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "gen-" } };
    const first = await new ConfigMap(spec, { api: k }).create();
    const second = await new ConfigMap(spec, { api: k }).create();
    expect(first.name).toMatch(/^gen-/);
    expect(second.name).toMatch(/^gen-/);
    expect(first.name).not.toBe(second.name);
    expect(spec.metadata).toEqual({ generateName: "gen-" });
    const names = (await ok(["get", "cm", "-o", "name"], namespace)).split("\n");
    expect(names).toEqual(expect.arrayContaining([`configmap/${first.name}`, `configmap/${second.name}`]));
  });

  test("apply creates then updates; replace writes, and refuses a stale resourceVersion", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    const cm = new ConfigMap(cmSpec("cfg", { color: "red" }), { api: k });
    await cm.apply();
    expect(cm.metadata.managedFields?.[0]?.manager).toBe("kr8s");
    const stale = structuredClone(cm.raw);
    await new ConfigMap(cmSpec("cfg", { color: "blue" }), { api: k }).apply();
    expect((await json(["get", "cm", "cfg"], namespace)).data).toEqual({ color: "blue" });

    await cm.refresh();
    (cm.raw.data as Record<string, string>).size = "L";
    await cm.replace();
    expect((await json(["get", "cm", "cfg"], namespace)).data).toEqual({ color: "blue", size: "L" });
    await expect(new ConfigMap(stale, { api: k }).replace()).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("static get and list", () => {
  test("get returns an instance of the calling class and waits for an object created after the call", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    class Settings extends ConfigMap {
      get color(): string | undefined {
        return (this.raw.data as Record<string, string> | undefined)?.color;
      }
    }
    const pending = Settings.get("late", { api: k, timeout: 30_000 });
    await sleep(500);
    await ok(["create", "configmap", "late", "--from-literal=color=green"], namespace);
    const late = await pending;
    expect(late).toBeInstanceOf(Settings);
    expect(late.color).toBe("green");
    await expect(Settings.get("never", { api: k, timeout: 300 })).rejects.toBeInstanceOf(NotFoundError);
    // `timeout: 0` asks once.
    await expect(Settings.get("never", { api: k, timeout: 0 })).rejects.toBeInstanceOf(NotFoundError);
  });

  test("list yields the objects kubectl lists, filtered by selectors", async ({ kubeconfig, namespace }) => {
    const k = await client(kubeconfig, namespace);
    for (const [name, tier] of [
      ["a", "web"],
      ["b", "db"],
      ["c", "web"],
    ] as const) {
      await ok(["create", "configmap", name], namespace);
      await ok(["label", "cm", name, `tier=${tier}`], namespace);
    }
    const listed: string[] = [];
    for await (const cm of ConfigMap.list({ api: k, labelSelector: { tier: "web" } })) {
      expect(cm).toBeInstanceOf(ConfigMap);
      listed.push(cm.name);
    }
    const byKubectl = await ok(
      ["get", "cm", "-l", "tier=web", "-o", "jsonpath={.items[*].metadata.name}"],
      namespace,
    );
    expect(listed).toEqual(byKubectl.split(" "));
    // Another namespace, by field selector: none of these.
    for await (const cm of ConfigMap.list({ api: k, namespace: "default", fieldSelector: "metadata.name=a" }))
      expect.unreachable(`found ${cm.name} in default`);
  });
});

describe("labels, annotations, patches", () => {
  test("label and annotate round-trip like kubectl label/annotate, keys with / included", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    await ok(["create", "configmap", "ours"], namespace);
    await ok(["create", "configmap", "theirs"], namespace);
    const ours = await ConfigMap.get("ours", { api: k });
    const steps = [
      ["tier=web", "app.kubernetes.io/name=shop", "gone=soon"],
      ["gone-", "tier=db"],
    ];
    for (const step of steps) {
      await ours.label(...step);
      await ok(["label", "--overwrite", "cm", "theirs", ...step], namespace);
      expect(ours.labels).toEqual((await json(["get", "cm", "theirs"], namespace)).metadata?.labels);
    }
    expect(ours.labels).toEqual({ tier: "db", "app.kubernetes.io/name": "shop" });
    await ours.removeLabel("app.kubernetes.io/name");
    await ours.label({ extra: "1", tier: null });
    expect((await json(["get", "cm", "ours"], namespace)).metadata?.labels).toEqual({ extra: "1" });

    const notes = ["example.com/owner=team=a", "note=x-"];
    await ours.annotate(...notes);
    await ok(["annotate", "cm", "theirs", ...notes], namespace);
    expect(ours.annotations).toEqual((await json(["get", "cm", "theirs"], namespace)).metadata?.annotations);
    await ours.annotate("example.com/owner-");
    expect((await json(["get", "cm", "ours"], namespace)).metadata?.annotations).toEqual({ note: "x-" });

    // kubectl refuses a label value the server would refuse too: the server's message comes through.
    const error = await ours.label("bad=not valid").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidError);
    expect((error as Error).message).toContain("metadata.labels");
  });

  test("a JSON patch replaces the labels", async ({ kubeconfig, namespace }) => {
    const k = await client(kubeconfig, namespace);
    const pod = await new Pod(podSpec("jp", { a: "1", b: "2" }), { api: k }).create();
    await pod.patch([{ op: "replace", path: "/metadata/labels", value: { c: "3" } }], { type: "json" });
    expect(pod.labels).toEqual({ c: "3" });
    expect((await json(["get", "pod", "jp"], namespace)).metadata?.labels).toEqual({ c: "3" });
    // The default type is a merge patch: keys not named are kept.
    await pod.patch({ metadata: { labels: { d: "4" } } });
    expect((await json(["get", "pod", "jp"], namespace)).metadata?.labels).toEqual({ c: "3", d: "4" });
  });

  test("watch yields this object's events only, and raw follows them", async ({ kubeconfig, namespace }) => {
    const k = await client(kubeconfig, namespace);
    const cm = await new ConfigMap(cmSpec("watched"), { api: k }).create();
    await ok(["create", "configmap", "other"], namespace);
    const seen: string[] = [];
    for await (const { type, object } of cm.watch()) {
      expect(object).toBeInstanceOf(ConfigMap);
      expect(object.name).toBe("watched");
      seen.push(type);
      if (type === "ADDED") {
        await ok(["label", "cm", "other", "x=1"], namespace);
        await ok(["label", "cm", "watched", "x=1"], namespace);
      } else break;
    }
    expect(seen).toEqual(["ADDED", "MODIFIED"]);
    expect(cm.labels).toEqual({ x: "1" });
  });
});

describe("owners and scale", () => {
  test("adopt sets a controller reference; deleting the owner garbage-collects the child", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    const owner = await new ConfigMap(cmSpec("owner"), { api: k }).create();
    const child = await new ConfigMap(cmSpec("child"), { api: k }).create();
    expect(await owner.adopt(child)).toBe(child);
    expect((await json(["get", "cm", "child"], namespace)).metadata?.ownerReferences).toEqual([
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        name: "owner",
        uid: owner.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    // Adopting again leaves one reference to the owner.
    await owner.adopt(child);
    expect(child.metadata.ownerReferences).toHaveLength(1);
    await expect(new ConfigMap(cmSpec("unsaved"), { api: k }).adopt(child)).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );

    await owner.delete();
    await eventually("the garbage collector to delete the child", async () => !(await child.exists()));
  });

  test("scale 1→3→1 on a Deployment: returns once observed, and the pods come and go", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    const deploy = await new Deployment(
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web" },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: "web" } },
          template: {
            metadata: { labels: { app: "web" } },
            spec: { containers: [{ name: "main", image: "busybox" }], terminationGracePeriodSeconds: 0 },
          },
        },
      },
      { api: k },
    ).create();
    const runningPods = async () =>
      (
        await ok(
          ["get", "pods", "-l", "app=web", "--field-selector=status.phase=Running", "-o", "name"],
          namespace,
        )
      )
        .split("\n")
        .filter(Boolean).length;
    const observed = () => {
      const status = deploy.status as { observedGeneration?: number } | undefined;
      return [status?.observedGeneration, deploy.metadata.generation];
    };
    for (const replicas of [3, 1]) {
      await deploy.scale(replicas);
      // Returned only once the controller observed the write that set `replicas`.
      const [seenGeneration, generation] = observed();
      expect(seenGeneration).toBeGreaterThanOrEqual(generation ?? Infinity);
      expect((deploy.spec as { replicas?: number }).replicas).toBe(replicas);
      expect((await json(["get", "deploy", "web"], namespace)).spec).toMatchObject({ replicas });
      await eventually(`${replicas} running pods`, async () => (await runningPods()) === replicas, 90_000);
    }
    const cm = await new ConfigMap(cmSpec("flat"), { api: k }).create();
    await expect(cm.scale(2)).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

test("instances are APIObjects whose JSON and YAML are the server's object", async ({
  kubeconfig,
  namespace,
}) => {
  const k = await client(kubeconfig, namespace);
  const spec = cmSpec("yaml", { answer: "yes", on: "on" });
  const cm = await new ConfigMap(structuredClone(spec), { api: k }).create();
  expect(cm).toBeInstanceOf(APIObject);
  expect(JSON.parse(JSON.stringify(cm))).toEqual(cm.raw);
  const byKubectl = await kubectl(["create", "--dry-run=server", "-o", "json", "-f", "-"], {
    namespace,
    input: new ConfigMap({ ...spec, metadata: { name: "yaml-again" } }).toYAML(),
  });
  expect(byKubectl.exitCode).toBe(0);
  // kubectl reads YAML 1.1, where a bare yes is a boolean: toYAML quotes it, so the string survives.
  expect((JSON.parse(byKubectl.stdout) as KubeObject).data).toEqual({ answer: "yes", on: "on" });
});

describe("scale beyond the scale subresource of a built-in kind", () => {
  test("a Job scales through spec.parallelism and resolves once written (its status has no observedGeneration)", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    const Job = newClass({
      kind: "Job",
      apiVersion: "batch/v1",
      plural: "jobs",
      scalable: true,
      scalableSpec: "parallelism",
    });
    const job = await new Job(
      {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name: "batch" },
        spec: {
          parallelism: 1,
          suspend: true,
          template: { spec: { restartPolicy: "Never", containers: [{ name: "main", image: "busybox" }] } },
        },
      },
      { api: k },
    ).create();
    await job.scale(2);
    expect((job.spec as { parallelism?: number }).parallelism).toBe(2);
    expect((await json(["get", "job", "batch"], namespace)).spec).toMatchObject({ parallelism: 2 });
  });

  test("a custom resource nobody reconciles: scale times out saying what it waited for; wait: false does not wait", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    const sfx = randomBytes(4).toString("hex");
    const group = `e2e-${sfx}.kr8s.dev`;
    const crd = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: `gadgets.${group}` },
      spec: {
        group,
        scope: "Namespaced",
        names: { plural: "gadgets", singular: "gadget", kind: "Gadget" },
        versions: [
          {
            name: "v1",
            served: true,
            storage: true,
            subresources: {
              status: {},
              scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas" },
            },
            schema: {
              openAPIV3Schema: {
                type: "object",
                properties: {
                  spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                  status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                },
              },
            },
          },
        ],
      },
    };
    const applied = await kubectl(["apply", "-f", "-"], { input: JSON.stringify(crd) });
    expect(applied.exitCode).toBe(0);
    try {
      await ok(["wait", "--for=condition=Established", `crd/gadgets.${group}`, "--timeout=60s"]);
      // No class is registered for Gadget: objectFromSpec gives a generic one, resolved through discovery.
      const gadget = objectFromSpec(
        { apiVersion: `${group}/v1`, kind: "Gadget", metadata: { name: "g" }, spec: { replicas: 1 } },
        { api: k },
      );
      await gadget.create();
      const error = await gadget.scale(2, { timeout: 1500 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(APITimeoutError);
      expect((error as Error).message).toBe(
        `Gadget ${namespace}/g was scaled to 2, but its controller did not observe generation 2 within 1500 ms (status.observedGeneration: not set)`,
      );
      expect((await json(["get", `gadgets.${group}`, "g"], namespace)).spec).toEqual({ replicas: 2 });
      await gadget.scale(3, { wait: false });
      expect((gadget.spec as { replicas?: number }).replicas).toBe(3);
    } finally {
      await kubectl(["delete", "crd", `gadgets.${group}`, "--wait=false"]);
    }
  });
});

test("objects work without a client: the default api() from KUBECONFIG", async ({
  kubeconfig,
  namespace,
}) => {
  const before = process.env.KUBECONFIG;
  process.env.KUBECONFIG = kubeconfig;
  try {
    const cm = new ConfigMap({ ...cmSpec("plain"), metadata: { name: "plain", namespace } });
    expect(cm.api).toBeUndefined();
    await cm.create();
    const found = await ConfigMap.get("plain", { namespace });
    expect(found.metadata.uid).toBe(cm.metadata.uid);
    expect(found.metadata.uid).toBe((await json(["get", "cm", "plain"], namespace)).metadata?.uid);
  } finally {
    if (before === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = before;
  }
});
