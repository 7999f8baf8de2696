import type { PodDisruptionBudget as PodDisruptionBudgetJSON } from "kubernetes-types/policy/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A PodDisruptionBudget (`policy/v1`, namespaced): limits how many pods of a set voluntary disruptions may
 * take down at once.
 */
export class PodDisruptionBudget extends APIObject<PodDisruptionBudgetJSON> {
  static override readonly apiVersion = "policy/v1";
  static override readonly kind = "PodDisruptionBudget";
  static override readonly plural = "poddisruptionbudgets";
  static override readonly singular = "poddisruptionbudget";
  static override readonly shortNames = ["pdb"];
  static override readonly namespaced = true;
}
