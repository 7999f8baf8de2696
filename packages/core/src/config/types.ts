/**
 * The contract between configuration (what to connect to and as whom) and the HTTP layer
 * (how bytes get there). `config/` produces a {@link ConnectionConfig}; `http/` consumes it.
 */

/** Credentials presented on a request at one point in time. */
export interface Credentials {
  /** Bearer token for the Authorization header. */
  token?: string;
  /** PEM client certificate (chain) for mutual TLS. */
  clientCertificate?: string;
  /** PEM private key of `clientCertificate`. */
  clientKey?: string;
  /**
   * HTTP basic auth (`users[].user.username`/`password`), for the rare clusters that still accept it.
   * Sent as `Authorization: Basic …` only when there is no `token`.
   */
  basic?: { username: string; password: string };
  /** When these credentials stop being valid, if known. */
  expiresAt?: Date;
  /**
   * Increases every time the source produces new credentials. The transport passes it back to
   * {@link CredentialSource.invalidate} after a 401 so that one generation is refreshed at most once,
   * however many requests failed with it concurrently.
   */
  generation: number;
}

/** Produces (and refreshes) credentials for one kubeconfig user / in-cluster identity. */
export interface CredentialSource {
  /** Stable text identifying the credential configuration, never containing a secret (a hash is fine). */
  readonly id: string;
  /** Current credentials; cached as the method allows (token file re-read on change, exec until expiry…). */
  get(signal?: AbortSignal): Promise<Credentials>;
  /**
   * The server answered 401 to credentials of `generation`. If that is still the current generation,
   * drop it so the next `get()` refreshes (re-runs the exec plugin, re-reads the file, refreshes OIDC).
   * Returns true when a refresh is worth trying (the source can produce something new).
   */
  invalidate(generation: number): boolean;
}

/** TLS settings of a cluster, with file contents already loaded. */
export interface TLSConfig {
  /** PEM CA bundle to trust instead of the system roots. */
  ca?: string;
  insecureSkipTLSVerify: boolean;
  /** SNI / verification name, when it differs from the server URL's host (`tls-server-name`). */
  serverName?: string;
}

/** Impersonation headers (`Impersonate-User`, `-Group`, `-Uid`, `-Extra-*`). */
export interface Impersonation {
  user?: string;
  groups?: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

/** Everything the transport needs to talk to one cluster as one identity. */
export interface ConnectionConfig {
  /** Base URL of the API server, e.g. `https://127.0.0.1:6443` (no trailing slash). */
  server: string;
  /** The namespace requests default to (resolved like kubectl). */
  namespace: string;
  /** Name of the kubeconfig context in use, if any. */
  contextName?: string;
  tls: TLSConfig;
  credentials: CredentialSource;
  impersonate?: Impersonation;
  /** Explicit proxy (`proxy-url` in the kubeconfig); otherwise HTTPS_PROXY/NO_PROXY apply. */
  proxyUrl?: string;
  /** The cluster's `disable-compression: true`: do not ask for gzip-compressed responses. */
  disableCompression?: boolean;
}
