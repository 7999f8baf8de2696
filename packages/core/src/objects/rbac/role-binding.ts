import type { RoleBinding as RoleBindingJSON } from "kubernetes-types/rbac/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A RoleBinding (`rbac.authorization.k8s.io/v1`, namespaced): grants a Role's or ClusterRole's permissions in
 * a namespace.
 */
export class RoleBinding extends APIObject<RoleBindingJSON> {
  static override readonly apiVersion = "rbac.authorization.k8s.io/v1";
  static override readonly kind = "RoleBinding";
  static override readonly plural = "rolebindings";
  static override readonly singular = "rolebinding";
  static override readonly namespaced = true;
}
