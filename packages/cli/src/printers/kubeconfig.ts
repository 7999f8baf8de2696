/**
 * `kubectl config view` output: client-go's `clientcmd/api/v1` types serialised the way kubectl does.
 * JSON keeps the Go structs' field order; YAML sorts keys (sigs.k8s.io/yaml). A list with no entries is
 * `null`, because client-go's lists have no `omitempty`.
 */
import type { ContextSummary, KubeConfigObject } from "@kr8s/core";
import { sortKeys } from "./go-json.ts";
import { formatStructured } from "./structured.ts";
import { formatTable } from "./table.ts";

type KubeConfigUserView = NonNullable<KubeConfigObject["users"]>[number]["user"];

/** Field order of client-go's v1 `Config`, `Cluster`, `AuthInfo` and `Context` structs. */
const CONFIG_ORDER = [
  "kind",
  "apiVersion",
  "preferences",
  "clusters",
  "users",
  "contexts",
  "current-context",
];
const CLUSTER_ORDER = [
  "server",
  "tls-server-name",
  "insecure-skip-tls-verify",
  "certificate-authority",
  "certificate-authority-data",
  "proxy-url",
  "disable-compression",
];
const USER_ORDER = [
  "client-certificate",
  "client-certificate-data",
  "client-key",
  "client-key-data",
  "token",
  "tokenFile",
  "as",
  "as-uid",
  "as-groups",
  "as-user-extra",
  "username",
  "password",
  "auth-provider",
  "exec",
];
const CONTEXT_ORDER = ["cluster", "user", "namespace"];
/** client-go's v1 `ExecConfig` and `ExecEnvVar`. */
const EXEC_ORDER = [
  "command",
  "args",
  "env",
  "apiVersion",
  "installHint",
  "provideClusterInfo",
  "interactiveMode",
];
const ENV_ORDER = ["name", "value"];
/** client-go's v1 `AuthProviderConfig`. */
const AUTH_PROVIDER_ORDER = ["name", "config"];

/** Keys of `value` in `order` first, then the rest in their own order (Go would drop unknown fields). */
function ordered<T extends object>(value: T, order: readonly string[]): T {
  const entries = Object.entries(value);
  const rank = (key: string): number => {
    const index = order.indexOf(key);
    return index < 0 ? order.length : index;
  };
  return Object.fromEntries(entries.sort(([a], [b]) => rank(a) - rank(b))) as T;
}

/**
 * A user as kubectl serialises it: the struct order down into `exec` and `auth-provider`, and the fields
 * client-go writes even when empty (`exec`'s `command`, `args`, `env`, `provideClusterInfo`; the auth
 * provider's `config`). `sortMaps`: the auth provider's `config` as a Go map for JSON (keys in byte order,
 * see `sortKeys`); YAML sorts every key anyway.
 */
function serialisableUser(user: KubeConfigUserView, sortMaps: boolean): Record<string, unknown> {
  const { exec, "auth-provider": authProvider } = user;
  return ordered(
    {
      ...user,
      ...(exec
        ? {
            exec: ordered(
              {
                ...exec,
                command: exec.command ?? "",
                args: exec.args ?? null,
                env: exec.env?.map((e) => ordered(e, ENV_ORDER)) ?? null,
                provideClusterInfo: exec.provideClusterInfo ?? false,
              },
              EXEC_ORDER,
            ),
          }
        : {}),
      ...(authProvider
        ? {
            "auth-provider": ordered(
              {
                ...authProvider,
                config:
                  authProvider.config === undefined
                    ? null
                    : sortMaps
                      ? sortKeys(authProvider.config)
                      : authProvider.config,
              },
              AUTH_PROVIDER_ORDER,
            ),
          }
        : {}),
    },
    USER_ORDER,
  );
}

/** The view as kubectl serialises it, before printing. */
function serialisable(view: KubeConfigObject, sortMaps: boolean): Record<string, unknown> {
  const orNull = <T>(list: readonly T[] | undefined): readonly T[] | null =>
    list === undefined || list.length === 0 ? null : list;
  return ordered(
    {
      ...view,
      preferences: view.preferences ?? {},
      clusters: orNull(
        view.clusters?.map((c) => ({ name: c.name, cluster: ordered(c.cluster, CLUSTER_ORDER) })),
      ),
      users: orNull(view.users?.map((u) => ({ name: u.name, user: serialisableUser(u.user, sortMaps) }))),
      contexts: orNull(
        view.contexts?.map((c) => ({ name: c.name, context: ordered(c.context, CONTEXT_ORDER) })),
      ),
    },
    CONFIG_ORDER,
  );
}

/** `kubectl config view [-o json|yaml]`. */
export function formatKubeConfigView(view: KubeConfigObject, format: "json" | "yaml"): string {
  return formatStructured(serialisable(view, format === "json"), format);
}

/**
 * `kubectl config get-contexts`'s table: the current context starred; `headers: false` for
 * `--no-headers`.
 */
export function formatContexts(contexts: readonly ContextSummary[], headers: boolean): string {
  const rows = contexts.map((c) => [c.current ? "*" : "", c.name, c.cluster, c.user, c.namespace ?? ""]);
  return formatTable(headers ? [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"], ...rows] : rows);
}

/** `kubectl config get-clusters` / `get-users`: a NAME column. */
export function formatNames(names: readonly string[]): string {
  return formatTable([["NAME"], ...names.map((name) => [name])]);
}
