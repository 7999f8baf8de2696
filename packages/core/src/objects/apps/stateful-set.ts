import type { StatefulSet as StatefulSetJSON } from "kubernetes-types/apps/v1.js";
import { APIObject } from "../api-object.ts";
import type { Pod } from "../core/pod.ts";
import { refreshRaw } from "../object-helpers.ts";
import {
  controllerRevisionHistory,
  statefulSetRolloutStatus,
  undoControllerRevision,
  type RolloutRevision,
  type RolloutStatus,
  type RolloutUndoResult,
} from "./rollout.ts";
import { restartWorkload, workloadPods } from "./workload.ts";

/** A StatefulSet (`apps/v1`, namespaced): Pods with stable names and storage, rolled out in order. */
export class StatefulSet extends APIObject<StatefulSetJSON> {
  static override readonly apiVersion = "apps/v1";
  static override readonly kind = "StatefulSet";
  static override readonly plural = "statefulsets";
  static override readonly singular = "statefulset";
  static override readonly shortNames = ["sts"];
  static override readonly namespaced = true;
  static override readonly scalable = true;

  /** The Pods this StatefulSet controls (its selector's matches whose controller it is). */
  async pods(): Promise<Pod[]> {
    return workloadPods(await this.client(), this, { owned: true });
  }

  /**
   * Where the rollout stands now, judged as `kubectl rollout status statefulset` judges it (one reading;
   * `raw` is updated). With an `OnDelete` update strategy, `error` says kubectl has no status for it.
   * @throws {NotFoundError} when the StatefulSet does not exist.
   */
  async rolloutStatus(): Promise<RolloutStatus> {
    return statefulSetRolloutStatus(await refreshRaw(await this.client(), this));
  }

  /**
   * Whether the StatefulSet is rolled out (`rolloutStatus().done`). With the `OnDelete` strategy, which
   * kubectl cannot judge: whether the latest spec is observed and `spec.replicas` Pods are ready.
   * @throws {NotFoundError} when the StatefulSet does not exist.
   */
  async ready(): Promise<boolean> {
    const status = await this.rolloutStatus();
    if (status.error === undefined || this.raw.spec?.updateStrategy?.type !== "OnDelete") return status.done;
    const sts = this.raw;
    return (
      (sts.status?.observedGeneration ?? 0) >= (sts.metadata?.generation ?? 0) &&
      (sts.status?.readyReplicas ?? 0) >= (sts.spec?.replicas ?? 1)
    );
  }

  /**
   * `kubectl rollout restart statefulset`: sets the `kubectl.kubernetes.io/restartedAt` pod-template
   * annotation to now (RFC 3339, UTC). `raw` becomes the patched object.
   * @throws {NotFoundError} when the StatefulSet does not exist.
   */
  async restart(): Promise<void> {
    await restartWorkload(await this.client(), this, new Date());
  }

  /**
   * `kubectl rollout history statefulset`: one entry per ControllerRevision the StatefulSet controls, oldest
   * first, with its `kubernetes.io/change-cause` and pod template.
   * @throws {NotFoundError} when the StatefulSet does not exist.
   */
  async rolloutHistory(): Promise<RolloutRevision[]> {
    return controllerRevisionHistory(await this.client(), this);
  }

  /**
   * `kubectl rollout undo statefulset [--to-revision=N]`: restores the pod template of `toRevision`
   * (default 0: the revision before the latest). Already at that template: nothing is written, `skipped`.
   * @throws {RolloutError} when the revision is not in the history or there is no previous revision.
   */
  async rolloutUndo(toRevision = 0): Promise<RolloutUndoResult> {
    return undoControllerRevision(await this.client(), this, toRevision);
  }
}
