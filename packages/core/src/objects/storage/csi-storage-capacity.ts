import type { CSIStorageCapacity as CSIStorageCapacityJSON } from "kubernetes-types/storage/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A CSIStorageCapacity (`storage.k8s.io/v1`, namespaced): storage capacity a CSI driver reports for a
 * topology segment.
 */
export class CSIStorageCapacity extends APIObject<CSIStorageCapacityJSON> {
  static override readonly apiVersion = "storage.k8s.io/v1";
  static override readonly kind = "CSIStorageCapacity";
  static override readonly plural = "csistoragecapacities";
  static override readonly singular = "csistoragecapacity";
  static override readonly namespaced = true;
}
