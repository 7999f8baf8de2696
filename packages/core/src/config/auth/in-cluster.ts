import { join } from "node:path";
import type { CredentialSource } from "../types.ts";
import { createTokenFileCredentialSource } from "./token-file.ts";

/** Where the kubelet mounts a pod's service-account token, CA and namespace. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/**
 * The pod's service-account token (`<dir>/token`). Bound tokens rotate (about hourly), so the file is
 * read again before each request (a new token is used at once) and after a 401.
 */
export function createInClusterCredentialSource(
  options: { serviceAccountDir?: string } = {},
): CredentialSource {
  const dir = options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  return createTokenFileCredentialSource({ id: `in-cluster:${dir}`, path: join(dir, "token") });
}
