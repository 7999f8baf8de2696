import type { ReplicationController as ReplicationControllerJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A ReplicationController (`v1`, namespaced): keeps a number of pod replicas running (superseded by
 * ReplicaSet).
 */
export class ReplicationController extends APIObject<ReplicationControllerJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "ReplicationController";
  static override readonly plural = "replicationcontrollers";
  static override readonly singular = "replicationcontroller";
  static override readonly shortNames = ["rc"];
  static override readonly namespaced = true;
  static override readonly scalable = true;
}
