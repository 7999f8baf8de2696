import type { CSIDriver as CSIDriverJSON } from "kubernetes-types/storage/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A CSIDriver (`storage.k8s.io/v1`, cluster-scoped): describes a CSI volume driver installed in the cluster.
 */
export class CSIDriver extends APIObject<CSIDriverJSON> {
  static override readonly apiVersion = "storage.k8s.io/v1";
  static override readonly kind = "CSIDriver";
  static override readonly plural = "csidrivers";
  static override readonly singular = "csidriver";
  static override readonly namespaced = false;
}
