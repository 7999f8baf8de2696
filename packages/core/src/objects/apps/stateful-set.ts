import type { StatefulSet as StatefulSetJSON } from "kubernetes-types/apps/v1.js";
import { RevisionedWorkload } from "./revisioned-workload.ts";
import { statefulSetRolloutStatus, type RolloutStatus } from "./rollout.ts";

/**
 * A StatefulSet (`apps/v1`, namespaced): Pods with stable names and storage, rolled out in order. Helpers:
 * `pods()`, `ready()`, `restart()`, `rolloutStatus()`, `rolloutHistory()`, `rolloutUndo()`.
 */
export class StatefulSet extends RevisionedWorkload<StatefulSetJSON> {
  static override readonly apiVersion = "apps/v1";
  static override readonly kind = "StatefulSet";
  static override readonly plural = "statefulsets";
  static override readonly singular = "statefulset";
  static override readonly shortNames = ["sts"];
  static override readonly namespaced = true;
  static override readonly scalable = true;

  /** `StatefulSetStatusViewer` of kubectl v1.32. */
  protected override judgeRollout(raw: StatefulSetJSON): RolloutStatus {
    return statefulSetRolloutStatus(raw);
  }

  /** The latest spec observed and `spec.replicas` (default 1) Pods ready. */
  protected override readyOnDelete(raw: StatefulSetJSON): boolean {
    const observed = (raw.status?.observedGeneration ?? 0) >= (raw.metadata?.generation ?? 0);
    return observed && (raw.status?.readyReplicas ?? 0) >= (raw.spec?.replicas ?? 1);
  }
}
