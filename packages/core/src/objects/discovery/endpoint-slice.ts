import type { EndpointSlice as EndpointSliceJSON } from "kubernetes-types/discovery/v1.js";
import { APIObject } from "../api-object.ts";

/** An EndpointSlice (`discovery.k8s.io/v1`, namespaced): a slice of the endpoints of a Service. */
export class EndpointSlice extends APIObject<EndpointSliceJSON> {
  static override readonly apiVersion = "discovery.k8s.io/v1";
  static override readonly kind = "EndpointSlice";
  static override readonly plural = "endpointslices";
  static override readonly singular = "endpointslice";
  static override readonly namespaced = true;
}
