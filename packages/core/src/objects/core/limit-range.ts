import type { LimitRange as LimitRangeJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/** A LimitRange (`v1`, namespaced): default and maximum resource requests and limits in a namespace. */
export class LimitRange extends APIObject<LimitRangeJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "LimitRange";
  static override readonly plural = "limitranges";
  static override readonly singular = "limitrange";
  static override readonly shortNames = ["limits"];
  static override readonly namespaced = true;
}
