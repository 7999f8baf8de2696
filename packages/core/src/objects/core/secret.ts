import type { Secret as SecretJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/** A Secret (`v1`, namespaced): confidential data (values base64-encoded in `data`). */
export class Secret extends APIObject<SecretJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "Secret";
  static override readonly plural = "secrets";
  static override readonly singular = "secret";
  static override readonly namespaced = true;
}
