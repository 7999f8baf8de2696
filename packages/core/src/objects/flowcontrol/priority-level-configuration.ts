import type { PriorityLevelConfiguration as PriorityLevelConfigurationJSON } from "kubernetes-types/flowcontrol/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A PriorityLevelConfiguration (`flowcontrol.apiserver.k8s.io/v1`, cluster-scoped): a priority level of API
 * Priority and Fairness.
 */
export class PriorityLevelConfiguration extends APIObject<PriorityLevelConfigurationJSON> {
  static override readonly apiVersion = "flowcontrol.apiserver.k8s.io/v1";
  static override readonly kind = "PriorityLevelConfiguration";
  static override readonly plural = "prioritylevelconfigurations";
  static override readonly singular = "prioritylevelconfiguration";
  static override readonly namespaced = false;
}
