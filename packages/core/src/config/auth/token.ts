import type { CredentialSource, Credentials } from "../types.ts";

export interface StaticCredentialOptions {
  /** Identifies the configuration (a digest of the user entry); never the token itself. */
  id: string;
  token?: string;
  clientCertificate?: string;
  clientKey?: string;
  /** `username`/`password` of the user entry, sent as HTTP basic auth when there is no token. */
  basic?: { username: string; password: string };
}

/**
 * Credentials written into the kubeconfig: a static bearer `token`, a client certificate, or basic auth. A 401
 * cannot be fixed by refreshing them, so `invalidate` returns false.
 */
export function createStaticCredentialSource(options: StaticCredentialOptions): CredentialSource {
  const credentials: Credentials = { generation: 1 };
  if (options.token !== undefined) credentials.token = options.token;
  if (options.clientCertificate !== undefined) credentials.clientCertificate = options.clientCertificate;
  if (options.clientKey !== undefined) credentials.clientKey = options.clientKey;
  if (options.basic !== undefined) credentials.basic = { ...options.basic };
  Object.freeze(credentials);
  return { id: options.id, get: () => Promise.resolve(credentials), invalidate: () => false };
}
