import type { DaemonSet as DaemonSetJSON } from "kubernetes-types/apps/v1.js";
import { APIObject } from "../api-object.ts";
import type { Pod } from "../core/pod.ts";
import { refreshRaw } from "../object-helpers.ts";
import {
  controllerRevisionHistory,
  daemonSetRolloutStatus,
  undoControllerRevision,
  type RolloutRevision,
  type RolloutStatus,
  type RolloutUndoResult,
} from "./rollout.ts";
import { restartWorkload, workloadPods } from "./workload.ts";

/** A DaemonSet (`apps/v1`, namespaced): one Pod on each (selected) node. */
export class DaemonSet extends APIObject<DaemonSetJSON> {
  static override readonly apiVersion = "apps/v1";
  static override readonly kind = "DaemonSet";
  static override readonly plural = "daemonsets";
  static override readonly singular = "daemonset";
  static override readonly shortNames = ["ds"];
  static override readonly namespaced = true;

  /** The Pods this DaemonSet controls (its selector's matches whose controller it is). */
  async pods(): Promise<Pod[]> {
    return workloadPods(await this.client(), this, { owned: true });
  }

  /**
   * Where the rollout stands now, judged as `kubectl rollout status daemonset` judges it (one reading;
   * `raw` is updated). With an `OnDelete` update strategy, `error` says kubectl has no status for it.
   * @throws {NotFoundError} when the DaemonSet does not exist.
   */
  async rolloutStatus(): Promise<RolloutStatus> {
    return daemonSetRolloutStatus(await refreshRaw(await this.client(), this));
  }

  /**
   * Whether the DaemonSet is rolled out (`rolloutStatus().done`). With the `OnDelete` strategy, which
   * kubectl cannot judge: whether the latest spec is observed and a Pod is ready on every node that should run one.
   * @throws {NotFoundError} when the DaemonSet does not exist.
   */
  async ready(): Promise<boolean> {
    const status = await this.rolloutStatus();
    if (status.error === undefined || this.raw.spec?.updateStrategy?.type !== "OnDelete") return status.done;
    const ds = this.raw;
    return (
      (ds.status?.observedGeneration ?? 0) >= (ds.metadata?.generation ?? 0) &&
      (ds.status?.numberReady ?? 0) >= (ds.status?.desiredNumberScheduled ?? 0)
    );
  }

  /**
   * `kubectl rollout restart daemonset`: sets the `kubectl.kubernetes.io/restartedAt` pod-template
   * annotation to now (RFC 3339, UTC). `raw` becomes the patched object.
   * @throws {NotFoundError} when the DaemonSet does not exist.
   */
  async restart(): Promise<void> {
    await restartWorkload(await this.client(), this, new Date());
  }

  /**
   * `kubectl rollout history daemonset`: one entry per ControllerRevision the DaemonSet controls, oldest
   * first, with its `kubernetes.io/change-cause` and pod template.
   * @throws {NotFoundError} when the DaemonSet does not exist.
   */
  async rolloutHistory(): Promise<RolloutRevision[]> {
    return controllerRevisionHistory(await this.client(), this);
  }

  /**
   * `kubectl rollout undo daemonset [--to-revision=N]`: restores the pod template of `toRevision`
   * (default 0: the revision before the latest). Already at that template: nothing is written, `skipped`.
   * @throws {RolloutError} when the revision is not in the history or there is no previous revision.
   */
  async rolloutUndo(toRevision = 0): Promise<RolloutUndoResult> {
    return undoControllerRevision(await this.client(), this, toRevision);
  }
}
