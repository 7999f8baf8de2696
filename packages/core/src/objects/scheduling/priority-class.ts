import type { PriorityClass as PriorityClassJSON } from "kubernetes-types/scheduling/v1.js";
import { APIObject } from "../api-object.ts";

/** A PriorityClass (`scheduling.k8s.io/v1`, cluster-scoped): a scheduling priority pods can name. */
export class PriorityClass extends APIObject<PriorityClassJSON> {
  static override readonly apiVersion = "scheduling.k8s.io/v1";
  static override readonly kind = "PriorityClass";
  static override readonly plural = "priorityclasses";
  static override readonly singular = "priorityclass";
  static override readonly shortNames = ["pc"];
  static override readonly namespaced = false;
}
