// The verbs against the real local control plane, a fresh namespace each; kubectl v1.32 is the reference
// where both resolve the same input.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach } from "vitest";
import { ConflictError, NotFoundError, UnknownKindError, type Api, type KubeObject } from "@kr8s/core";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { closeApis, connect, eventually, tempDir } from "./support.ts";

afterEach(async () => {
  await closeApis();
});

/** A client with its own discovery cache directory, so the test controls what is cached. */
async function client(kubeconfig: string, namespace: string, extra: { qps?: number } = {}): Promise<Api> {
  return connect({ kubeconfig, namespace, discoveryCacheDir: await tempDir("disco"), ...extra });
}

const configMap = (name: string, data: Record<string, string> = {}, labels: Record<string, string> = {}) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: Object.keys(labels).length > 0 ? { name, labels } : { name },
  data,
});

const deployment = (name: string, replicas = 1) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: "main", image: "busybox" }] },
    },
  },
});

/** A CRD with names of its own (tests run in parallel against one cluster; CRDs are cluster-wide). */
function uniqueCrd() {
  const sfx = Array.from(randomBytes(4), (b) => String.fromCharCode(97 + (b % 26))).join("");
  const group = `e2e-${sfx}.kr8s.dev`;
  const names = {
    plural: `widgets${sfx}`,
    singular: `widget${sfx}`,
    kind: `Widget${sfx}`,
    short: `wd${sfx}`,
  };
  return { group, ...names, manifest: crd(group, names) };
}

