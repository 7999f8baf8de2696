/**
 * `kubectl describe certificatesigningrequest` (kubectl's `CertificateSigningRequestDescriber`,
 * certificates.k8s.io/v1, v1.33): the request's metadata and status, and what the PKCS#10 request in
 * `spec.request` asks for (subject, subject alternative names), read with @peculiar/asn1-csr.
 */
import { CertificationRequest } from "@peculiar/asn1-csr";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Extensions, SubjectAlternativeName } from "@peculiar/asn1-x509";
import { humanDuration } from "../duration.ts";
import { rfc1123z } from "./format.ts";
import { formatLabels } from "../labels.ts";
import { describeEvents } from "./sections.ts";
import type { DescribedEvent, Described } from "./types.ts";
import { tabbedString, type DescribeWriter } from "./writer.ts";

export interface CertificateSigningRequest extends Described {
  spec?: { request?: string; signerName?: string; expirationSeconds?: number; username?: string };
  status?: { certificate?: string; conditions?: { type?: string }[] };
}

/** What kubectl prints of a certificate request: Go's `pkix.Name` fields and the alternative names. */
interface RequestContents {
  commonName: string;
  serialNumber: string;
  organization: string[];
  organizationalUnit: string[];
  country: string[];
  locality: string[];
  province: string[];
  streetAddress: string[];
  postalCode: string[];
  dnsNames: string[];
  emailAddresses: string[];
  uris: string[];
  ipAddresses: string[];
}

/** The subject attributes Go's `pkix.Name.FillFromRDNSequence` reads, by OID. */
const SUBJECT_FIELDS: Record<string, keyof RequestContents> = {
  "2.5.4.3": "commonName",
  "2.5.4.5": "serialNumber",
  "2.5.4.6": "country",
  "2.5.4.7": "locality",
  "2.5.4.8": "province",
  "2.5.4.9": "streetAddress",
  "2.5.4.10": "organization",
  "2.5.4.11": "organizationalUnit",
  "2.5.4.17": "postalCode",
};

const EXTENSION_REQUEST = "1.2.840.113549.1.9.14";
const SUBJECT_ALT_NAME = "2.5.29.17";

/** An IP address as Go's `net.IP.String()`: IPv6 compressed as RFC 5952 (and WHATWG URLs) write it. */
function ipText(ip: string): string {
  return ip.includes(":") ? new URL(`http://[${ip}]`).hostname.slice(1, -1) : ip;
}

/**
 * The PEM certificate request of `spec.request` (base64 of its PEM text, as the API carries it), parsed.
 * @throws {Error} kubectl's `Error parsing CSR: …` when it is not a PEM CERTIFICATE REQUEST or does not parse.
 */
export function parseCertificateRequest(request: string | undefined): RequestContents {
  const pem = Buffer.from(request ?? "", "base64").toString("latin1");
  const match = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (match?.[1] !== "CERTIFICATE REQUEST")
    throw new Error("Error parsing CSR: PEM block type must be CERTIFICATE REQUEST");
  const info = AsnConvert.parse(
    Buffer.from(match[2] ?? "", "base64"),
    CertificationRequest,
  ).certificationRequestInfo;
  const contents: RequestContents = {
    commonName: "",
    serialNumber: "",
    organization: [],
    organizationalUnit: [],
    country: [],
    locality: [],
    province: [],
    streetAddress: [],
    postalCode: [],
    dnsNames: [],
    emailAddresses: [],
    uris: [],
    ipAddresses: [],
  };
  for (const rdn of info.subject)
    for (const attribute of rdn) {
      const field = SUBJECT_FIELDS[attribute.type];
      const value = attribute.value.toString();
      if (field === "commonName" || field === "serialNumber") contents[field] = value;
      else if (field) contents[field].push(value);
    }
  for (const attribute of info.attributes) {
    if (attribute.type !== EXTENSION_REQUEST) continue;
    for (const value of attribute.values)
      for (const extension of AsnConvert.parse(value, Extensions)) {
        if (extension.extnID !== SUBJECT_ALT_NAME) continue;
        for (const name of AsnConvert.parse(extension.extnValue.buffer, SubjectAlternativeName)) {
          if (name.dNSName !== undefined) contents.dnsNames.push(name.dNSName);
          if (name.rfc822Name !== undefined) contents.emailAddresses.push(name.rfc822Name);
          if (name.uniformResourceIdentifier !== undefined)
            contents.uris.push(name.uniformResourceIdentifier);
          if (name.iPAddress !== undefined) contents.ipAddresses.push(ipText(name.iPAddress));
        }
      }
  }
  return contents;
}

/** kubectl's `extractCSRStatus`: Denied, Approved or Pending, then `,Failed` and `,Issued`. */
function csrStatus(csr: CertificateSigningRequest): string {
  const types = new Set((csr.status?.conditions ?? []).map((c) => c.type));
  let status = types.has("Denied") ? "Denied" : types.has("Approved") ? "Approved" : "Pending";
  if (types.has("Failed")) status += ",Failed";
  if (csr.status?.certificate) status += ",Issued";
  return status;
}

/** kubectl's `printListHelper`: `Name:` and the values, one per line, or nothing when there are none. */
function printList(w: DescribeWriter, name: string, values: readonly string[]): void {
  if (values.length === 0) return;
  w.write(0, `\t${name}:\t${values.join("\n\t\t")}\n`);
}

/**
 * A certificate signing request: labels and annotations on one line each, requesting user, signer,
 * requested duration, status, subject and alternative names. `request` is `spec.request` parsed with
 * {@link parseCertificateRequest}.
 */
export function describeCertificateSigningRequest(
  csr: CertificateSigningRequest,
  request: RequestContents,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const meta = csr.metadata ?? {};
  const spec = csr.spec ?? {};
  return tabbedString((w) => {
    w.write(0, `Name:\t${meta.name ?? ""}\n`);
    w.write(0, `Labels:\t${formatLabels(meta.labels)}\n`);
    w.write(0, `Annotations:\t${formatLabels(meta.annotations)}\n`);
    w.write(0, `CreationTimestamp:\t${rfc1123z(meta.creationTimestamp)}\n`);
    w.write(0, `Requesting User:\t${spec.username ?? ""}\n`);
    if (spec.signerName) w.write(0, `Signer:\t${spec.signerName}\n`);
    if (spec.expirationSeconds !== undefined)
      w.write(0, `Requested Duration:\t${humanDuration(spec.expirationSeconds * 1000)}\n`);
    w.write(0, `Status:\t${csrStatus(csr)}\n`);
    w.write(0, "Subject:\n");
    w.write(0, `\tCommon Name:\t${request.commonName}\n`);
    w.write(0, `\tSerial Number:\t${request.serialNumber}\n`);
    printList(w, "Organization", request.organization);
    printList(w, "Organizational Unit", request.organizationalUnit);
    printList(w, "Country", request.country);
    printList(w, "Locality", request.locality);
    printList(w, "Province", request.province);
    printList(w, "StreetAddress", request.streetAddress);
    printList(w, "PostalCode", request.postalCode);
    const alternative = [request.dnsNames, request.emailAddresses, request.uris, request.ipAddresses];
    if (alternative.some((list) => list.length > 0)) {
      w.write(0, "Subject Alternative Names:\n");
      printList(w, "DNS Names", request.dnsNames);
      printList(w, "Email Addresses", request.emailAddresses);
      printList(w, "URIs", request.uris);
      printList(w, "IP Addresses", request.ipAddresses);
    }
    if (events) describeEvents(w, events, now);
  });
}
