import type { Endpoints as EndpointsJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/** An Endpoints (`v1`, namespaced): the addresses behind a Service (superseded by EndpointSlice). */
export class Endpoints extends APIObject<EndpointsJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "Endpoints";
  static override readonly plural = "endpoints";
  static override readonly singular = "endpoints";
  static override readonly shortNames = ["ep"];
  static override readonly namespaced = true;
}
