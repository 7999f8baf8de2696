import type { CustomResourceDefinition as CustomResourceDefinitionJSON } from "kubernetes-types/apiextensions/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A CustomResourceDefinition (`apiextensions.k8s.io/v1`, cluster-scoped): defines a custom resource served by
 * the API server.
 */
export class CustomResourceDefinition extends APIObject<CustomResourceDefinitionJSON> {
  static override readonly apiVersion = "apiextensions.k8s.io/v1";
  static override readonly kind = "CustomResourceDefinition";
  static override readonly plural = "customresourcedefinitions";
  static override readonly singular = "customresourcedefinition";
  static override readonly shortNames = ["crd", "crds"];
  static override readonly namespaced = false;
}
