import type { ClusterRoleBinding as ClusterRoleBindingJSON } from "kubernetes-types/rbac/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A ClusterRoleBinding (`rbac.authorization.k8s.io/v1`, cluster-scoped): grants a ClusterRole's permissions
 * cluster-wide.
 */
export class ClusterRoleBinding extends APIObject<ClusterRoleBindingJSON> {
  static override readonly apiVersion = "rbac.authorization.k8s.io/v1";
  static override readonly kind = "ClusterRoleBinding";
  static override readonly plural = "clusterrolebindings";
  static override readonly singular = "clusterrolebinding";
  static override readonly namespaced = false;
}
