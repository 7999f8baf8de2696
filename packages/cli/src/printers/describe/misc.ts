/**
 * kubectl's smaller describers (v1.33): `replicationcontroller`, `poddisruptionbudget` (policy/v1),
 * `priorityclass`, `endpoints` and `endpointslice` (discovery.k8s.io/v1).
 */
import { describePodTemplate } from "./containers.ts";
import { formatLabels } from "../labels.ts";
import {
  describeEvents,
  formatLabelSelector,
  printAnnotations,
  printLabels,
  printObjectHeader,
  printWorkloadConditions,
} from "./sections.ts";
import type { DescribedEvent, Described, LabelSelector, PodTemplateSpec, StringMap } from "./types.ts";
import { tabbedString, type DescribeWriter } from "./writer.ts";
import { podsStatusLine, type PodCounts } from "./workloads.ts";

/** `Name:` and `Namespace:`, then labels and annotations: the header most of these describers share. */
function header(w: DescribeWriter, object: Described): void {
  w.write(0, `Name:\t${object.metadata?.name ?? ""}\n`);
  w.write(0, `Namespace:\t${object.metadata?.namespace ?? ""}\n`);
}

export interface ReplicationController extends Described {
  spec?: { replicas?: number; selector?: StringMap; template?: PodTemplateSpec };
  status?: { replicas?: number; conditions?: { type?: string; status?: string; reason?: string }[] };
}

/** A replication controller: selector, replicas, its pods by phase, pod template and conditions. */
export function describeReplicationController(
  rc: ReplicationController,
  pods: PodCounts,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  return tabbedString((w) => {
    header(w, rc);
    w.write(0, `Selector:\t${formatLabels(rc.spec?.selector)}\n`);
    printLabels(w, "Labels", rc.metadata?.labels);
    printAnnotations(w, "Annotations", rc.metadata?.annotations);
    w.write(0, `Replicas:\t${rc.status?.replicas ?? 0} current / ${rc.spec?.replicas ?? 0} desired\n`);
    w.write(0, podsStatusLine(pods));
    describePodTemplate(w, rc.spec?.template);
    printWorkloadConditions(w, rc.status?.conditions);
    if (events) describeEvents(w, events, now);
  });
}

export interface PodDisruptionBudget extends Described {
  spec?: { minAvailable?: number | string; maxUnavailable?: number | string; selector?: LabelSelector };
  status?: {
    disruptionsAllowed?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    expectedPods?: number;
  };
}

/** A pod disruption budget: its bound, selector and status. */
export function describePodDisruptionBudget(
  pdb: PodDisruptionBudget,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const spec = pdb.spec ?? {};
  const status = pdb.status ?? {};
  return tabbedString((w) => {
    header(w, pdb);
    if (spec.minAvailable !== undefined) w.write(0, `Min available:\t${spec.minAvailable}\n`);
    else if (spec.maxUnavailable !== undefined) w.write(0, `Max unavailable:\t${spec.maxUnavailable}\n`);
    w.write(0, `Selector:\t${spec.selector ? formatLabelSelector(spec.selector) : "<unset>"}\n`);
    w.write(0, "Status:\n");
    w.write(2, `Allowed disruptions:\t${status.disruptionsAllowed ?? 0}\n`);
    w.write(2, `Current:\t${status.currentHealthy ?? 0}\n`);
    w.write(2, `Desired:\t${status.desiredHealthy ?? 0}\n`);
    w.write(2, `Total:\t${status.expectedPods ?? 0}\n`);
    if (events) describeEvents(w, events, now);
  });
}

export interface PriorityClass extends Described {
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
  description?: string;
}

