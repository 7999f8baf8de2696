/** `kubectl describe node` (kubectl's `NodeDescriber`, v1.32). */
import { humanDuration } from "../duration.ts";
import { rfc1123z } from "./format.ts";
import {
  addQuantities,
  formatQuantity,
  milliValue,
  parseQuantity,
  value,
  ZERO,
  type Quantity,
} from "./quantity.ts";
import { describeEvents, printAnnotations, printLabels, printTaints, sortedKeys } from "./sections.ts";
import type { DescribedEvent, Described, Pod, StringMap, Taint } from "./types.ts";
import { tabbedString } from "./writer.ts";

export interface Node extends Described {
  spec?: {
    taints?: Taint[];
    unschedulable?: boolean;
    podCIDR?: string;
    podCIDRs?: string[];
    providerID?: string;
  };
  status?: {
    conditions?: {
      type: string;
      status: string;
      lastHeartbeatTime?: string;
      lastTransitionTime?: string;
      reason?: string;
      message?: string;
    }[];
    addresses?: { type: string; address: string }[];
    capacity?: StringMap;
    allocatable?: StringMap;
    nodeInfo?: Record<string, string | undefined>;
  };
}

/** The node's Lease in kube-node-lease; `error` when it could not be read (kubectl prints the reason). */
export type NodeLease =
  { spec?: { holderIdentity?: string; acquireTime?: string; renewTime?: string } } | { error: string };

const NODE_ROLE_PREFIX = "node-role.kubernetes.io/";

/** kubectl's `findNodeRoles`: from `node-role.kubernetes.io/<role>` labels and the `kubernetes.io/role` label. */
function nodeRoles(labels: StringMap | undefined): string[] {
  const roles = new Set<string>();
  for (const [key, v] of Object.entries(labels ?? {})) {
    if (key.startsWith(NODE_ROLE_PREFIX) && key.length > NODE_ROLE_PREFIX.length)
      roles.add(key.slice(NODE_ROLE_PREFIX.length));
    else if (key === "kubernetes.io/role" && v !== "") roles.add(v);
  }
  return [...roles].sort();
}

type Totals = Map<string, Quantity>;

function addTo(totals: Totals, list: StringMap | undefined): void {
  for (const [name, text] of Object.entries(list ?? {})) {
    const q = parseQuantity(text);
    const current = totals.get(name);
    totals.set(name, current ? addQuantities(current, q) : q);
  }
}

/** client-go's `PodRequestsAndLimits`: the containers' sum, at least each init container's, plus overhead. */
function podRequestsAndLimits(pod: Pod): { requests: Totals; limits: Totals } {
  const requests: Totals = new Map();
  const limits: Totals = new Map();
  for (const c of pod.spec?.containers ?? []) {
    addTo(requests, c.resources?.requests);
    addTo(limits, c.resources?.limits);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [totals, list] of [
      [requests, c.resources?.requests],
      [limits, c.resources?.limits],
    ] as const) {
      for (const [name, text] of Object.entries(list ?? {})) {
        const q = parseQuantity(text);
        const current = totals.get(name);
        if (!current || q.nanos > current.nanos) totals.set(name, q);
      }
    }
  }
  return { requests, limits };
}

/** Go's `int64(float64(a) / float64(b) * 100)`. */
function percent(a: bigint, b: bigint): number {
  return Math.trunc((Number(a) / Number(b)) * 100);
}

const isHugePage = (name: string): boolean => name.startsWith("hugepages-");
/** client-go's standard container resources (hugepages aside); the others are extended resources. */
const STANDARD = new Set(["cpu", "memory", "ephemeral-storage"]);

/**
 * A node: roles, labels, taints, lease, conditions, addresses, capacity, system info, the non-terminated
 * pods on it with their requests and limits, and events. `pods` undefined: the user may not list pods
 * (kubectl prints `Pods: not authorized`). `events` undefined: `--show-events=false`.
 */
