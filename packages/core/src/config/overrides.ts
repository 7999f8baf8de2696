/**
 * kubectl's global connection flags (`--cluster`, `--user`, `--server`, `--token`…) applied to the
 * kubeconfig entries they override, with client-go's merge rules (`clientcmd.ConfigOverrides` and
 * `DirectClientConfig.getCluster`/`getAuthInfo` in tools/clientcmd/client_config.go): a value given
 * replaces the entry's, an empty one leaves it alone, and a few fields travel together.
 */
import { KubeConfigError } from "../errors.ts";
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

/** Whether the overrides change the user's credentials (and so call for client-go's checks of them). */
export function overridesCredentials(overrides: ConnectionOverrides): boolean {
  return Boolean(
    overrides.token ||
    overrides.clientCertificate ||
    overrides.clientKey ||
    overrides.username ||
    overrides.password,
  );
}

/**
 * client-go's checks of a user the flags changed (`validateAuthInfo`), with its messages: a certificate
 * and certificate data, a certificate without a key, a token and a password together.
 * @throws {KubeConfigError} naming the user (`userName`, `""` when the context has none).
 */
export function checkOverriddenUser(userName: string, user: KubeConfigUser): void {
  const refuse = (message: string): never => {
    throw new KubeConfigError(message, {
      suggestions: ["drop the flag, or choose a user without that credential with --user"],
    });
  };
  if (user["client-certificate"] || user["client-certificate-data"]) {
    if (user["client-certificate"] && user["client-certificate-data"])
      refuse(
        `client-cert-data and client-cert are both specified for ${userName}. client-cert-data will override.`,
      );
    if (user["client-key"] && user["client-key-data"])
      refuse(
        `client-key-data and client-key are both specified for ${userName}; client-key-data will override`,
      );
    if (!user["client-key"] && !user["client-key-data"])
      refuse(
        `client-key-data or client-key must be specified for ${userName} to use the clientCert authentication method.`,
      );
  }
  const methods = [
    ...(user.token ? ["token"] : []),
    ...(user.username || user.password ? ["basicAuth"] : []),
  ];
  if (methods.length > 1)
    refuse(
      `more than one authentication method found for ${userName}; found [${methods.join(" ")}], only one is allowed`,
    );
}
