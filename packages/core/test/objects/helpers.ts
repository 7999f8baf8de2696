// What the e2e tests of the kind helpers share: polling a cluster-side process, and fake KWOK nodes of a
// test's own (kwok-node-0 is shared by every test; cordoning or draining it would disturb them).
import { randomBytes } from "node:crypto";
import type { APIObjectClass } from "@kr8s/core";
import { kubectl } from "@kr8s/test-utils/fixtures";
import { eventually } from "../support.ts";

// Polling lives in ../support.ts, shared with the other core e2e tests.
export { eventually };

/** The taint (and toleration) that keeps every other test's pods off a test's own node. */
export const PRIVATE_NODE_TAINT = "kr8s.dev/e2e-private-node";

/** The scheduling a pod needs to land on a private node: its hostname, and the node's taint tolerated. */
export function onNode(node: string) {
  return {
    nodeSelector: { "kubernetes.io/hostname": node },
    tolerations: [{ key: PRIVATE_NODE_TAINT, operator: "Exists" as const, effect: "NoSchedule" as const }],
  };
}

/**
 * Creates a fake node that KWOK runs (annotated `kwok.x-k8s.io/node: fake`, as the harness's kwok-node-0),
 * tainted so only pods that tolerate it are scheduled there, and waits until it is Ready. Returns its name
 * and a function that deletes it.
 */
export async function privateNode(prefix: string): Promise<{ name: string; remove: () => Promise<void> }> {
  const name = `${prefix}-${randomBytes(3).toString("hex")}`;
  const manifest = {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      annotations: { "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" },
      labels: { type: "kwok", "kubernetes.io/hostname": name, "kubernetes.io/os": "linux" },
    },
    spec: { taints: [{ key: PRIVATE_NODE_TAINT, value: name, effect: "NoSchedule" }] },
  };
  const created = await kubectl(["create", "-f", "-"], { input: JSON.stringify(manifest) });
  if (created.exitCode !== 0) throw new Error(`creating node ${name} failed: ${created.stderr}`);
  const remove = async () => {
    await kubectl(["delete", "node", name, "--ignore-not-found", "--wait=false"]);
  };
  try {
    await eventually(`node ${name} Ready`, async () => {
      const ready = await kubectl([
        "get",
        "node",
        name,
        "-o",
        "jsonpath={.status.conditions[?(@.type=='Ready')].status}",
      ]);
      return ready.stdout === "True";
    });
  } catch (error) {
    await remove();
    throw error;
  }
  return { name, remove };
}

/** kubectl's answer, or the test fails with its stderr. */
export async function kubectlOk(
  args: string[],
  options: { namespace?: string; input?: string } = {},
): Promise<string> {
  const result = await kubectl(args, options);
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

/**
 * A typed kind class as the verbs take it. `APIObjectClass` is typed for `KubeObject` JSON, so a class of
 * typed JSON (`Pod` of `kubernetes-types`) needs this cast until it accepts them.
 */
export function kind(cls: abstract new (...args: never[]) => unknown): APIObjectClass {
  return cls as unknown as APIObjectClass;
}

/** The workload kinds of `apps/v1`. */
type WorkloadKind = "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet";

/**
 * A workload manifest whose Pods are labelled `app: <name>` and run one busybox container (`image` to
 * change it); `podSpec` adds Pod fields (node selector, volumes…).
 */
export function workloadManifest(
  kind: WorkloadKind,
  name: string,
  options: { replicas?: number; image?: string; podSpec?: object; annotations?: Record<string, string> } = {},
) {
  return {
    apiVersion: "apps/v1",
    kind,
    metadata: { name, ...(options.annotations ? { annotations: options.annotations } : {}) },
    spec: {
      ...(options.replicas === undefined ? {} : { replicas: options.replicas }),
      ...(kind === "StatefulSet" ? { serviceName: name } : {}),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { ...options.podSpec, containers: [{ name: "main", image: options.image ?? "busybox" }] },
      },
    },
  };
}
