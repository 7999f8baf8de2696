import type { CertificateSigningRequest as CertificateSigningRequestJSON } from "kubernetes-types/certificates/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * A CertificateSigningRequest (`certificates.k8s.io/v1`, cluster-scoped): asks for a certificate signed by a
 * cluster signer.
 */
export class CertificateSigningRequest extends APIObject<CertificateSigningRequestJSON> {
  static override readonly apiVersion = "certificates.k8s.io/v1";
  static override readonly kind = "CertificateSigningRequest";
  static override readonly plural = "certificatesigningrequests";
  static override readonly singular = "certificatesigningrequest";
  static override readonly shortNames = ["csr"];
  static override readonly namespaced = false;
}
