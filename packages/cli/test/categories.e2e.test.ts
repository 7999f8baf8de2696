// Categories (`all`, `api-extensions`, a CRD's own) in `kr8s describe` and `kr8s get`, and kubectl v1.33 on
// the same cluster, namespace and arguments: stdout, stderr and the exit code must be identical (ages
// normalised, see parity.ts). Regression: `kr8s describe all` failed with `the server doesn't have a
// resource type "all"`.
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { expectSame, sameAsKubectl } from "./parity.ts";
import { crdManifest } from "./crd.ts";

// Each case starts two processes (and kr8s from its sources) on a busy machine: seconds each.
const slow = { timeout: 300_000 };

async function ok(args: string[], options: { namespace?: string; input?: string } = {}): Promise<string> {
  const result = await kubectl(args, options);
  expect(result.exitCode, `kubectl ${args.join(" ")}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

/** A deployment (with its replica set and pod), a service, a pod of its own and a configmap. */
const objects = (namespace: string): string => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, labels: { app: web } }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, labels: { app: web } }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Pod
metadata: { name: solo, labels: { app: solo, owner: ${namespace} } }
spec: { containers: [{ name: c, image: busybox }] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: cfg, labels: { app: web } }
data: { a: b }
`;

/**
 * kubectl has a describer of its own for replica sets, which kr8s does not have yet (its generic describer
 * prints them: README). Each replica set's description, in both outputs, becomes one line naming it, so
 * that everything else, and the place of each object, is compared byte for byte.
 */
function withoutReplicaSets(names: readonly string[]): (stdout: string) => string {
  return (stdout) =>
    stdout
      .split(/(?<=\n\n)(?=Name: )/)
      .map((block) => {
        const name = /^Name:\s+(\S+)/.exec(block)?.[1] ?? "";
        return names.includes(name) ? `<replica set ${name}>\n` : block;
      })
      .join("");
}

describe("kr8s describe all is kubectl describe all", () => {
  test(
    "every object of kubectl's all category, in its order: -n, -l, -A; nothing found; names refused",
    slow,
    async ({ kubeconfig, namespace }) => {
      await ok(["apply", "-f", "-"], { namespace, input: objects(namespace) });
      await ok(["wait", "--for=condition=Available", "deploy/web", "--timeout=60s"], { namespace });
      await ok(["wait", "--for=condition=Ready", "pod", "--all", "--timeout=60s"], { namespace });
      const replicaSets = (await ok(["get", "rs", "-o", "name"], { namespace }))
        .split("\n")
        .filter(Boolean)
        .map((line) => line.replace(/^replicaset\.apps\//, ""));
      expect(replicaSets).toHaveLength(1);
      const normalise = withoutReplicaSets(replicaSets);
      for (const args of [
        ["describe", "all", "-n", namespace],
        ["describe", "all", "-n", namespace, "-l", "app=web"],
        ["describe", "all", "-n", namespace, "-l", "app=solo", "--show-events=false"],
        ["describe", "all,cm", "-n", namespace],
        ["describe", "all", "-A", "-l", `owner=${namespace}`],
      ]) {
        const pair = await sameAsKubectl(args, kubeconfig, { normalise });
        expect(pair.ours.exitCode, args.join(" ")).toBe(0);
        expect(pair.ours.stdout, args.join(" ")).toMatch(/^Name:/);
        expectSame(pair, normalise);
      }
      const all = await sameAsKubectl(["describe", "all", "-n", namespace], kubeconfig, { normalise });
      // Pods, the service, the deployment, its replica set: kubectl's order of the category's types.
      expect(all.ours.stdout.match(/^Name: .*$/gm)?.map((line) => line.replace(/\s+/g, " "))).toEqual([
        "Name: solo",
        expect.stringMatching(/^Name: web-[a-z0-9]+-[a-z0-9]+$/),
        "Name: web",
        "Name: web",
        `Name: ${replicaSets[0] ?? ""}`,
      ]);

      for (const [args, exitCode] of [
        // Nothing found: kubectl's message on stderr, exit 0.
        [["describe", "all", "-n", namespace, "-l", "app=nothing"], 0],
        [["describe", "all", "-A", "-l", `owner=${namespace}-nobody`], 0],
        // A category of several types takes no name; `all/NAME` and `ALL` are no type.
        [["describe", "all", "web", "-n", namespace], 1],
        [["describe", "all", "web", "-A"], 1],
        [["describe", "all/web", "-n", namespace], 1],
        [["describe", "all,cm", "web", "-n", namespace], 1],
        [["describe", "ALL", "-n", namespace], 1],
        // A name missing in one of several types: kubectl's prefix search refuses several types.
        [["describe", "po,svc", "web", "-n", namespace], 1],
        [["describe", "po,svc", "nothing", "-n", namespace], 1],
        [["describe", "svc/web", "po/web", "-n", namespace], 1],
      ] as const) {
        const pair = await sameAsKubectl(args, kubeconfig);
        expect(pair.ours.exitCode, args.join(" ")).toBe(exitCode);
        expect(pair.ours.stderr, args.join(" ")).not.toBe("");
        expectSame(pair);
      }
    },
  );

  test(
    "a namespace with nothing of the category: No resources found, exit 0",
    slow,
    async ({ kubeconfig, namespace }) => {
      for (const args of [
        ["describe", "all", "-n", namespace],
        ["get", "all", "-n", namespace],
      ]) {
        const pair = await sameAsKubectl(args, kubeconfig);
        expect(pair.ours).toMatchObject({
          exitCode: 0,
          stdout: "",
          stderr: `No resources found in ${namespace} namespace.\n`,
        });
        expectSame(pair);
      }
    },
  );
});

describe("kr8s get and describe expand every category kubectl does", () => {
  test(
    "get: all with names, spellings and repeated types; api-extensions; a CRD's own category",
    slow,
    async ({ kubeconfig, namespace }) => {
      await ok(["apply", "-f", "-"], { namespace, input: objects(namespace) });
      await ok(["wait", "--for=condition=Available", "deploy/web", "--timeout=60s"], { namespace });
      const group = `${namespace}.example.com`;
      const category = `${namespace}-things`;
      await ok(["apply", "-f", "-"], {
        input: crdManifest({ group, plural: "gizmos", kind: "Gizmo", categories: [category] }),
      });
      try {
        await ok(["wait", "--for=condition=Established", `crd/gizmos.${group}`, "--timeout=60s"]);
        await ok(["apply", "-f", "-"], {
          namespace,
          input: `apiVersion: ${group}/v1\nkind: Gizmo\nmetadata: { name: gadget }\nspec: { size: 3 }\n`,
        });
        // kubectl reads discovery again (its cache may predate the CRD).
        await ok(["api-resources", `--api-group=${group}`]);
        for (const [args, exitCode] of [
          [["get", "all,po", "-n", namespace], 0],
          [["get", "po,pods", "-n", namespace, "-o", "name"], 0],
          [["get", "all,api-extensions", "-n", namespace, "-l", "app=nothing"], 0],
          [["get", category, "-n", namespace], 0],
          [["get", `${category},cm`, "-n", namespace, "-o", "name"], 0],
          [["get", category, "gadget", "-n", namespace, "-o", "name"], 0],
          [["describe", category, "-n", namespace], 0],
          [["describe", category, "gad", "-n", namespace], 0],
          [["describe", "po,pods", "-n", namespace, "-l", "app=web"], 0],
          [["get", "all", "web", "-n", namespace], 1],
          [["get", "all", "web", "-A"], 1],
          [["get", "all/web", "-n", namespace], 1],
          [["get", "all,cm", "web", "-n", namespace], 1],
          [["get", "ALL", "-n", namespace], 1],
        ] as const) {
          const pair = await sameAsKubectl(args, kubeconfig);
          expect(pair.ours.exitCode, `${args.join(" ")}: ${pair.ours.stderr}`).toBe(exitCode);
          expectSame(pair);
        }
      } finally {
        await kubectl(["delete", "crd", `gizmos.${group}`, "--wait=false"]);
      }
    },
  );
});
