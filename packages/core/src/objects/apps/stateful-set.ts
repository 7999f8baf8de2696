import type { StatefulSet as StatefulSetJSON } from "kubernetes-types/apps/v1.js";
import { APIObject } from "../api-object.ts";

/** A StatefulSet (`apps/v1`, namespaced): pods with stable identities and storage. */
export class StatefulSet extends APIObject<StatefulSetJSON> {
  static override readonly apiVersion = "apps/v1";
  static override readonly kind = "StatefulSet";
  static override readonly plural = "statefulsets";
  static override readonly singular = "statefulset";
  static override readonly shortNames = ["sts"];
  static override readonly namespaced = true;
  static override readonly scalable = true;
}
