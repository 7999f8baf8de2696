import type { ClusterRole as ClusterRoleJSON } from "kubernetes-types/rbac/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A ClusterRole (`rbac.authorization.k8s.io/v1`, cluster-scoped): a set of permissions, cluster-wide or
 * aggregated.
 */
export class ClusterRole extends APIObject<ClusterRoleJSON> {
  static override readonly apiVersion = "rbac.authorization.k8s.io/v1";
  static override readonly kind = "ClusterRole";
  static override readonly plural = "clusterroles";
  static override readonly singular = "clusterrole";
  static override readonly namespaced = false;
}
