import type { ValidatingAdmissionPolicy as ValidatingAdmissionPolicyJSON } from "kubernetes-types/admissionregistration/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A ValidatingAdmissionPolicy (`admissionregistration.k8s.io/v1`, cluster-scoped): CEL rules that validate
 * objects on admission.
 */
export class ValidatingAdmissionPolicy extends APIObject<ValidatingAdmissionPolicyJSON> {
  static override readonly apiVersion = "admissionregistration.k8s.io/v1";
  static override readonly kind = "ValidatingAdmissionPolicy";
  static override readonly plural = "validatingadmissionpolicies";
  static override readonly singular = "validatingadmissionpolicy";
  static override readonly namespaced = false;
}
