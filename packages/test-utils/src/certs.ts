// Client certificates signed by the cluster CA, made with the system openssl (no dependency). Tests use
// `mintClientCert` too, e.g. for an exec credential plugin that returns a client certificate.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { run } from "./exec.ts";

export interface MintClientCertOptions {
  readonly caCert: string;
  readonly caKey: string;
  /** Becomes the Kubernetes user name (certificate CN). */
  readonly commonName: string;
  /** Become the Kubernetes groups (certificate O fields). */
  readonly groups?: readonly string[];
  /** Directory to write `<commonName>.crt` and `<commonName>.key` into. */
  readonly outDir: string;
  /** @default 365 */
  readonly days?: number;
}

export interface ClientCert {
  readonly certPath: string;
  readonly keyPath: string;
  readonly certPem: string;
  readonly keyPem: string;
}

/** Mints an EC P-256 client certificate for `commonName` in `groups`, signed by the cluster CA. */
export async function mintClientCert(options: MintClientCertOptions): Promise<ClientCert> {
  const { caCert, caKey, commonName, outDir } = options;
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  const base = join(outDir, fileSafe(commonName));
  const keyPath = `${base}.key`;
  const csrPath = `${base}.csr`;
  const extPath = `${base}.ext`;
  const certPath = `${base}.crt`;
  const subject = [
    `/CN=${subjectValue(commonName)}`,
    ...(options.groups ?? []).map((g) => `/O=${subjectValue(g)}`),
  ].join("");

  await openssl([
    "req",
    "-new",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    keyPath,
    "-subj",
    subject,
    "-out",
    csrPath,
  ]);
  // kube-apiserver accepts certificates without EKU too; clientAuth keeps them honest for other verifiers.
  await writeFile(
    extPath,
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n",
  );
  await openssl([
    "x509",
    "-req",
    "-in",
    csrPath,
    "-CA",
    caCert,
    "-CAkey",
    caKey,
    "-set_serial",
    `0x${randomBytes(16).toString("hex")}`,
    "-days",
    String(options.days ?? 365),
    "-sha256",
    "-extfile",
    extPath,
    "-out",
    certPath,
  ]);
  await Promise.all([rm(csrPath, { force: true }), rm(extPath, { force: true })]);
  const [certPem, keyPem] = await Promise.all([readFile(certPath, "utf8"), readFile(keyPath, "utf8")]);
  return { certPath, keyPath, certPem, keyPem };
}

/** Runs the system openssl; a non-zero exit becomes an error carrying its stderr. */
export async function openssl(args: readonly string[]): Promise<void> {
  const result = await run("openssl", args);
  if (result.exitCode !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr.trim()}`);
}

// In openssl's -subj syntax `/` separates fields and `+` joins multi-valued RDNs.
function subjectValue(value: string): string {
  return value.replace(/[/+\\]/g, (c) => `\\${c}`);
}

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, "_");
}
