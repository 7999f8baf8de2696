/** Headers every request of a transport carries. */
import { arch, platform } from "node:process";
import type { Credentials, Impersonation } from "../config/types.ts";

/** Version reported in the User-Agent. */
export const KR8S_VERSION = "0.0.0";

const GO_ARCH: Readonly<Record<string, string>> = { x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm" };

/** `kr8s/<version> (linux/amd64) node/v24.x`, shaped like kubectl's `kubectl/v1.x (linux/amd64) kubernetes/abc`. */
export function defaultUserAgent(): string {
  return `kr8s/${KR8S_VERSION} (${platform}/${GO_ARCH[arch] ?? arch}) node/${process.version}`;
}

/**
 * `Impersonate-User`, one `Impersonate-Group` per group, `Impersonate-Uid`, and `Impersonate-Extra-<key>`
 * (one header per value; the key is percent-encoded as the API server expects).
 */
export function impersonationHeaders(
  impersonate: Impersonation | undefined,
): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  if (!impersonate) return headers;
  if (impersonate.user) headers["impersonate-user"] = impersonate.user;
  if (impersonate.groups && impersonate.groups.length > 0)
    headers["impersonate-group"] = [...impersonate.groups];
  if (impersonate.uid) headers["impersonate-uid"] = impersonate.uid;
  for (const [key, values] of Object.entries(impersonate.extra ?? {})) {
    if (values.length > 0) headers[`impersonate-extra-${encodeURIComponent(key)}`] = [...values];
  }
  return headers;
}

/** `Bearer <token>`, else `Basic <user:password>` (legacy clusters), else undefined (client certificate only). */
export function authorizationHeader(credentials: Credentials): string | undefined {
  if (credentials.token) return `Bearer ${credentials.token}`;
  if (credentials.basic) {
    const { username, password } = credentials.basic;
    return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }
  return undefined;
}