function crd(group: string, names: { plural: string; singular: string; kind: string; short: string }) {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${names.plural}.${group}` },
    spec: {
      group,
      scope: "Namespaced",
      names: { plural: names.plural, singular: names.singular, kind: names.kind, shortNames: [names.short] },
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
            },
          },
        },
      ],
    },
  };
}

/** Creates the CRD (through kubectl, so our discovery cache knows nothing of it) and waits until served. */
async function installCrd(c: ReturnType<typeof uniqueCrd>): Promise<() => Promise<void>> {
  const created = await kubectl(["apply", "-f", "-"], { input: JSON.stringify(c.manifest) });
  if (created.exitCode !== 0) throw new Error(created.stderr);
  const name = `crd/${c.plural}.${c.group}`;
  const established = await kubectl(["wait", "--for=condition=Established", name, "--timeout=60s"]);
  if (established.exitCode !== 0) throw new Error(established.stderr);
  return async () => {
    await kubectl(["delete", name, "--wait=false", "--ignore-not-found"]);
  };
}

describe("discovery and the kind grammar", () => {
  test("apiResources() is the set kubectl api-resources prints; apiVersions() matches api-versions", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    // Built-in groups only: other tests (here and in other worktrees) add and remove CRDs meanwhile.
    const isBuiltInGroup = (group: string): boolean => !group.includes(".") || group.endsWith(".k8s.io");
    const builtIn = (name: string): boolean => isBuiltInGroup(name.slice(name.indexOf(".") + 1));
    const builtInVersion = (v: string): boolean => isBuiltInGroup(v.includes("/") ? v.split("/")[0]! : "");
    const ours = (await k.apiResources()).map((r) => (r.group === "" ? r.name : `${r.name}.${r.group}`));
    const theirs = (await kubectl(["api-resources", "-o", "name"])).stdout.trim().split("\n");
    expect(ours.filter(builtIn).sort()).toEqual(theirs.filter(builtIn).sort());
    const versions = (await kubectl(["api-versions"])).stdout.trim().split("\n");
    expect((await k.apiVersions()).filter(builtInVersion)).toEqual(versions.filter(builtInVersion));
  });

  test("every spelling of pods, deployments, roles and a CRD resolves as kubectl resolves it", async ({
    kubeconfig,
    namespace,
  }) => {
    const c = uniqueCrd();
    const group = c.group;
    const uninstall = await installCrd(c);
    try {
      const k = await client(kubeconfig, namespace);
      const manifests = [
        {
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: "p" },
          spec: { containers: [{ name: "c", image: "x" }] },
        },
        deployment("d", 0),
        { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "r" }, rules: [] },
        { apiVersion: `${group}/v1`, kind: c.kind, metadata: { name: "w" }, spec: {} },
      ];
      await k.create(manifests);
      const spellings: Record<string, string[]> = {
        "pod/p": ["pods", "pod", "Pod", "po", "PODS", "Pods"],
        "deployment.apps/d": [
          "deployments",
          "deployment",
          "Deployment",
          "deploy",
          "deployments.apps",
          "deployment.apps",
          "deployments.v1.apps",
          "Deployment.v1.apps",
        ],
        "role.rbac.authorization.k8s.io/r": [
          "roles",
          "role",
          "Role",
          "roles.rbac.authorization.k8s.io",
          "role.v1.rbac.authorization.k8s.io",
        ],
        [`${c.singular}.${group}/w`]: [
          c.plural,
          c.singular,
          c.kind,
          c.short,
          `${c.plural}.${group}`,
          `${c.singular}.v1.${group}`,
        ],
      };
      for (const [expected, list] of Object.entries(spellings)) {
        for (const spelling of list) {
          const theirs = await kubectl(["get", spelling, "-o", "name"], { namespace });
          expect(theirs.stdout.trim(), `kubectl get ${spelling}`).toBe(expected);
          const [object] = await k.get(spelling);
          const info = await k.lookupKind(spelling);
          const ours = `${info.singular}${info.group ? `.${info.group}` : ""}/${object?.name}`;
          expect(ours, spelling).toBe(expected);
        }
      }
      // kubectl compares short names and groups case-sensitively ("PO" and "deployments.APPS" are unknown
      // to it); kr8s accepts them, as every spelling kubectl accepts resolves the same in both.
      expect((await k.lookupKind("PO")).plural).toBe("pods");
      expect((await k.lookupKind("deployments.APPS")).group).toBe("apps");
      expect((await kubectl(["get", "PO"], { namespace })).stderr).toContain('resource type "PO"');
      // kr8s's own forms, which kubectl reads as names: kind/version, kind.group/version.
      for (const [spelling, expected] of [
        ["pod/v1", "/pods"],
        ["deployment/v1", "apps/deployments"],
        ["Deployment.apps/v1", "apps/deployments"],
        ["role.rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/roles"],
        [`${c.kind}.${group}/v1`, `${group}/${c.plural}`],
      ] as const) {
        const info = await k.lookupKind(spelling);
        expect(`${info.group}/${info.plural}`, spelling).toBe(expected);
      }
    } finally {
      await uninstall();
    }
  });

  test("a CRD created after discovery was cached (in memory and on disk) resolves", async ({
    kubeconfig,
    namespace,
  }) => {
    const cacheDir = await tempDir("disco");
    const k = await connect({ kubeconfig, namespace, discoveryCacheDir: cacheDir });
    await k.apiResources(); // discovery now cached in memory and on disk, without the CRD
    const c = uniqueCrd();
    const uninstall = await installCrd(c);
    try {
      expect((await k.lookupKind(c.short)).group).toBe(c.group);
      // A new client starts from the (now stale) disk cache, and still resolves.
      const other = await connect({ kubeconfig, namespace: `${namespace}-x`, discoveryCacheDir: cacheDir });
      const info = await other.lookupKind(`${c.kind}.${c.group}/v1`);
      expect(info).toMatchObject({ kind: c.kind, plural: c.plural, namespaced: true, shortNames: [c.short] });
    } finally {
      await uninstall();
    }
  });

  test("an unknown kind is a typed error naming its nearest matches", async ({ kubeconfig, namespace }) => {
    const k = await client(kubeconfig, namespace);
    const error = await k.get("deploymnets").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownKindError);
    expect((error as UnknownKindError).nearest).toContain("deployments");
    const theirs = await kubectl(["get", "deploymnets"], { namespace });
    expect(theirs.stderr).toContain(`the server doesn't have a resource type "deploymnets"`);
  });
});

