/**
 * kubectl's global connection flags (`--cluster`, `--user`, `--server`, `--token`…) applied to the
 * kubeconfig entries they override, with client-go's merge rules (`clientcmd.ConfigOverrides` and
 * `DirectClientConfig.getCluster`/`getAuthInfo` in tools/clientcmd/client_config.go): a value given
 * replaces the entry's, an empty one leaves it alone, and a few fields travel together.
 */
import { open } from "node:fs/promises";
import { KubeConfigError } from "../errors.ts";
import { goPathError } from "./files.ts";
import type { KubeConfigCluster, KubeConfigUser } from "./kubeconfig.ts";

/**
 * Values that replace parts of the kubeconfig's choice, as kubectl's global flags do. Each field names the
 * flag it matches; an empty string counts as not given (kubectl ignores `--user=`). File paths are read
 * as given (relative to the working directory).
 */
export interface ConnectionOverrides {
  /** `--cluster`: the kubeconfig cluster to use instead of the context's. */
  cluster?: string;
  /** `--user`: the kubeconfig user to use instead of the context's. */
  user?: string;
  /**
   * `-s/--server`: the API server of the chosen cluster (its CA and other settings stay; its
   * `tls-server-name` is dropped unless `tlsServerName` is given too, as in client-go). Unlike the `url`
   * option, the kubeconfig is still read.
   */
  server?: string;
  /**
   * `--certificate-authority`: a CA file that replaces the cluster's CA (file or data) and turns off its
   * `insecure-skip-tls-verify`.
   */
  certificateAuthority?: string;
  /**
   * `--insecure-skip-tls-verify`: do not verify the server's certificate; the cluster's CA is dropped
   * (giving `certificateAuthority` as well is an error, as in kubectl).
   */
  insecureSkipTlsVerify?: boolean;
  /** `--tls-server-name`: the name to verify the server's certificate against (and send as SNI). */
  tlsServerName?: string;
  /**
   * `--token`: a bearer token. It takes the place of an exec plugin or auth-provider of the user; like
   * kubectl, a `tokenFile` of the user still wins over it, and with a client certificate both are sent.
   */
  token?: string;
  /** `--client-certificate`: a client certificate file (needs a key: the user's or `clientKey`). */
  clientCertificate?: string;
  /** `--client-key`: the client key file; used only with a client certificate. */
  clientKey?: string;
  /** `--username`: basic-auth user name (refused together with a token, as in kubectl). */
  username?: string;
  /** `--password`: basic-auth password. */
  password?: string;
}

/** The chosen cluster with the overrides applied (client-go `getCluster`). */
export function overrideCluster(
  cluster: KubeConfigCluster,
  overrides: ConnectionOverrides,
): KubeConfigCluster {
  const merged: KubeConfigCluster = { ...cluster };
  if (overrides.server) merged.server = overrides.server;
  const insecure = overrides.insecureSkipTlsVerify === true;
  if (insecure && overrides.certificateAuthority) {
    // kubectl's words (client-go's TLS config check): the two flags contradict each other.
    throw new KubeConfigError("specifying a root certificates file with the insecure flag is not allowed", {
      suggestions: ["give --certificate-authority or --insecure-skip-tls-verify, not both"],
    });
  }
  if (insecure || overrides.certificateAuthority) {
    // Flags replace the whole TLS trust: --insecure-skip-tls-verify clears the kubeconfig's CA (or the
    // pair would be refused), and --certificate-authority turns off its insecure-skip-tls-verify.
    delete merged["certificate-authority-data"];
    delete merged["certificate-authority"];
    merged["insecure-skip-tls-verify"] = insecure;
    if (overrides.certificateAuthority) merged["certificate-authority"] = overrides.certificateAuthority;
  }
  // A new --server makes the kubeconfig's tls-server-name (meant for the old address) void.
  if (overrides.tlsServerName) merged["tls-server-name"] = overrides.tlsServerName;
  else if (overrides.server) delete merged["tls-server-name"];
  return merged;
}

/**
 * The chosen user with the overrides applied (client-go `getAuthInfo`: the flags' non-empty values
 * replace the user's), or undefined when there is neither a user nor a credential flag.
 */
