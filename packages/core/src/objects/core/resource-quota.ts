import type { ResourceQuota as ResourceQuotaJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/** A ResourceQuota (`v1`, namespaced): limits the total resources a namespace may use. */
export class ResourceQuota extends APIObject<ResourceQuotaJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "ResourceQuota";
  static override readonly plural = "resourcequotas";
  static override readonly singular = "resourcequota";
  static override readonly shortNames = ["quota"];
  static override readonly namespaced = true;
}
