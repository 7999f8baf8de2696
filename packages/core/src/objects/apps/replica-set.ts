import type { ReplicaSet as ReplicaSetJSON } from "kubernetes-types/apps/v1.js";

import type { Pod } from "../core/pod.ts";
import { refreshRaw } from "../object-helpers.ts";
import { workloadPods } from "./workload.ts";
import { StreamingObject } from "../streaming.ts";

/** A ReplicaSet (`apps/v1`, namespaced): keeps a number of identical Pods running. */
export class ReplicaSet extends StreamingObject<ReplicaSetJSON> {
  static override readonly apiVersion = "apps/v1";
  static override readonly kind = "ReplicaSet";
  static override readonly plural = "replicasets";
  static override readonly singular = "replicaset";
  static override readonly shortNames = ["rs"];
  static override readonly namespaced = true;
  static override readonly scalable = true;

  /** The Pods this ReplicaSet controls (its selector's matches whose controller it is). */
  async pods(): Promise<Pod[]> {
    return workloadPods(await this.client(), this, { owned: true });
  }

  /**
   * Whether the controller has seen the latest spec and `spec.replicas` (default 1) Pods are ready
   * (kubectl has no rollout status for ReplicaSets; this is kr8s's rule). `raw` is updated.
   * @throws {NotFoundError} when the ReplicaSet does not exist.
   */
  async ready(): Promise<boolean> {
    const rs = await refreshRaw(await this.client(), this);
    const observed = (rs.status?.observedGeneration ?? 0) >= (rs.metadata?.generation ?? 0);
    return observed && (rs.status?.readyReplicas ?? 0) >= (rs.spec?.replicas ?? 1);
  }
}
