import type { Job as JobJSON } from "kubernetes-types/batch/v1.js";
import { APIObject } from "../api-object.ts";

/** A Job (`batch/v1`, namespaced): runs pods to completion. */
export class Job extends APIObject<JobJSON> {
  static override readonly apiVersion = "batch/v1";
  static override readonly kind = "Job";
  static override readonly plural = "jobs";
  static override readonly singular = "job";
  static override readonly namespaced = true;
  static override readonly scalable = true;
  static override readonly scalableSpec = "parallelism";
}
