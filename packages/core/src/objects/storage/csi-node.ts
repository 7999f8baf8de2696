import type { CSINode as CSINodeJSON } from "kubernetes-types/storage/v1.js";
import { APIObject } from "../api-object.ts";

/** A CSINode (`storage.k8s.io/v1`, cluster-scoped): the CSI drivers installed on a node. */
export class CSINode extends APIObject<CSINodeJSON> {
  static override readonly apiVersion = "storage.k8s.io/v1";
  static override readonly kind = "CSINode";
  static override readonly plural = "csinodes";
  static override readonly singular = "csinode";
  static override readonly namespaced = false;
}
