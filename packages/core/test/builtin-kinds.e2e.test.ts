// The built-in classes against the real control plane: a class for every kind its discovery serves in the
// built-in groups, with discovery's metadata; kubectl lists the same resources; the verbs return the
// classes' instances, or a user's subclass from the registry the Api was given.
import { afterEach } from "vitest";
import {
  ClusterRole,
  ConfigMap,
  Lease,
  Namespace,
  Node,
  Pod,
  PodDisruptionBudget,
  PriorityClass,
  Registry,
  Role,
  Secret,
  type APIObject,
  type APIResource,
} from "@kr8s/core";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { builtinClasses } from "../src/objects/builtins.ts";
import { closeApis, connect, tempDir } from "./support.ts";

afterEach(async () => {
  await closeApis();
});

/** The groups with built-in classes (issue 8), `""` being the core group. */
const BUILTIN_GROUPS = new Set([
  "",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "apps",
  "autoscaling",
  "batch",
  "certificates.k8s.io",
  "coordination.k8s.io",
  "discovery.k8s.io",
  "events.k8s.io",
  "flowcontrol.apiserver.k8s.io",
  "networking.k8s.io",
  "node.k8s.io",
  "policy",
  "rbac.authorization.k8s.io",
  "scheduling.k8s.io",
  "storage.k8s.io",
]);

const groupOf = (apiVersion: string): string =>
  apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";

/** What a class says about its kind, in discovery's terms. */
function classMetadata(cls: (typeof builtinClasses)[number]) {
  return {
    apiVersion: cls.apiVersion,
    kind: cls.kind,
    plural: cls.plural,
    singular: cls.singular,
    shortNames: [...cls.shortNames],
    namespaced: cls.namespaced,
    scalable: cls.scalable,
  };
}

/** The same, from a discovery row. Job is scalable through `spec.parallelism`, as in kr8s, not `/scale`. */
function discoveryMetadata(r: APIResource) {
  const scaledThroughSpec = r.group === "batch" && r.kind === "Job";
  return {
    apiVersion: r.apiVersion,
    kind: r.kind,
    plural: r.name,
    singular: r.singularName,
    shortNames: [...r.shortNames],
    namespaced: r.namespaced,
    scalable: r.subresources.includes("scale") || scaledThroughSpec,
  };
}

const classesOf = (objects: readonly APIObject[]) => objects.map((o) => o.constructor);

describe("built-in classes", () => {
  test("one for every kind of the built-in groups in the cluster's discovery, with its metadata", async ({
    kubeconfig,
  }) => {
    const k = await connect({ kubeconfig, discoveryCacheDir: await tempDir("disco") });
    const served = (await k.apiResources()).filter((r) => BUILTIN_GROUPS.has(r.group));
    // apiResources() holds each resource once, in its group's preferred version (kubectl api-resources).
    expect(served.every((r) => r.preferred)).toBe(true);
    const registry = new Registry();
    const found = served.map((r) => registry.get(r.apiVersion, r.kind));
    expect(found.map((cls) => cls && classMetadata(cls))).toEqual(served.map(discoveryMetadata));
    expect(found.every((cls) => cls !== undefined && builtinClasses.includes(cls))).toBe(true);
    // …and no class for a kind the cluster does not serve.
    const servedKinds = served.map((r) => `${r.apiVersion} ${r.kind}`).sort();
    expect(builtinClasses.map((cls) => `${cls.apiVersion} ${cls.kind}`).sort()).toEqual(servedKinds);
  });

  test("kubectl api-resources lists the resources the classes name, in those groups", async () => {
    const listed = await kubectl(["api-resources", "-o", "name"]);
    expect(listed.exitCode).toBe(0);
    const kubectlNames = listed.stdout
      .trim()
      .split("\n")
      .filter((name) => BUILTIN_GROUPS.has(name.includes(".") ? name.slice(name.indexOf(".") + 1) : ""))
      .sort();
    const ours = builtinClasses
      .map((cls) => (groupOf(cls.apiVersion) ? `${cls.plural}.${groupOf(cls.apiVersion)}` : cls.plural))
      .sort();
    expect(ours).toEqual(kubectlNames);
  });
});

