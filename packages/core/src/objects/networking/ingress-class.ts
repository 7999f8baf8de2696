import type { IngressClass as IngressClassJSON } from "kubernetes-types/networking/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * An IngressClass (`networking.k8s.io/v1`, cluster-scoped): the controller that implements a class of
 * Ingresses.
 */
export class IngressClass extends APIObject<IngressClassJSON> {
  static override readonly apiVersion = "networking.k8s.io/v1";
  static override readonly kind = "IngressClass";
  static override readonly plural = "ingressclasses";
  static override readonly singular = "ingressclass";
  static override readonly namespaced = false;
}
