import type { ServiceAccount as ServiceAccountJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/** A ServiceAccount (`v1`, namespaced): an identity for processes running in pods. */
export class ServiceAccount extends APIObject<ServiceAccountJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "ServiceAccount";
  static override readonly plural = "serviceaccounts";
  static override readonly singular = "serviceaccount";
  static override readonly shortNames = ["sa"];
  static override readonly namespaced = true;
}
