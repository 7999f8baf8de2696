import type { Role as RoleJSON } from "kubernetes-types/rbac/v1.js";
import { APIObject } from "../api-object.ts";

/** A Role (`rbac.authorization.k8s.io/v1`, namespaced): a set of permissions in a namespace. */
export class Role extends APIObject<RoleJSON> {
  static override readonly apiVersion = "rbac.authorization.k8s.io/v1";
  static override readonly kind = "Role";
  static override readonly plural = "roles";
  static override readonly singular = "role";
  static override readonly namespaced = true;
}
