import type { Deployment as DeploymentJSON } from "kubernetes-types/apps/v1.js";
import { RolloutError } from "../../errors.ts";

import type { Pod } from "../core/pod.ts";
import { refreshRaw } from "../object-helpers.ts";
import {
  deploymentHistory,
  deploymentRolloutStatus,
  undoDeployment,
  type RolloutRevision,
  type RolloutStatus,
  type RolloutUndoResult,
} from "./rollout.ts";
import { restartWorkload, workloadPods } from "./workload.ts";
import { StreamingObject } from "../streaming.ts";

/** A Deployment (`apps/v1`, namespaced): declarative updates of ReplicaSets and their Pods. */
export class Deployment extends StreamingObject<DeploymentJSON> {
  static override readonly apiVersion = "apps/v1";
  static override readonly kind = "Deployment";
  static override readonly plural = "deployments";
  static override readonly singular = "deployment";
  static override readonly shortNames = ["deploy"];
  static override readonly namespaced = true;
  static override readonly scalable = true;

  /** Every Pod the Deployment's selector matches in its namespace (the Pods of all its ReplicaSets). */
  async pods(): Promise<Pod[]> {
    return workloadPods(await this.client(), this, { owned: false });
  }

  /**
   * Where the rollout stands now, judged as `kubectl rollout status deployment` judges it (one reading;
   * `raw` is updated). Poll it, or `wait()` on the object, to follow a rollout.
   * @example
   * const { done, message } = await deploy.rolloutStatus();
   * @throws {NotFoundError} when the Deployment does not exist.
   */
  async rolloutStatus(): Promise<RolloutStatus> {
    return deploymentRolloutStatus(await refreshRaw(await this.client(), this));
  }

  /**
   * Whether the rollout is complete (`rolloutStatus().done`): the controller has seen the latest spec and
   * every replica is updated and available, no old replica is left.
   * @throws {NotFoundError} when the Deployment does not exist.
   */
  async ready(): Promise<boolean> {
    return (await this.rolloutStatus()).done;
  }

  /**
   * `kubectl rollout restart`: sets the `kubectl.kubernetes.io/restartedAt` pod-template annotation to now
   * (RFC 3339, UTC), so the controller replaces every Pod through a new ReplicaSet. `raw` becomes the
   * patched object.
   * @throws {RolloutError} when the Deployment is paused (kubectl refuses too).
   * @throws {NotFoundError} when the Deployment does not exist.
   */
  async restart(): Promise<void> {
    const k = await this.client();
    await refreshRaw(k, this);
    if (this.raw.spec?.paused)
      throw new RolloutError(`can't restart paused deployment "${this.name}"`, {
        suggestions: ["resume it first: set spec.paused to false (kubectl rollout resume)"],
      });
    await restartWorkload(k, this, new Date());
  }

  /**
   * `kubectl rollout history deployment`: one entry per ReplicaSet the Deployment controls, oldest
   * revision first, with its `kubernetes.io/change-cause` and pod template.
   * @throws {NotFoundError} when the Deployment does not exist.
   */
  async rolloutHistory(): Promise<RolloutRevision[]> {
    return deploymentHistory(await this.client(), this);
  }

  /**
   * `kubectl rollout undo deployment [--to-revision=N]`: puts the pod template of `toRevision` (default 0:
   * the revision before the latest) back, with that ReplicaSet's annotations. Already at that template:
   * nothing is written and `skipped` is true.
   * @throws {RolloutError} when the revision is not in the history, there is no previous revision, or the
   * Deployment is paused.
   */
  async rolloutUndo(toRevision = 0): Promise<RolloutUndoResult> {
    return undoDeployment(await this.client(), this, toRevision);
  }
}
