/**
 * What StatefulSet and DaemonSet share: the Pods they control, `kubectl rollout restart`, and a rollout
 * history kept in ControllerRevisions (status, history, undo). Each kind says how kubectl judges its rollout.
 */
import type { DaemonSet as DaemonSetJSON, StatefulSet as StatefulSetJSON } from "kubernetes-types/apps/v1.js";

import type { Pod } from "../core/pod.ts";
import { refreshRaw } from "../object-helpers.ts";
import {
  controllerRevisionHistory,
  undoControllerRevision,
  type RolloutRevision,
  type RolloutStatus,
  type RolloutUndoResult,
} from "./rollout.ts";
import { restartWorkload, workloadPods } from "./workload.ts";
import { StreamingObject } from "../streaming.ts";

/** The base of {@link StatefulSet} and {@link DaemonSet}; not a kind of its own. */
export abstract class RevisionedWorkload<
  Raw extends StatefulSetJSON | DaemonSetJSON,
> extends StreamingObject<Raw> {
  /** kubectl's `rollout status` verdict for this kind. */
  protected abstract judgeRollout(raw: Raw): RolloutStatus;
  /** Readiness where kubectl has no rollout status (the `OnDelete` update strategy). */
  protected abstract readyOnDelete(raw: Raw): boolean;

  /** The Pods this workload controls (its selector's matches whose controller it is). */
  async pods(): Promise<Pod[]> {
    return workloadPods(await this.client(), this, { owned: true });
  }

  /**
   * Where the rollout stands now, judged as `kubectl rollout status` judges this kind (one reading; `raw` is
   * updated). With an `OnDelete` update strategy, `error` says kubectl has no status for it.
   * @throws {NotFoundError} when the object does not exist.
   */
  async rolloutStatus(): Promise<RolloutStatus> {
    return this.judgeRollout(await refreshRaw(await this.client(), this));
  }

  /**
   * Whether the rollout is complete (`rolloutStatus().done`). With the `OnDelete` strategy, which kubectl
   * cannot judge: whether the latest spec is observed and every Pod it wants is ready.
   * @throws {NotFoundError} when the object does not exist.
   */
  async ready(): Promise<boolean> {
    const status = await this.rolloutStatus();
    if (status.error === undefined || this.raw.spec?.updateStrategy?.type !== "OnDelete") return status.done;
    return this.readyOnDelete(this.raw);
  }

  /**
   * `kubectl rollout restart`: sets the `kubectl.kubernetes.io/restartedAt` pod-template annotation to now
   * (RFC 3339, UTC), so the controller replaces every Pod. `raw` becomes the patched object.
   * @throws {NotFoundError} when the object does not exist.
   */
  async restart(): Promise<void> {
    await restartWorkload(await this.client(), this, new Date());
  }

  /**
   * `kubectl rollout history`: one entry per ControllerRevision this workload controls, oldest first, with its
   * `kubernetes.io/change-cause` and pod template.
   * @throws {NotFoundError} when the object does not exist.
   */
  async rolloutHistory(): Promise<RolloutRevision[]> {
    return controllerRevisionHistory(await this.client(), this);
  }

  /**
   * `kubectl rollout undo [--to-revision=N]`: restores the pod template of `toRevision` (default 0: the
   * revision before the latest) by sending the revision's stored patch. Already at that template: nothing is
   * written and `skipped` is true.
   * @throws {RolloutError} when the revision is not in the history or there is no previous revision.
   */
  async rolloutUndo(toRevision = 0): Promise<RolloutUndoResult> {
    return undoControllerRevision(await this.client(), this, toRevision);
  }
}
