import type { DaemonSet as DaemonSetJSON } from "kubernetes-types/apps/v1.js";
import { APIObject } from "../api-object.ts";

/** A DaemonSet (`apps/v1`, namespaced): runs a pod on every (selected) node. */
export class DaemonSet extends APIObject<DaemonSetJSON> {
  static override readonly apiVersion = "apps/v1";
  static override readonly kind = "DaemonSet";
  static override readonly plural = "daemonsets";
  static override readonly singular = "daemonset";
  static override readonly shortNames = ["ds"];
  static override readonly namespaced = true;
}
