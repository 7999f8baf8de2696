import type { MutatingWebhookConfiguration as MutatingWebhookConfigurationJSON } from "kubernetes-types/admissionregistration/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A MutatingWebhookConfiguration (`admissionregistration.k8s.io/v1`, cluster-scoped): webhooks that may
 * change objects on admission.
 */
export class MutatingWebhookConfiguration extends APIObject<MutatingWebhookConfigurationJSON> {
  static override readonly apiVersion = "admissionregistration.k8s.io/v1";
  static override readonly kind = "MutatingWebhookConfiguration";
  static override readonly plural = "mutatingwebhookconfigurations";
  static override readonly singular = "mutatingwebhookconfiguration";
  static override readonly namespaced = false;
}
