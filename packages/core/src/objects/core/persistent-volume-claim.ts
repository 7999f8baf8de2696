import type { PersistentVolumeClaim as PersistentVolumeClaimJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/** A PersistentVolumeClaim (`v1`, namespaced): a request for storage. */
export class PersistentVolumeClaim extends APIObject<PersistentVolumeClaimJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "PersistentVolumeClaim";
  static override readonly plural = "persistentvolumeclaims";
  static override readonly singular = "persistentvolumeclaim";
  static override readonly shortNames = ["pvc"];
  static override readonly namespaced = true;
}