export function overrideUser(
  user: KubeConfigUser | undefined,
  overrides: ConnectionOverrides,
): KubeConfigUser | undefined {
  const given: KubeConfigUser = {};
  if (overrides.token) given.token = overrides.token;
  if (overrides.clientCertificate) given["client-certificate"] = overrides.clientCertificate;
  // client-go reads a key only for a certificate (a lone --client-key is ignored, not an error).
  const certified = Boolean(
    overrides.clientCertificate || user?.["client-certificate"] || user?.["client-certificate-data"],
  );
  if (overrides.clientKey && certified) given["client-key"] = overrides.clientKey;
  if (overrides.username) given.username = overrides.username;
  if (overrides.password) given.password = overrides.password;
  if (Object.keys(given).length === 0) return user;
  return { ...user, ...given };
}

/**
 * Whether client-go's checks of the configuration (`ConfirmUsable`) decide the messages: a flag gave a
 * credential or a file to read. kubectl runs them always; kr8s keeps its own messages, which name the
 * kubeconfig field, for what comes from the kubeconfig alone.
 */
export function overridesCredentials(overrides: ConnectionOverrides): boolean {
  return Boolean(
    overrides.token ||
    overrides.clientCertificate ||
    overrides.clientKey ||
    overrides.username ||
    overrides.password ||
    overrides.certificateAuthority,
  );
}

/**
 * client-go's checks of the user and cluster after the flags changed them (`DirectClientConfig.
 * ConfirmUsable`: `validateAuthInfo`, then `validateClusterInfo`'s CA file), every problem in its words
 * and order: certificate and certificate data both given, key and key data both given, a certificate
 * without a key, a certificate or key file that cannot be opened, more than one authentication method, a
 * CA file that cannot be opened. Paths are named as given (a flag's relative to the working directory).
 * @param userName - the user's kubeconfig name (`""` when the context has none).
 * @throws {KubeConfigError} with the problems in `problems`: its message is the one problem, or
 *   client-go's `invalid configuration: [a, b]` for several.
 */
export async function confirmUsable(
  userName: string,
  user: KubeConfigUser | undefined,
  clusterName: string,
  cluster: KubeConfigCluster,
): Promise<void> {
  const problems: string[] = [];
  const unopenable = async (path: string, what: string, name: string): Promise<void> => {
    try {
      await (await open(path, "r")).close();
    } catch (error) {
      problems.push(`unable to read ${what} ${path} for ${name} due to ${goPathError("open", path, error)}`);
    }
  };
  let credentialProblem = false;
  if (user?.["client-certificate"] || user?.["client-certificate-data"]) {
    const before = problems.length;
    if (user["client-certificate"] && user["client-certificate-data"])
      problems.push(
        `client-cert-data and client-cert are both specified for ${userName}. client-cert-data will override.`,
      );
    if (user["client-key"] && user["client-key-data"])
      problems.push(
        `client-key-data and client-key are both specified for ${userName}; client-key-data will override`,
      );
    if (!user["client-key"] && !user["client-key-data"])
      problems.push(
        `client-key-data or client-key must be specified for ${userName} to use the clientCert authentication method.`,
      );
    credentialProblem = problems.length > before;
    if (user["client-certificate"]) await unopenable(user["client-certificate"], "client-cert", userName);
    if (user["client-key"]) await unopenable(user["client-key"], "client-key", userName);
  }
  const methods = [
    ...(user?.token ? ["token"] : []),
    ...(user?.username || user?.password ? ["basicAuth"] : []),
  ];
  if (methods.length > 1) {
    credentialProblem = true;
    problems.push(
      `more than one authentication method found for ${userName}; found [${methods.join(" ")}], only one is allowed`,
    );
  }
  if (cluster["certificate-authority"])
    await unopenable(cluster["certificate-authority"], "certificate-authority", clusterName);
  if (problems.length === 0) return;
  throw new KubeConfigError(
    problems.length === 1 ? (problems[0] ?? "") : `invalid configuration: [${problems.join(", ")}]`,
    {
      problems,
      ...(credentialProblem
        ? { suggestions: ["drop the flag, or choose a user without that credential with --user"] }
        : {}),
    },
  );
}