describe("get and list", () => {
  test("by name, by labels (string and object), by fields; raw and objects agree", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    await k.create([
      configMap("a", {}, { tier: "web", app: "x" }),
      configMap("b", {}, { tier: "db", app: "x" }),
      configMap("c", {}, { tier: "web", app: "y" }),
    ]);
    const names = (objects: { metadata?: { name?: string } }[]) =>
      objects.map((o) => o.metadata?.name).sort();
    expect(names((await k.get("cm", ["a", "c"])).map((o) => o.raw))).toEqual(["a", "c"]);
    expect(names((await k.get("cm", { labelSelector: { tier: "web" } })).map((o) => o.raw))).toEqual([
      "a",
      "c",
    ]);
    expect(names(await k.get("cm", { labelSelector: "tier=web,app!=y", raw: true }))).toEqual(["a"]);
    expect(names(await k.get("cm", { fieldSelector: { "metadata.name": "b" }, raw: true }))).toEqual(["b"]);
    const kubectlNames = (await kubectl(["get", "cm", "-l", "tier=web", "-o", "name"], { namespace })).stdout;
    expect(kubectlNames.trim().split("\n")).toEqual(["configmap/a", "configmap/c"]);
    await expect(k.get("cm", "nope")).rejects.toBeInstanceOf(NotFoundError);
  });

  test("pages with a small limit and with 500: 1,200 objects come back whole, list() yields them all", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace, { qps: Infinity });
    const all = Array.from({ length: 1200 }, (_, i) => configMap(`cm-${String(i).padStart(4, "0")}`));
    const batches = Array.from({ length: 12 }, (_, i) => all.slice(i * 100, (i + 1) * 100));
    await Promise.all(batches.map((batch) => k.create(batch)));
    const mine = (items: KubeObject[]) => items.filter((o) => o.metadata?.name?.startsWith("cm-"));
    expect(mine(await k.get("configmaps", { raw: true }))).toHaveLength(1200);
    const small = await k.get("configmaps", {
      limit: 7,
      labelSelector: "",
      fieldSelector: "metadata.name!=x",
      raw: true,
    });
    expect(mine(small)).toHaveLength(1200);
    let count = 0;
    for await (const cm of k.list("cm", { limit: 250 })) if (cm.name.startsWith("cm-")) count++;
    expect(count).toBe(1200);
  }, 180_000);

  test("asTable returns the server's columns and the rows kubectl prints", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    await k.create([configMap("t1", { a: "1" }), configMap("t2")]);
    const [table] = await k.get("cm", { asTable: true, limit: 1 });
    expect(table?.columnDefinitions.map((c) => c.name)).toEqual(["Name", "Data", "Age"]);
    expect(table?.rows.map((r) => r.cells.slice(0, 2))).toEqual([
      ["kube-root-ca.crt", 1],
      ["t1", 1],
      ["t2", 0],
    ]);
    const printed = (await kubectl(["get", "cm", "--no-headers"], { namespace })).stdout;
    expect(
      printed
        .trim()
        .split("\n")
        .map((l) => l.split(/\s+/).slice(0, 2)),
    ).toEqual([
      ["kube-root-ca.crt", "1"],
      ["t1", "1"],
      ["t2", "0"],
    ]);
  });

  test("subresource: a named Deployment's scale is the Scale kubectl get --subresource prints; no names is refused", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    await k.create([deployment("web", 3)]);
    const [scale] = await k.get("deploy", "web", { raw: true, subresource: "scale" });
    const theirs = await kubectl(["get", "deploy", "web", "--subresource", "scale", "-o", "json"], {
      namespace,
    });
    expect(theirs.exitCode, theirs.stderr).toBe(0);
    const expected = JSON.parse(theirs.stdout) as KubeObject & { spec: unknown };
    expect(scale).toMatchObject({ apiVersion: "autoscaling/v1", kind: "Scale", spec: { replicas: 3 } });
    expect((scale as typeof expected).spec).toEqual(expected.spec);
    const [table] = await k.get("deploy", "web", { asTable: true, subresource: "scale" });
    expect(table?.columnDefinitions.map((c) => c.name)).toEqual(["Name", "Desired", "Available", "Age"]);
    await expect(k.get("deploy", { subresource: "scale" })).rejects.toThrow(
      "a subresource can only be read by name",
    );
  });
});

