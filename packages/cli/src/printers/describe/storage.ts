/**
 * `kubectl describe persistentvolume`, `persistentvolumeclaim`, `storageclass` and `csinode` (kubectl's
 * `PersistentVolumeDescriber`, `PersistentVolumeClaimDescriber`, `StorageClassDescriber`,
 * `CSINodeDescriber`, v1.33).
 */
import { accessModesText, BETA_CLASS_ANNOTATION, printClaim, statusText, type Claim } from "./claim.ts";
import { goValue, rfc1123z } from "./format.ts";
import { quantityString } from "./quantity.ts";
import { formatLabels } from "../labels.ts";
import { describeEvents, printAnnotations, printLabels } from "./sections.ts";
import type { DescribedEvent, Described, StringMap } from "./types.ts";
import { describePersistentVolumeSource } from "./volumes.ts";
import { tabbedString, type DescribeWriter } from "./writer.ts";

/** A persistent volume's spec: the volume sources a pod's volume has, and its own fields. */
type PersistentVolumeSpec = Record<string, unknown> & {
  storageClassName?: string;
  claimRef?: { namespace?: string; name?: string };
  persistentVolumeReclaimPolicy?: string;
  accessModes?: string[];
  volumeMode?: string;
  capacity?: { storage?: string };
  nodeAffinity?: {
    required?: {
      nodeSelectorTerms?: { matchExpressions?: { key: string; operator: string; values?: string[] }[] }[];
    };
  };
};

export interface PersistentVolume extends Described {
  spec?: PersistentVolumeSpec;
  status?: { phase?: string; message?: string };
}

/** kubectl's `printVolumeNodeAffinity`: the required node selector terms, each expression on a line. */
function describeNodeAffinity(w: DescribeWriter, affinity: PersistentVolumeSpec["nodeAffinity"]): void {
  w.write(0, "Node Affinity:\t");
  if (!affinity?.required) {
    w.writeLine("<none>");
    return;
  }
  w.writeLine("");
  w.write(1, "Required Terms:\t");
  const terms = affinity.required.nodeSelectorTerms ?? [];
  if (terms.length === 0) {
    w.writeLine("<none>");
    return;
  }
  w.writeLine("");
  terms.forEach((term, i) => {
    w.write(2, `Term ${i}:\t`);
    const expressions = term.matchExpressions ?? [];
    if (expressions.length === 0) w.writeLine("<none>");
    expressions.forEach((req, j) => {
      if (j !== 0) w.write(2, "\t");
      const values = req.values?.length ? ` [${req.values.join(", ")}]` : "";
      w.write(0, `${req.key} ${req.operator.toLowerCase()}${values}\n`);
    });
  });
}

