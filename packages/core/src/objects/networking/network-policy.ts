import type { NetworkPolicy as NetworkPolicyJSON } from "kubernetes-types/networking/v1.js";
import { APIObject } from "../api-object.ts";

/** A NetworkPolicy (`networking.k8s.io/v1`, namespaced): which traffic pods may send and receive. */
export class NetworkPolicy extends APIObject<NetworkPolicyJSON> {
  static override readonly apiVersion = "networking.k8s.io/v1";
  static override readonly kind = "NetworkPolicy";
  static override readonly plural = "networkpolicies";
  static override readonly singular = "networkpolicy";
  static override readonly shortNames = ["netpol"];
  static override readonly namespaced = true;
}
