import type { ConfigMap as ConfigMapJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/** A ConfigMap (`v1`, namespaced): non-secret configuration data as key-value pairs. */
export class ConfigMap extends APIObject<ConfigMapJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "ConfigMap";
  static override readonly plural = "configmaps";
  static override readonly singular = "configmap";
  static override readonly shortNames = ["cm"];
  static override readonly namespaced = true;
}
