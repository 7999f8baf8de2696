import type { ControllerRevision as ControllerRevisionJSON } from "kubernetes-types/apps/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A ControllerRevision (`apps/v1`, namespaced): an immutable snapshot of a DaemonSet's or StatefulSet's
 * state, for rollbacks.
 */
export class ControllerRevision extends APIObject<ControllerRevisionJSON> {
  static override readonly apiVersion = "apps/v1";
  static override readonly kind = "ControllerRevision";
  static override readonly plural = "controllerrevisions";
  static override readonly singular = "controllerrevision";
  static override readonly namespaced = true;
}