/** A persistent volume: class, status, claim, policy, modes, capacity, node affinity and source. */
export function describePersistentVolume(
  pv: PersistentVolume,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const meta = pv.metadata ?? {};
  const spec: PersistentVolumeSpec = pv.spec ?? {};
  return tabbedString((w) => {
    w.write(0, `Name:\t${meta.name ?? ""}\n`);
    printLabels(w, "Labels", meta.labels);
    printAnnotations(w, "Annotations", meta.annotations);
    w.write(0, `Finalizers:\t${goValue(meta.finalizers ?? [])}\n`);
    w.write(
      0,
      `StorageClass:\t${meta.annotations?.[BETA_CLASS_ANNOTATION] ?? spec.storageClassName ?? ""}\n`,
    );
    w.write(0, `Status:\t${statusText(meta.deletionTimestamp, pv.status?.phase, now)}\n`);
    w.write(
      0,
      `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ""}/${spec.claimRef.name ?? ""}` : ""}\n`,
    );
    w.write(0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ""}\n`);
    w.write(0, `Access Modes:\t${accessModesText(spec.accessModes)}\n`);
    if (spec.volumeMode !== undefined) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`);
    w.write(0, `Capacity:\t${quantityString(spec.capacity?.storage)}\n`);
    describeNodeAffinity(w, spec.nodeAffinity);
    w.write(0, `Message:\t${pv.status?.message ?? ""}\n`);
    w.write(0, "Source:\n");
    describePersistentVolumeSource(w, spec);
    if (events) describeEvents(w, events, now);
  });
}

/**
 * A claim: class, status, volume, capacity and modes (once bound), data source, the pods that use it
 * (`usedBy`, their names), conditions.
 */
export function describePersistentVolumeClaim(
  pvc: Claim,
  usedBy: readonly string[],
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  return tabbedString((w) => {
    printClaim(w, pvc, true, now);
    w.write(0, "Used By:\t");
    const pods = [...usedBy].sort();
    if (pods.length === 0) w.writeLine("<none>");
    pods.forEach((pod, i) => w.write(0, `${i === 0 ? "" : "\t"}${pod}\n`));
    const conditions = pvc.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(0, "Conditions:\n");
      w.write(1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n");
      w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n");
      for (const c of conditions)
        w.write(
          1,
          `${c.type ?? ""} \t${c.status ?? ""} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ""} \t${c.message ?? ""}\n`,
        );
    }
    if (events) describeEvents(w, events, now);
  });
}

/** A pod as the claim describer reads it: its volumes and uid. */
export interface ClaimUser extends Described {
  spec?: { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] };
}

/**
 * kubectl's `getPodsForPVC`: the names of the pods of the namespace that mount the claim (once per
 * volume that names it, as kubectl lists them), and the pods that own it (ephemeral volumes).
 */
export function claimUsers(claim: Claim, pods: readonly ClaimUser[]): string[] {
  const name = claim.metadata?.name;
  const users: ClaimUser[] = [];
  for (const pod of pods)
    for (const volume of pod.spec?.volumes ?? [])
      if (volume.persistentVolumeClaim && volume.persistentVolumeClaim.claimName === name) users.push(pod);
  for (const owner of claim.metadata?.ownerReferences ?? []) {
    if (owner.kind !== "Pod") continue;
    const pod = pods.find((p) => p.metadata?.uid === owner.uid);
    if (pod && !users.some((u) => u.metadata?.uid === pod.metadata?.uid)) users.push(pod);
  }
  return users.map((pod) => pod.metadata?.name ?? "");
}

export interface StorageClass extends Described {
  provisioner?: string;
  parameters?: StringMap;
  allowVolumeExpansion?: boolean;
  mountOptions?: string[];
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowedTopologies?: { matchLabelExpressions?: { key: string; values?: string[] }[] }[];
}

/** A storage class: default or not, provisioner, parameters, expansion, mount options, policies, topologies. */
export function describeStorageClass(
  sc: StorageClass,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const annotations = sc.metadata?.annotations;
  const isDefault =
    annotations?.["storageclass.kubernetes.io/is-default-class"] === "true" ||
    annotations?.["storageclass.beta.kubernetes.io/is-default-class"] === "true";
  return tabbedString((w) => {
    w.write(0, `Name:\t${sc.metadata?.name ?? ""}\n`);
    w.write(0, `IsDefaultClass:\t${isDefault ? "Yes" : "No"}\n`);
    w.write(0, `Annotations:\t${formatLabels(annotations)}\n`);
    w.write(0, `Provisioner:\t${sc.provisioner ?? ""}\n`);
    w.write(0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
    const expansion = sc.allowVolumeExpansion;
    w.write(
      0,
      `AllowVolumeExpansion:\t${expansion === undefined ? "<unset>" : expansion ? "True" : "False"}\n`,
    );
    const options = sc.mountOptions ?? [];
    if (options.length === 0) w.write(0, "MountOptions:\t<none>\n");
    else {
      w.write(0, "MountOptions:\n");
      for (const option of options) w.write(1, `${option}\n`);
    }
    if (sc.reclaimPolicy !== undefined) w.write(0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
    if (sc.volumeBindingMode !== undefined) w.write(0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
    if (sc.allowedTopologies !== undefined) {
      w.write(0, "AllowedTopologies:\t");
      if (sc.allowedTopologies.length === 0) w.writeLine("<none>");
      else w.writeLine("");
      sc.allowedTopologies.forEach((term, i) => {
        w.write(1, `Term ${i}:\t`);
        const reqs = term.matchLabelExpressions ?? [];
        if (reqs.length === 0) w.writeLine("<none>");
        reqs.forEach((req, j) => {
          if (j !== 0) w.write(1, "\t");
          const values = req.values?.length ? ` [${req.values.join(", ")}]` : "";
          w.write(0, `${req.key} in${values}\n`);
        });
      });
    }
    if (events) describeEvents(w, events, now);
  });
}

export interface CSINode extends Described {
  spec?: {
    drivers?: { name?: string; nodeID?: string; allocatable?: { count?: number }; topologyKeys?: string[] }[];
  };
}

/** A CSI node: each driver's node ID, volume limit and topology keys. */
export function describeCSINode(
  node: CSINode,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const meta = node.metadata ?? {};
  return tabbedString((w) => {
    w.write(0, `Name:\t${meta.name ?? ""}\n`);
    printLabels(w, "Labels", meta.labels);
    printAnnotations(w, "Annotations", meta.annotations);
    w.write(0, `CreationTimestamp:\t${rfc1123z(meta.creationTimestamp)}\n`);
    w.write(0, "Spec:\n");
    const drivers = node.spec?.drivers;
    // kubectl's `if csi.Spec.Drivers != nil`: an empty list (which the server leaves out) prints nothing.
    if (drivers) {
      w.write(1, "Drivers:\n");
      for (const driver of drivers) {
        w.write(2, `${driver.name ?? ""}:\n`);
        w.write(3, `Node ID:\t${driver.nodeID ?? ""}\n`);
        if (driver.allocatable?.count !== undefined) {
          w.write(3, "Allocatables:\n");
          w.write(4, `Count:\t${driver.allocatable.count}\n`);
        }
        if (driver.topologyKeys) w.write(3, `Topology Keys:\t${goValue(driver.topologyKeys ?? [])}\n`);
      }
    }
    if (events) describeEvents(w, events, now);
  });
}