export function describeNode(
  node: Node,
  pods: readonly Pod[] | undefined,
  lease: NodeLease,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const spec = node.spec ?? {};
  const status = node.status ?? {};
  return tabbedString((w) => {
    w.write(0, `Name:\t${node.metadata?.name ?? ""}\n`);
    const roles = nodeRoles(node.metadata?.labels);
    w.write(0, `Roles:\t${roles.length > 0 ? roles.join(",") : "<none>"}\n`);
    printLabels(w, "Labels", node.metadata?.labels);
    printAnnotations(w, "Annotations", node.metadata?.annotations);
    w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata?.creationTimestamp)}\n`);
    printTaints(w, "Taints", spec.taints);
    w.write(0, `Unschedulable:\t${spec.unschedulable === true}\n`);
    if ("error" in lease) w.write(0, `Lease:\tFailed to get lease: ${lease.error}\n`);
    else {
      w.write(0, "Lease:\n");
      w.write(1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? "<unset>"}\n`);
      w.write(1, `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : "<unset>"}\n`);
      w.write(1, `RenewTime:\t${lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : "<unset>"}\n`);
    }
    if (status.conditions?.length) {
      w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
      w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n");
      for (const c of status.conditions)
        w.write(
          1,
          `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ""} \t${c.message ?? ""}\n`,
        );
    }
    w.write(0, "Addresses:\n");
    for (const a of status.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
    for (const [title, list] of [
      ["Capacity", status.capacity],
      ["Allocatable", status.allocatable],
    ] as const) {
      const names = sortedKeys(list);
      if (names.length === 0) continue;
      w.write(0, `${title}:\n`);
      for (const name of names) w.write(0, `  ${name}:\t${list?.[name] ?? ""}\n`);
    }
    const info = status.nodeInfo ?? {};
    w.write(0, "System Info:\n");
    for (const [label, key] of [
      ["Machine ID", "machineID"],
      ["System UUID", "systemUUID"],
      ["Boot ID", "bootID"],
      ["Kernel Version", "kernelVersion"],
      ["OS Image", "osImage"],
      ["Operating System", "operatingSystem"],
      ["Architecture", "architecture"],
      ["Container Runtime Version", "containerRuntimeVersion"],
      ["Kubelet Version", "kubeletVersion"],
      ["Kube-Proxy Version", "kubeProxyVersion"],
    ] as const)
      w.write(0, `  ${label}:\t${info[key] ?? ""}\n`);
    if (spec.podCIDR) w.write(0, `PodCIDR:\t${spec.podCIDR}\n`);
    if (spec.podCIDRs?.length) w.write(0, `PodCIDRs:\t${spec.podCIDRs.join(",")}\n`);
    if (spec.providerID) w.write(0, `ProviderID:\t${spec.providerID}\n`);
    if (pods) {
      const allocatable = sortedKeys(status.allocatable).length > 0 ? status.allocatable : status.capacity;
      const alloc = (name: string): Quantity => parseQuantity(allocatable?.[name] ?? "0");
      const cell = (q: Quantity | undefined, total: bigint, of: (q: Quantity) => bigint): string =>
        `${formatQuantity(q ?? ZERO)} (${total === 0n ? 0 : percent(of(q ?? ZERO), total)}%)`;
      w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
      w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
      w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
      const cpu = milliValue(alloc("cpu"));
      const memory = value(alloc("memory"));
      for (const pod of pods) {
        const { requests, limits } = podRequestsAndLimits(pod);
        const created = pod.metadata?.creationTimestamp;
        const age = created ? humanDuration(now - Date.parse(created)) : "<unknown>";
        // kubectl divides without checking for a zero allocatable here; a node always reports cpu and memory.
        w.write(
          1,
          `${pod.metadata?.namespace ?? ""}\t${pod.metadata?.name ?? ""}\t\t${cell(requests.get("cpu"), cpu, milliValue)}\t${cell(limits.get("cpu"), cpu, milliValue)}\t${cell(requests.get("memory"), memory, value)}\t${cell(limits.get("memory"), memory, value)}\t${age}\n`,
        );
      }
      w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
      w.write(1, "Resource\tRequests\tLimits\n");
      w.write(1, "--------\t--------\t------\n");
      const requests: Totals = new Map();
      const limits: Totals = new Map();
      for (const pod of pods) {
        const totals = podRequestsAndLimits(pod);
        for (const [sum, add] of [
          [requests, totals.requests],
          [limits, totals.limits],
        ] as const)
          for (const [name, q] of add) {
            const current = sum.get(name);
            sum.set(name, current ? addQuantities(current, q) : q);
          }
      }
      const storage = value(alloc("ephemeral-storage"));
      w.write(
        1,
        `cpu\t${cell(requests.get("cpu"), cpu, milliValue)}\t${cell(limits.get("cpu"), cpu, milliValue)}\n`,
      );
      w.write(
        1,
        `memory\t${cell(requests.get("memory"), memory, value)}\t${cell(limits.get("memory"), memory, value)}\n`,
      );
      w.write(
        1,
        `ephemeral-storage\t${cell(requests.get("ephemeral-storage"), storage, value)}\t${cell(limits.get("ephemeral-storage"), storage, value)}\n`,
      );
      const names = sortedKeys(allocatable);
      for (const name of names.filter(isHugePage)) {
        const total = value(alloc(name));
        w.write(
          1,
          `${name}\t${cell(requests.get(name), total, value)}\t${cell(limits.get(name), total, value)}\n`,
        );
      }
      for (const name of names.filter((n) => !isHugePage(n) && !STANDARD.has(n) && n !== "pods"))
        w.write(
          1,
          `${name}\t${formatQuantity(requests.get(name) ?? ZERO)}\t${formatQuantity(limits.get(name) ?? ZERO)}\n`,
        );
    } else {
      w.write(0, "Pods:\tnot authorized\n");
    }
    if (events) describeEvents(w, events, now);
  });
}
