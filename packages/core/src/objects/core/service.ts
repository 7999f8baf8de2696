import type { Service as ServiceJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/** A Service (`v1`, namespaced): a stable network endpoint for a set of pods. */
export class Service extends APIObject<ServiceJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "Service";
  static override readonly plural = "services";
  static override readonly singular = "service";
  static override readonly shortNames = ["svc"];
  static override readonly namespaced = true;
}
