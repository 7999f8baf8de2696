import type { ReplicaSet as ReplicaSetJSON } from "kubernetes-types/apps/v1.js";
import { APIObject } from "../api-object.ts";

/** A ReplicaSet (`apps/v1`, namespaced): keeps a number of pod replicas running. */
export class ReplicaSet extends APIObject<ReplicaSetJSON> {
  static override readonly apiVersion = "apps/v1";
  static override readonly kind = "ReplicaSet";
  static override readonly plural = "replicasets";
  static override readonly singular = "replicaset";
  static override readonly shortNames = ["rs"];
  static override readonly namespaced = true;
  static override readonly scalable = true;
}
