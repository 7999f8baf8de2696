import type { FlowSchema as FlowSchemaJSON } from "kubernetes-types/flowcontrol/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A FlowSchema (`flowcontrol.apiserver.k8s.io/v1`, cluster-scoped): classifies requests into priority levels
 * (API Priority and Fairness).
 */
export class FlowSchema extends APIObject<FlowSchemaJSON> {
  static override readonly apiVersion = "flowcontrol.apiserver.k8s.io/v1";
  static override readonly kind = "FlowSchema";
  static override readonly plural = "flowschemas";
  static override readonly singular = "flowschema";
  static override readonly namespaced = false;
}
