import type { Lease as LeaseJSON } from "kubernetes-types/coordination/v1.js";
import { APIObject } from "../api-object.ts";

/** A Lease (`coordination.k8s.io/v1`, namespaced): a lease for leader election and node heartbeats. */
export class Lease extends APIObject<LeaseJSON> {
  static override readonly apiVersion = "coordination.k8s.io/v1";
  static override readonly kind = "Lease";
  static override readonly plural = "leases";
  static override readonly singular = "lease";
  static override readonly namespaced = true;
}
