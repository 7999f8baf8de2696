import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * The JSON of a `networking.k8s.io/v1` IPAddress. Written here because `kubernetes-types` 1.30 has the
 * kind only as `v1alpha1` (it went GA in Kubernetes 1.33); fields as the 1.33 OpenAPI schema has them.
 */
export interface IPAddressJSON {
  apiVersion?: "networking.k8s.io/v1";
  kind?: "IPAddress";
  metadata?: ObjectMeta;
  spec?: {
    /** The object the address is allocated to (for Service ClusterIPs: `resource: "services"`). */
    parentRef: { group?: string; resource: string; namespace?: string; name: string };
  };
}

/** An IPAddress (`networking.k8s.io/v1`, cluster-scoped): a Service IP address allocated from a ServiceCIDR. */
export class IPAddress extends APIObject<IPAddressJSON> {
  static override readonly apiVersion = "networking.k8s.io/v1";
  static override readonly kind = "IPAddress";
  static override readonly plural = "ipaddresses";
  static override readonly singular = "ipaddress";
  static override readonly shortNames = ["ip"];
  static override readonly namespaced = false;
}
