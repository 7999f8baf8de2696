// A request that is no PEM certificate request is refused with kubectl's message (the API server
// validates spec.request, so the e2e tests cannot create one).
import { describe, expect, it } from "vitest";
import { parseCertificateRequest } from "./csr.ts";

describe("parseCertificateRequest", () => {
  it("refuses PEM that is not a CERTIFICATE REQUEST, in kubectl's words", () => {
    const certificate = Buffer.from(
      "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    ).toString("base64");
    expect(() => parseCertificateRequest(certificate)).toThrow(
      "Error parsing CSR: PEM block type must be CERTIFICATE REQUEST",
    );
    expect(() => parseCertificateRequest(undefined)).toThrow(/^Error parsing CSR/);
  });
});
