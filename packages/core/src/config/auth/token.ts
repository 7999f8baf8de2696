import type { CredentialSource, Credentials } from "../types.ts";

export interface StaticCredentialOptions {
  /** Identifies the configuration (a digest of the user entry); never the token itself. */
  id: string;
  token?: string;
  clientCertificate?: string;
  clientKey?: string;
}

/**
 * Credentials written into the kubeconfig: a static bearer `token` and/or a client certificate. A 401
 * cannot be fixed by refreshing them, so `invalidate` returns false.
 */
export function createStaticCredentialSource(options: StaticCredentialOptions): CredentialSource {
  const credentials: Credentials = { generation: 1 };
  if (options.token !== undefined) credentials.token = options.token;
  if (options.clientCertificate !== undefined) credentials.clientCertificate = options.clientCertificate;
  if (options.clientKey !== undefined) credentials.clientKey = options.clientKey;
  Object.freeze(credentials);
  return { id: options.id, get: () => Promise.resolve(credentials), invalidate: () => false };
}

/** A static bearer token (`users[].user.token`). */
export function createTokenCredentialSource(options: { id: string; token: string }): CredentialSource {
  return createStaticCredentialSource(options);
}
