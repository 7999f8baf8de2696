import type { PodTemplate as PodTemplateJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/** A PodTemplate (`v1`, namespaced): a reusable pod template. */
export class PodTemplate extends APIObject<PodTemplateJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "PodTemplate";
  static override readonly plural = "podtemplates";
  static override readonly singular = "podtemplate";
  static override readonly namespaced = true;
}
