import type { Ingress as IngressJSON } from "kubernetes-types/networking/v1.js";
import { APIObject } from "../api-object.ts";

/** An Ingress (`networking.k8s.io/v1`, namespaced): HTTP routing from outside the cluster to Services. */
export class Ingress extends APIObject<IngressJSON> {
  static override readonly apiVersion = "networking.k8s.io/v1";
  static override readonly kind = "Ingress";
  static override readonly plural = "ingresses";
  static override readonly singular = "ingress";
  static override readonly shortNames = ["ing"];
  static override readonly namespaced = true;
}
