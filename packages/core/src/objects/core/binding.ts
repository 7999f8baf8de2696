import type { Binding as BindingJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A Binding (`v1`, namespaced): binds a pod to a node (create only; `pods/binding` is the subresource
 * schedulers use).
 */
export class Binding extends APIObject<BindingJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "Binding";
  static override readonly plural = "bindings";
  static override readonly singular = "binding";
  static override readonly namespaced = true;
}
