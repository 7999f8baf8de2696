/**
 * kubectl's global connection flags turned into `@kr8s/core`'s `api()` options. Free of oclif so that the
 * completion entry point (`kr8s __complete`, run on every TAB) can use it without loading the CLI framework.
 */
import { join } from "node:path";
import type { Interfaces } from "@oclif/core";
import type { ApiOptions } from "@kr8s/core";
import type { connectionFlags } from "./flags.ts";

/**
 * The values of the connection flags (`connectionFlags` in flags.ts) as parsed: only those given are set.
 * Type-only imports: nothing of oclif is loaded.
 */
export type ConnectionFlagValues = Partial<
  Interfaces.InferredFlags<
    Omit<typeof connectionFlags, "v" | "request-timeout" | "disable-compression" | "warnings-as-errors">
  >
>;

/**
 * The `api()` options for these flags (client-go's `RecommendedConfigOverrideFlags` → core's `overrides`
 * and `impersonate`); `timeoutMs` > 0 bounds each request. An empty value is no override (kubectl's
 * `--user=`).
 */
export function apiOptionsFromFlags(f: ConnectionFlagValues, timeoutMs: number): ApiOptions {
  const impersonate = {
    ...(f.as ? { user: f.as } : {}),
    ...(f["as-group"]?.length ? { groups: [...f["as-group"]] } : {}),
    ...(f["as-uid"] ? { uid: f["as-uid"] } : {}),
  };
  const overrides = Object.fromEntries(
    Object.entries({
      cluster: f.cluster,
      user: f.user,
      server: f.server,
      certificateAuthority: f["certificate-authority"],
      insecureSkipTlsVerify: f["insecure-skip-tls-verify"] || undefined,
      tlsServerName: f["tls-server-name"],
      token: f.token,
      clientCertificate: f["client-certificate"],
      clientKey: f["client-key"],
      username: f.username,
      password: f.password,
    }).filter(([, value]) => value !== undefined && value !== ""),
  );
  return {
    ...(f.kubeconfig ? { kubeconfig: f.kubeconfig } : {}),
    ...(f.context ? { context: f.context } : {}),
    ...(f.namespace ? { namespace: f.namespace } : {}),
    // kubectl keeps discovery in `<cache-dir>/discovery/<host_port>/`; kr8s's own file sits in the same
    // per-server folder under its own name (discovery.json), beside client-go's files, never over them.
    ...(f["cache-dir"] ? { discoveryCacheDir: join(f["cache-dir"], "discovery") } : {}),
    ...(Object.keys(overrides).length > 0 ? { overrides } : {}),
    ...(Object.keys(impersonate).length > 0 ? { impersonate } : {}),
    ...(timeoutMs > 0 ? { requestTimeoutMs: timeoutMs } : {}),
  };
}