const manifest = (namespace: string) => `
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: ${namespace} }
spec: { containers: [{ name: web, image: nginx }] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: ${namespace} }
data: { greeting: hello }
---
apiVersion: v1
kind: Secret
metadata: { name: token, namespace: ${namespace} }
stringData: { key: value }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader, namespace: ${namespace} }
rules: [{ apiGroups: [""], resources: [pods], verbs: [get] }]
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: { name: leader, namespace: ${namespace} }
spec: { holderIdentity: me }
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: web, namespace: ${namespace} }
spec: { minAvailable: 1, selector: { matchLabels: { app: web } } }
`;

async function createObjects(namespace: string): Promise<void> {
  const applied = await kubectl(["apply", "-f", "-"], { input: manifest(namespace) });
  expect(applied.stderr).toBe("");
}

describe("the verbs return built-in classes", () => {
  test("get and list by kind spelling or class, namespaced and cluster-scoped", async ({
    kubeconfig,
    namespace,
  }) => {
    await createObjects(namespace);
    const k = await connect({ kubeconfig, namespace, discoveryCacheDir: await tempDir("disco") });
    const [web] = await k.get("po", "web");
    expect(web).toBeInstanceOf(Pod);
    expect(web instanceof Pod && web.spec?.containers[0]?.image).toBe("nginx");
    expect(classesOf(await k.get("cm", "settings"))).toEqual([ConfigMap]);
    expect(classesOf(await k.get("secrets", "token"))).toEqual([Secret]);
    expect(classesOf(await k.get("roles.rbac.authorization.k8s.io", "reader"))).toEqual([Role]);
    expect(classesOf(await k.get("lease.coordination.k8s.io/v1", "leader"))).toEqual([Lease]);
    expect(classesOf(await k.get("pdb", "web"))).toEqual([PodDisruptionBudget]);
    expect(classesOf(await k.get(Role))).toEqual([Role]);
    expect(classesOf(await k.get("ns", namespace))).toEqual([Namespace]);
    expect(classesOf(await k.get(ClusterRole, "cluster-admin"))).toEqual([ClusterRole]);
    const nodes = await k.get("no");
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((node) => node instanceof Node)).toBe(true);
    const priorityClasses = await k.get("pc");
    expect(priorityClasses.map((pc) => pc.name)).toContain("system-cluster-critical");
    expect(priorityClasses.every((pc) => pc instanceof PriorityClass)).toBe(true);
    const listed: APIObject[] = [];
    for await (const object of k.list("configmaps")) listed.push(object);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((object) => object instanceof ConfigMap)).toBe(true);
  });

  test("a user subclass registered for a kind overrides the built-in for an Api with that registry", async ({
    kubeconfig,
    namespace,
  }) => {
    await createObjects(namespace);
    class Settings extends ConfigMap {
      get greeting(): string | undefined {
        return this.raw.data?.greeting;
      }
    }
    const registry = new Registry();
    registry.register(Settings);
    const mine = await connect({ kubeconfig, namespace, registry, discoveryCacheDir: false });
    const [settings] = await mine.get("cm", "settings");
    expect(settings).toBeInstanceOf(Settings);
    expect(settings instanceof Settings && settings.greeting).toBe("hello");
    // The other kinds still resolve to their built-ins in that registry.
    expect(classesOf(await mine.get("role", "reader"))).toEqual([Role]);
    // A client with the default registry is unaffected.
    const plain = await connect({ kubeconfig, namespace, discoveryCacheDir: false });
    const [builtin] = await plain.get("cm", "settings");
    expect(builtin).toBeInstanceOf(ConfigMap);
    expect(builtin).not.toBeInstanceOf(Settings);
  });
});
