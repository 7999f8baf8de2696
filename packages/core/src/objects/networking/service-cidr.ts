import type { Condition, ObjectMeta } from "kubernetes-types/meta/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * The JSON of a `networking.k8s.io/v1` ServiceCIDR. Written here because `kubernetes-types` 1.30 has the
 * kind only as `v1alpha1` (it went GA in Kubernetes 1.33); fields as the 1.33 OpenAPI schema has them.
 */
export interface ServiceCIDRJSON {
  apiVersion?: "networking.k8s.io/v1";
  kind?: "ServiceCIDR";
  metadata?: ObjectMeta;
  spec?: {
    /** At most two CIDRs (one per IP family), e.g. `["10.96.0.0/16", "fd00:10:96::/108"]`. */
    cidrs?: string[];
  };
  status?: { conditions?: Condition[] };
}

/** A ServiceCIDR (`networking.k8s.io/v1`, cluster-scoped): a range of IP addresses for Service cluster IPs. */
export class ServiceCIDR extends APIObject<ServiceCIDRJSON> {
  static override readonly apiVersion = "networking.k8s.io/v1";
  static override readonly kind = "ServiceCIDR";
  static override readonly plural = "servicecidrs";
  static override readonly singular = "servicecidr";
  static override readonly namespaced = false;
}
