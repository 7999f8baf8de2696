import type { Job as JobJSON } from "kubernetes-types/batch/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A Job (`batch/v1`, namespaced): Pods run to completion. Scalable through `spec.parallelism` (how many
 * Pods run at once), as kubectl once scaled Jobs: it has no `scale` subresource, `scale()` patches the field.
 */
export class Job extends APIObject<JobJSON> {
  static override readonly apiVersion = "batch/v1";
  static override readonly kind = "Job";
  static override readonly plural = "jobs";
  static override readonly singular = "job";
  static override readonly shortNames: readonly string[] = [];
  static override readonly namespaced = true;
  static override readonly scalable = true;
  static override readonly scalableSpec = "parallelism";
}
