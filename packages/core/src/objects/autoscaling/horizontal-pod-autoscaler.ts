import type { HorizontalPodAutoscaler as HorizontalPodAutoscalerJSON } from "kubernetes-types/autoscaling/v2.js";
import { APIObject } from "../api-object.ts";

/** A HorizontalPodAutoscaler (`autoscaling/v2`, namespaced): scales a workload on observed metrics. */
export class HorizontalPodAutoscaler extends APIObject<HorizontalPodAutoscalerJSON> {
  static override readonly apiVersion = "autoscaling/v2";
  static override readonly kind = "HorizontalPodAutoscaler";
  static override readonly plural = "horizontalpodautoscalers";
  static override readonly singular = "horizontalpodautoscaler";
  static override readonly shortNames = ["hpa"];
  static override readonly namespaced = true;
}
