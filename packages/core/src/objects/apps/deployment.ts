import type { Deployment as DeploymentJSON } from "kubernetes-types/apps/v1.js";
import { APIObject } from "../api-object.ts";

/** A Deployment (`apps/v1`, namespaced): declarative updates of a ReplicaSet's pods. */
export class Deployment extends APIObject<DeploymentJSON> {
  static override readonly apiVersion = "apps/v1";
  static override readonly kind = "Deployment";
  static override readonly plural = "deployments";
  static override readonly singular = "deployment";
  static override readonly shortNames = ["deploy"];
  static override readonly namespaced = true;
  static override readonly scalable = true;
}
