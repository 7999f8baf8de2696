import type { ComponentStatus as ComponentStatusJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A ComponentStatus (`v1`, cluster-scoped): the health of a control-plane component (deprecated by
 * Kubernetes, read only).
 */
export class ComponentStatus extends APIObject<ComponentStatusJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "ComponentStatus";
  static override readonly plural = "componentstatuses";
  static override readonly singular = "componentstatus";
  static override readonly shortNames = ["cs"];
  static override readonly namespaced = false;
}