describe("request", () => {
  test("stream: true hands back the body unread, byte for byte what kubectl get --raw prints", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    const response = await k.request({ path: "/version", stream: true });
    const chunks: Buffer[] = [];
    for await (const chunk of response.body) chunks.push(chunk as Buffer);
    const theirs = await kubectl(["get", "--raw", "/version"], { namespace });
    expect(response.statusCode).toBe(200);
    expect(Buffer.concat(chunks).toString("utf8")).toBe(theirs.stdout);
    await expect(k.request({ path: "/api/v1/nope", stream: true })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("writes", () => {
  test("create → AlreadyExists; replace with a stale resourceVersion → Conflict", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    const [created] = await k.create(configMap("cfg", { v: "1" }));
    const again = await k.create(configMap("cfg")).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect((again as ConflictError).reason).toBe("AlreadyExists");

    const stale = structuredClone(created!.raw);
    await k.replace({ ...created!.raw, data: { v: "2" } });
    const conflict = await k.replace({ ...stale, data: { v: "3" } }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as ConflictError).reason).toBe("Conflict");
    expect((conflict as ConflictError).conflicts).toEqual([]);
    const [now] = await k.get("cm", "cfg");
    expect((now?.raw.data as Record<string, string>).v).toBe("2");
  });

  test("each patch type", async ({ kubeconfig, namespace }) => {
    const k = await client(kubeconfig, namespace);
    await k.create([configMap("cfg", { a: "1", b: "2" }), deployment("web", 0)]);
    await k.patch("cm", "cfg", { data: { a: "10", b: null } }, { type: "merge" });
    await k.patch("cm", "cfg", [{ op: "add", path: "/data/c", value: "3" }], { type: "json" });
    const [cfg] = await k.get("cm", "cfg");
    expect(cfg?.raw.data).toEqual({ a: "10", c: "3" });
    // A strategic merge adds a container by name; a merge patch would have replaced the list.
    await k.patch("deploy", "web", {
      spec: { template: { spec: { containers: [{ name: "side", image: "busybox" }] } } },
    });
    const [web] = await k.get("deploy", "web");
    const containers = (web?.raw.spec as { template: { spec: { containers: { name: string }[] } } }).template
      .spec.containers;
    expect(containers.map((c) => c.name).sort()).toEqual(["main", "side"]);
    await k.patch(
      "cm",
      "cfg",
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { d: "4" } },
      {
        type: "apply",
        force: true,
      },
    );
    const [after] = await k.get("cm", "cfg");
    expect((after?.raw.data as Record<string, string>).d).toBe("4");
    expect(after?.metadata.managedFields?.some((f) => (f as { manager: string }).manager === "kr8s")).toBe(
      true,
    );
  });

  test("apply creates, updates, reports a field-manager conflict, then force wins", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    const [created] = await k.apply(configMap("cfg", { color: "red" }));
    expect(created?.raw.data).toEqual({ color: "red" });
    await k.apply(configMap("cfg", { color: "blue", size: "L" }));
    // Another manager (as kubectl apply --server-side would) takes `size`.
    await k.apply(configMap("cfg", { size: "XL" }), { fieldManager: "other", force: true });
    const conflict = await k.apply(configMap("cfg", { color: "blue", size: "M" })).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as ConflictError).conflicts).toEqual([
      expect.objectContaining({ field: ".data.size", manager: "other" }),
    ]);
    expect((conflict as ConflictError).message).toContain(".data.size");
    const [forced] = await k.apply(configMap("cfg", { color: "blue", size: "M" }), { force: true });
    expect(forced?.raw.data).toEqual({ color: "blue", size: "M" });
    // dryRun is answered but not stored.
    await k.apply(configMap("cfg", { color: "green", size: "M" }), { dryRun: true });
    expect((await k.get("cm", "cfg", { raw: true }))[0]?.data).toEqual({ color: "blue", size: "M" });
  });

  test("fieldValidation Strict refuses an unknown field with the server's message", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    const error = await k
      .create({ ...configMap("cfg"), bogus: 1 }, { fieldValidation: "Strict" })
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain('unknown field "bogus"');
  });
});

