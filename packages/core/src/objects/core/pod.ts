import type { Pod as PodJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/** A Pod (`v1`, namespaced): one or more containers scheduled together. */
export class Pod extends APIObject<PodJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "Pod";
  static override readonly plural = "pods";
  static override readonly singular = "pod";
  static override readonly shortNames = ["po"];
  static override readonly namespaced = true;
}
