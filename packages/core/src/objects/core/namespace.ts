import type { Namespace as NamespaceJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/** A Namespace (`v1`, cluster-scoped): a scope for names and policies. */
export class Namespace extends APIObject<NamespaceJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "Namespace";
  static override readonly plural = "namespaces";
  static override readonly singular = "namespace";
  static override readonly shortNames = ["ns"];
  static override readonly namespaced = false;
}