describe("delete", () => {
  async function replicaSets(k: Api, owner: string): Promise<KubeObject[]> {
    return await k.get("rs", { labelSelector: { app: owner }, raw: true });
  }

  /** A Deployment and its ReplicaSet (returns the ReplicaSet's name). */
  async function deploymentWithReplicaSet(k: Api, name: string): Promise<string> {
    await k.create(deployment(name));
    await eventually(`a ReplicaSet of ${name}`, async () => (await replicaSets(k, name)).length === 1);
    return (await replicaSets(k, name))[0]?.metadata?.name ?? "";
  }

  test("Background: the garbage collector removes the ReplicaSet after the Deployment", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    await deploymentWithReplicaSet(k, "bg");
    await k.delete("deploy", "bg", { propagationPolicy: "Background" });
    await expect(k.get("deploy", "bg")).rejects.toBeInstanceOf(NotFoundError);
    await eventually("the ReplicaSet to go", async () => (await replicaSets(k, "bg")).length === 0);
  });

  test("Foreground: the Deployment waits for its ReplicaSet, then both are gone", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    const rs = await deploymentWithReplicaSet(k, "fg");
    // A finalizer of our own holds the ReplicaSet, so the Deployment must wait for it: no race to observe.
    await k.patch("rs", rs, { metadata: { finalizers: ["kr8s.dev/hold"] } }, { type: "merge" });
    await k.delete("deploy", "fg", { propagationPolicy: "Foreground" });
    const [waiting] = await k.get("deploy", "fg");
    expect(waiting?.metadata.deletionTimestamp).toBeDefined();
    expect(waiting?.metadata.finalizers).toEqual(["foregroundDeletion"]);
    await eventually("the garbage collector to delete the ReplicaSet", async () => {
      const [held] = await replicaSets(k, "fg");
      return held?.metadata?.deletionTimestamp !== undefined;
    });
    await k.patch("rs", rs, [{ op: "remove", path: "/metadata/finalizers" }], { type: "json" });
    await eventually("the Deployment to go", () =>
      k.get("deploy", "fg").then(
        () => false,
        (e: unknown) => e instanceof NotFoundError,
      ),
    );
    expect(await replicaSets(k, "fg")).toEqual([]);
  });

  test("Orphan keeps the ReplicaSet, without its owner reference; dryRun deletes nothing", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    await deploymentWithReplicaSet(k, "or");
    await k.delete("deploy", "or", { dryRun: true });
    expect(await k.get("deploy", "or")).toHaveLength(1);
    await k.delete("deploy", "or", { propagationPolicy: "Orphan" });
    await eventually("the Deployment to go", () =>
      k.get("deploy", "or").then(
        () => false,
        (e: unknown) => e instanceof NotFoundError,
      ),
    );
    await eventually("the owner reference to go", async () => {
      const [rs] = await replicaSets(k, "or");
      return rs !== undefined && (rs.metadata?.ownerReferences ?? []).length === 0;
    });
    await sleep(1000); // the garbage collector had its chance: the orphan must still be there
    expect(await replicaSets(k, "or")).toHaveLength(1);
  });

  test("already gone → NotFoundError, unless ignoreNotFound; gracePeriodSeconds 0 removes a pod at once", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    await expect(k.delete("cm", "nope")).rejects.toBeInstanceOf(NotFoundError);
    await k.delete("cm", "nope", { ignoreNotFound: true });
    await k.create({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      spec: { containers: [{ name: "c", image: "x" }] },
    });
    await k.delete("pod", "p", { gracePeriodSeconds: 0 });
    await expect(k.get("pod", "p")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("canI", () => {
  test("the admin may, the unprivileged token user may not; kubectl auth can-i agrees", async ({
    kubeconfig,
    namespace,
  }) => {
    const admin = await client(kubeconfig, namespace);
    const token = await connect({ kubeconfig, context: "kr8s-token", namespace, discoveryCacheDir: false });
    expect(await admin.canI("create", "deploy")).toBe(true);
    expect(await token.canI("create", "deploy")).toBe(false);
    expect(await token.canI("create", "selfsubjectreviews.authentication.k8s.io")).toBe(true);
    const theirs = await kubectl(["auth", "can-i", "create", "deploy"], { context: "kr8s-token", namespace });
    expect(theirs.stdout.trim()).toBe("no");
  });
});