/** A priority class: value, default, preemption policy, description, annotations on one line. */
export function describePriorityClass(
  pc: PriorityClass,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${pc.metadata?.name ?? ""}\n`);
    w.write(0, `Value:\t${pc.value ?? 0}\n`);
    w.write(0, `GlobalDefault:\t${pc.globalDefault === true}\n`);
    w.write(0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ""}\n`);
    w.write(0, `Description:\t${pc.description ?? ""}\n`);
    w.write(0, `Annotations:\t${formatLabels(pc.metadata?.annotations)}\n`);
    if (events) describeEvents(w, events, now);
  });
}

export interface Endpoints extends Described {
  subsets?: {
    addresses?: { ip?: string }[];
    notReadyAddresses?: { ip?: string }[];
    ports?: { name?: string; port?: number; protocol?: string }[];
  }[];
}

/** An Endpoints object: each subset's ready and not-ready addresses and its ports. */
export function describeEndpoints(
  endpoints: Endpoints,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const ips = (list: { ip?: string }[] | undefined): string =>
    (list ?? []).map((a) => a.ip ?? "").join(",") || "<none>";
  return tabbedString((w) => {
    printObjectHeader(w, endpoints.metadata);
    w.write(0, "Subsets:\n");
    for (const subset of endpoints.subsets ?? []) {
      w.write(1, `Addresses:\t${ips(subset.addresses)}\n`);
      w.write(1, `NotReadyAddresses:\t${ips(subset.notReadyAddresses)}\n`);
      if (subset.ports?.length) {
        w.write(1, "Ports:\n");
        w.write(2, "Name\tPort\tProtocol\n");
        w.write(2, "----\t----\t--------\n");
        for (const port of subset.ports)
          w.write(2, `${port.name || "<unset>"}\t${port.port ?? 0}\t${port.protocol ?? ""}\n`);
      }
      w.write(0, "\n");
    }
    if (events) describeEvents(w, events, now);
  });
}

export interface EndpointSliceObject extends Described {
  addressType?: string;
  ports?: { name?: string; port?: number; protocol?: string }[] | null;
  endpoints?:
    | {
        addresses?: string[];
        conditions?: { ready?: boolean };
        hostname?: string;
        targetRef?: { kind?: string; name?: string };
        nodeName?: string;
        zone?: string;
      }[]
    | null;
}

/** An EndpointSlice: address type, ports, and each endpoint's addresses, readiness, host, target, node, zone. */
export function describeEndpointSlice(
  slice: EndpointSliceObject,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  return tabbedString((w) => {
    printObjectHeader(w, slice.metadata);
    w.write(0, `AddressType:\t${slice.addressType ?? ""}\n`);
    const ports = slice.ports ?? [];
    if (ports.length === 0) w.write(0, "Ports: <unset>\n");
    else {
      w.write(0, "Ports:\n");
      w.write(1, "Name\tPort\tProtocol\n");
      w.write(1, "----\t----\t--------\n");
      for (const port of ports)
        w.write(1, `${port.name || "<unset>"}\t${port.port ?? "<unset>"}\t${port.protocol ?? ""}\n`);
    }
    const endpoints = slice.endpoints ?? [];
    if (endpoints.length === 0) w.write(0, "Endpoints: <none>\n");
    else {
      w.write(0, "Endpoints:\n");
      for (const e of endpoints) {
        w.write(1, `- Addresses:\t${(e.addresses ?? []).join(", ") || "<none>"}\n`);
        w.write(2, "Conditions:\n");
        w.write(3, `Ready:\t${e.conditions?.ready === undefined ? "<unset>" : String(e.conditions.ready)}\n`);
        w.write(2, `Hostname:\t${e.hostname ?? "<unset>"}\n`);
        if (e.targetRef) w.write(2, `TargetRef:\t${e.targetRef.kind ?? ""}/${e.targetRef.name ?? ""}\n`);
        w.write(2, `NodeName:\t${e.nodeName ?? "<unset>"}\n`);
        w.write(2, `Zone:\t${e.zone ?? "<unset>"}\n`);
      }
    }
    if (events) describeEvents(w, events, now);
  });
}
