import type { DaemonSet as DaemonSetJSON } from "kubernetes-types/apps/v1.js";
import { RevisionedWorkload } from "./revisioned-workload.ts";
import { daemonSetRolloutStatus, type RolloutStatus } from "./rollout.ts";

/**
 * A DaemonSet (`apps/v1`, namespaced): one Pod on each (selected) node. Helpers: `pods()`, `ready()`,
 * `restart()`, `rolloutStatus()`, `rolloutHistory()`, `rolloutUndo()`.
 */
export class DaemonSet extends RevisionedWorkload<DaemonSetJSON> {
  static override readonly apiVersion = "apps/v1";
  static override readonly kind = "DaemonSet";
  static override readonly plural = "daemonsets";
  static override readonly singular = "daemonset";
  static override readonly shortNames = ["ds"];
  static override readonly namespaced = true;

  /** `DaemonSetStatusViewer` of kubectl v1.32. */
  protected override judgeRollout(raw: DaemonSetJSON): RolloutStatus {
    return daemonSetRolloutStatus(raw);
  }

  /** The latest spec observed and a ready Pod on every node that should run one. */
  protected override readyOnDelete(raw: DaemonSetJSON): boolean {
    const observed = (raw.status?.observedGeneration ?? 0) >= (raw.metadata?.generation ?? 0);
    return observed && (raw.status?.numberReady ?? 0) >= (raw.status?.desiredNumberScheduled ?? 0);
  }
}
