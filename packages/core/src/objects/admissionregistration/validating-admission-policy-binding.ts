import type { ValidatingAdmissionPolicyBinding as ValidatingAdmissionPolicyBindingJSON } from "kubernetes-types/admissionregistration/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A ValidatingAdmissionPolicyBinding (`admissionregistration.k8s.io/v1`, cluster-scoped): applies a
 * ValidatingAdmissionPolicy to resources and parameters.
 */
export class ValidatingAdmissionPolicyBinding extends APIObject<ValidatingAdmissionPolicyBindingJSON> {
  static override readonly apiVersion = "admissionregistration.k8s.io/v1";
  static override readonly kind = "ValidatingAdmissionPolicyBinding";
  static override readonly plural = "validatingadmissionpolicybindings";
  static override readonly singular = "validatingadmissionpolicybinding";
  static override readonly namespaced = false;
}
