/** `kubectl describe pod` (kubectl's `PodDescriber`, v1.32). */
import { humanDuration } from "../duration.ts";
import { describeContainers, describeResources, describeTopologySpread } from "./containers.ts";
import { rfc1123z } from "./format.ts";
import { describeEvents, printAnnotations, printLabels, printTolerations } from "./sections.ts";
import type { DescribedEvent, ObjectMeta, Pod } from "./types.ts";
import { describeVolumes } from "./volumes.ts";
import { tabbedString } from "./writer.ts";

/** kubectl's `printController`: `ReplicaSet/web-5d4f8` of the owner that is the controller. */
export function controllerOf(metadata: ObjectMeta | undefined): string {
  const owner = metadata?.ownerReferences?.find((o) => o.controller === true);
  return owner ? `${owner.kind ?? ""}/${owner.name ?? ""}` : "";
}

/**
 * The value of a downward-API field path in the pod, as kubectl resolves it (`EnvValueRetriever`: the
 * path converted by the scheme, then client-go's `fieldpath.ExtractFieldPathAsString`): the pod's name,
 * namespace and uid; other paths (`spec.nodeName`, `metadata.labels['app']`) print empty, as in kubectl.
 */
function podField(pod: Pod, fieldPath: string): string {
  const meta = pod.metadata ?? {};
  switch (fieldPath) {
    case "metadata.name":
      return meta.name ?? "";
    case "metadata.namespace":
      return meta.namespace ?? "";
    case "metadata.uid":
      return meta.uid ?? "";
    default:
      return "";
  }
}

/**
 * A pod: where it runs, its status, every container with its state, volumes, QoS class, node selector,
 * tolerations and events. `events` undefined: `--show-events=false`. `now` in ms since the epoch.
 */
export function describePod(pod: Pod, events: readonly DescribedEvent[] | undefined, now: number): string {
  const meta = pod.metadata ?? {};
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  return tabbedString((w) => {
    w.write(0, `Name:\t${meta.name ?? ""}\n`);
    w.write(0, `Namespace:\t${meta.namespace ?? ""}\n`);
    if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
    w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ""}\n` : "Node:\t<none>\n");
    if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabels(w, "Labels", meta.labels);
    printAnnotations(w, "Annotations", meta.annotations);
    if (meta.deletionTimestamp && status.phase !== "Failed" && status.phase !== "Succeeded") {
      w.write(0, `Status:\tTerminating (lasts ${humanDuration(now - Date.parse(meta.deletionTimestamp))})\n`);
      w.write(0, `Termination Grace Period:\t${meta.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(0, `Status:\t${status.phase ?? ""}\n`);
    }
    if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(0, `Message:\t${status.message}\n`);
    const seccomp = spec.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(0, `SeccompProfile:\t${seccomp.type ?? ""}\n`);
      if (seccomp.type === "Localhost") w.write(0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ""}\n`);
    }
    w.write(0, `IP:\t${status.podIP ?? ""}\n`);
    if (!status.podIPs?.length) w.write(0, "IPs:\t<none>\n");
    else {
      w.write(0, "IPs:\n");
      for (const ip of status.podIPs) w.write(1, `IP:\t${ip.ip}\n`);
    }
    const controller = controllerOf(meta);
    if (controller) w.write(0, `Controlled By:\t${controller}\n`);
    if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    if (spec.resources) {
      w.write(0, "Resources:\n");
      describeResources(w, spec.resources, 1);
    }
    const resolve = (path: string): string => podField(pod, path);
    if (spec.initContainers?.length)
      describeContainers(
        w,
        "Init Containers",
        spec.initContainers,
        status.initContainerStatuses,
        resolve,
        "",
      );
    describeContainers(w, "Containers", spec.containers ?? [], status.containerStatuses, resolve, "");
    if (spec.ephemeralContainers?.length)
      describeContainers(
        w,
        "Ephemeral Containers",
        spec.ephemeralContainers,
        status.ephemeralContainerStatuses,
        resolve,
        "",
      );
    if (spec.readinessGates?.length) {
      w.write(0, "Readiness Gates:\n  Type\tStatus\n");
      for (const gate of spec.readinessGates) {
        const condition = status.conditions?.find((c) => c.type === gate.conditionType);
        w.write(1, `${gate.conditionType} \t${condition?.status ?? "<none>"} \n`);
      }
    }
    if (status.conditions?.length) {
      w.write(0, "Conditions:\n  Type\tStatus\n");
      for (const c of status.conditions) w.write(1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(w, spec.volumes, "");
    w.write(0, `QoS Class:\t${status.qosClass ?? ""}\n`);
    printLabels(w, "Node-Selectors", spec.nodeSelector);
    printTolerations(w, "Tolerations", spec.tolerations);
    describeTopologySpread(w, spec.topologySpreadConstraints, "");
    if (events) describeEvents(w, events, now);
  });
}
