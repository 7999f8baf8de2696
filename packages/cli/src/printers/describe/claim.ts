/**
 * A persistent volume claim's own lines, shared by the claim describer and an ephemeral volume's claim
 * template (kubectl's `printPersistentVolumeClaim`, v1.33).
 */
import { humanDuration } from "../duration.ts";
import { goValue } from "./format.ts";
import { quantityString } from "./quantity.ts";
import { printAnnotations, printLabels } from "./sections.ts";
import type { Described } from "./types.ts";
import type { DescribeWriter } from "./writer.ts";

/** The storage class annotation that predates `storageClassName` (still read first, as kubectl). */
export const BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

/** The fields of a claim (or a stateful set's claim template) the describers read. */
export interface Claim extends Described {
  spec?: {
    storageClassName?: string;
    volumeName?: string;
    volumeMode?: string;
    accessModes?: string[];
    resources?: { requests?: { storage?: string } };
    dataSource?: { apiGroup?: string | null; kind?: string; name?: string };
  };
  status?: {
    phase?: string;
    accessModes?: string[];
    capacity?: { storage?: string };
    conditions?: {
      type?: string;
      status?: string;
      lastProbeTime?: string;
      lastTransitionTime?: string;
      reason?: string;
      message?: string;
    }[];
  };
}

/** storageutil's `GetPersistentVolumeClaimClass`: the beta annotation first, else the field. */
export function claimClass(claim: Claim): string {
  return claim.metadata?.annotations?.[BETA_CLASS_ANNOTATION] ?? claim.spec?.storageClassName ?? "";
}

/** storageutil's `GetAccessModesAsString`: `RWO,ROX,RWX,RWOP`, in that order, each once. */
export function accessModesText(modes: readonly string[] | undefined): string {
  const short: [string, string][] = [
    ["ReadWriteOnce", "RWO"],
    ["ReadOnlyMany", "ROX"],
    ["ReadWriteMany", "RWX"],
    ["ReadWriteOncePod", "RWOP"],
  ];
  return short
    .filter(([mode]) => modes?.includes(mode))
    .map(([, text]) => text)
    .join(",");
}

/** `Terminating (lasts 5m)` while being deleted, else the phase. */
export function statusText(
  deletionTimestamp: string | undefined,
  phase: string | undefined,
  now: number,
): string {
  return deletionTimestamp
    ? `Terminating (lasts ${humanDuration(now - Date.parse(deletionTimestamp))})`
    : (phase ?? "");
}

/**
 * kubectl's `printPersistentVolumeClaim`: `full` for the claim describer (name, namespace, status,
 * finalizers too), not for an ephemeral volume's template. Capacity and access modes are the bound
 * volume's, empty before the claim is bound.
 */
export function printClaim(w: DescribeWriter, claim: Claim, full: boolean, now: number): void {
  const meta = claim.metadata ?? {};
  const spec = claim.spec ?? {};
  const bound = Boolean(spec.volumeName);
  if (full) {
    w.write(0, `Name:\t${meta.name ?? ""}\n`);
    w.write(0, `Namespace:\t${meta.namespace ?? ""}\n`);
  }
  w.write(0, `StorageClass:\t${claimClass(claim)}\n`);
  if (full) w.write(0, `Status:\t${statusText(meta.deletionTimestamp, claim.status?.phase, now)}\n`);
  w.write(0, `Volume:\t${spec.volumeName ?? ""}\n`);
  printLabels(w, "Labels", meta.labels);
  printAnnotations(w, "Annotations", meta.annotations);
  if (full) w.write(0, `Finalizers:\t${goValue(meta.finalizers ?? [])}\n`);
  w.write(0, `Capacity:\t${bound ? quantityString(claim.status?.capacity?.storage) : ""}\n`);
  w.write(0, `Access Modes:\t${bound ? accessModesText(claim.status?.accessModes) : ""}\n`);
  // `!= null`: a template inside a workload comes back with `apiGroup: null` (nil pointers, as Go reads them).
  if (spec.volumeMode != null) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`);
  if (spec.dataSource) {
    w.write(0, "DataSource:\n");
    if (spec.dataSource.apiGroup != null) w.write(1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
    w.write(1, `Kind:\t${spec.dataSource.kind ?? ""}\n`);
    w.write(1, `Name:\t${spec.dataSource.name ?? ""}\n`);
  }
}
