import type { ValidatingWebhookConfiguration as ValidatingWebhookConfigurationJSON } from "kubernetes-types/admissionregistration/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A ValidatingWebhookConfiguration (`admissionregistration.k8s.io/v1`, cluster-scoped): webhooks that accept
 * or reject objects on admission.
 */
export class ValidatingWebhookConfiguration extends APIObject<ValidatingWebhookConfigurationJSON> {
  static override readonly apiVersion = "admissionregistration.k8s.io/v1";
  static override readonly kind = "ValidatingWebhookConfiguration";
  static override readonly plural = "validatingwebhookconfigurations";
  static override readonly singular = "validatingwebhookconfiguration";
  static override readonly namespaced = false;
}
