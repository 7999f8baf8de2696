import { KubeConfigError } from "../../errors.ts";
import { readFlagFile, readReferencedFile } from "../files.ts";
import { decodePemData } from "../pem.ts";
import type { CredentialSource } from "../types.ts";
import { CachedCredentialSource } from "./cached-source.ts";
import { fileVersion } from "./token-file.ts";

export interface ClientCertificateOptions {
  id: string;
  /** The user entry's name, for error fields such as `users[admin].client-key`. */
  userName: string;
  /** The kubeconfig the entry came from, for error messages. */
  file?: string | undefined;
  certificateFile?: string;
  certificateData?: string;
  keyFile?: string;
  keyData?: string;
  /** A static bearer token sent alongside the certificate, when the entry has both. */
  token?: string;
  /** The flag that named `certificateFile` (`--client-certificate`), when a flag did: errors name it. */
  certificateFlag?: string;
  /** The flag that named `keyFile` (`--client-key`), when a flag did. */
  keyFlag?: string;
}

/**
 * Mutual-TLS client certificate from `client-certificate(-data)` and `client-key(-data)`. Files are read
 * now (so a missing file is reported at once) and re-read when they change, as client-go does for
 * rotated certificates.
 * @throws {KubeConfigError} naming the file and field when a file is missing or only one half is set.
 */
export async function createClientCertificateCredentialSource(
  options: ClientCertificateOptions,
): Promise<CredentialSource> {
  const field = (name: string): string => `users[${options.userName}].${name}`;
  const where = { file: options.file };
  const hasCert = options.certificateFile !== undefined || options.certificateData !== undefined;
  const hasKey = options.keyFile !== undefined || options.keyData !== undefined;
  if (hasCert !== hasKey) {
    const missing = hasCert ? "client-key" : "client-certificate";
    throw new KubeConfigError(
      `${missing} (or ${missing}-data) is required with ${hasCert ? "client-certificate" : "client-key"}`,
      {
        ...where,
        field: field(missing),
      },
    );
  }
  // A file named by a flag is reported as kubectl reports it; one from the kubeconfig names its field.
  const readFile = (path: string, flag: string | undefined, name: string, what: string): Promise<string> =>
    flag === undefined ? readReferencedFile(path, field(name), what) : readFlagFile(path, flag);
  const readCert = (): Promise<string> =>
    options.certificateData !== undefined
      ? Promise.resolve(
          decodePemData(options.certificateData, field("client-certificate-data"), options.file),
        )
      : readFile(
          options.certificateFile ?? "",
          options.certificateFlag,
          "client-certificate",
          "client certificate",
        );
  const readKey = (): Promise<string> =>
    options.keyData !== undefined
      ? Promise.resolve(decodePemData(options.keyData, field("client-key-data"), options.file))
      : readFile(options.keyFile ?? "", options.keyFlag, "client-key", "client key");
  const files = [options.certificateFile, options.keyFile].filter((f): f is string => f !== undefined);
  const versionOf = async (): Promise<string> => (await Promise.all(files.map(fileVersion))).join("|");

  // Read once now: configuration errors belong to resolveConnection, not to the first request.
  let initial: [string, string] | undefined = [await readCert(), await readKey()];
  let loadedVersion = await versionOf();
  return new CachedCredentialSource({
    id: options.id,
    refreshable: files.length > 0,
    load: async () => {
      let pair = initial;
      initial = undefined;
      // The pair read at creation serves the first request unless the files rotated since then (an api()
      // client may be created long before its first request).
      if (pair !== undefined && (await versionOf().catch(() => loadedVersion)) !== loadedVersion)
        pair = undefined;
      if (pair === undefined) {
        // Versioned before the read, so a rotation during the read shows as stale on the next request.
        const version = await versionOf();
        pair = [await readCert(), await readKey()];
        loadedVersion = version;
      }
      const [clientCertificate, clientKey] = pair;
      return options.token === undefined
        ? { clientCertificate, clientKey }
        : { clientCertificate, clientKey, token: options.token };
    },
    isStale: async () => {
      try {
        return (await versionOf()) !== loadedVersion;
      } catch {
        return false;
      }
    },
  });
}
