/**
 * `resolveConnection()`: what kubectl would connect to, and as whom. Sources in kubectl's order:
 * explicit `url` → explicit `kubeconfig` → `KUBECONFIG` → `~/.kube/config` → in-cluster service account.
 */
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { debuglog } from "node:util";
import { KubeConfigError } from "../errors.ts";
import { createAnonymousCredentialSource } from "./auth/anonymous.ts";
import { createClientCertificateCredentialSource } from "./auth/client-certificate.ts";
import { createExecCredentialSource, type ExecClusterInfo } from "./auth/exec.ts";
import { createInClusterCredentialSource, SERVICE_ACCOUNT_DIR } from "./auth/in-cluster.ts";
import { createOidcCredentialSource } from "./auth/oidc.ts";
import { createStaticCredentialSource } from "./auth/token.ts";
import { createTokenFileCredentialSource } from "./auth/token-file.ts";
import { persistAuthProviderConfig } from "./document.ts";
import { digest, fileError, readFlagFile, readReferencedFile } from "./files.ts";
import {
  defaultKubeConfigPath,
  isEmptyKubeConfig,
  kubeConfigLocations,
  loadKubeConfig,
  type KubeConfig,
  type KubeConfigCluster,
  type KubeConfigEntry,
  type KubeConfigSource,
  type KubeConfigUser,
} from "./kubeconfig.ts";
import { checkProxyUrl } from "../http/proxy.ts";
import {
  confirmUsable,
  overrideCluster,
  overridesCredentials,
  overrideUser,
  type ConnectionOverrides,
} from "./overrides.ts";
import { decodePemData } from "./pem.ts";
import { serverUrl } from "./server-url.ts";
import type { ConnectionConfig, CredentialSource, Credentials, Impersonation, TLSConfig } from "./types.ts";

// NODE_DEBUG=kr8s shows which source was chosen (never a credential).
const debug = debuglog("kr8s");

/** Where to connect and as whom. Every field is optional: by default kr8s does what kubectl does. */
export interface ResolveConnectionOptions {
  /**
   * API server URL. Skips the kubeconfig; requests are anonymous unless `serviceAccount` is given. A
   * `host:port` without a scheme means `http://host:port`, as kubectl's `--server` does.
   */
  url?: string;
  /** A kubeconfig path (must exist), a list of paths (merged like `KUBECONFIG`) or a parsed kubeconfig. */
  kubeconfig?: KubeConfigSource;
  /** Context to use instead of `current-context`. */
  context?: string;
  /** Namespace to use instead of the context's / service account's / `default`. */
  namespace?: string;
  /** Service-account directory (token, ca.crt, namespace). @default "/var/run/secrets/kubernetes.io/serviceaccount" */
  serviceAccount?: string;
  /**
   * Impersonation (kubectl's `--as`, `--as-group`, `--as-uid`); each field given here replaces the kubeconfig
   * user's `as`, `as-groups`, `as-uid`, `as-user-extra`. Groups, a UID or extras without a user are refused,
   * as kubectl refuses them.
   */
  impersonate?: Impersonation;
  /**
   * kubectl's global connection flags (`--cluster`, `--user`, `--server`, `--token`, `--certificate-authority`…)
   * applied to the kubeconfig's choice with client-go's merge rules: see {@link ConnectionOverrides}. With
   * `server`, an empty or missing kubeconfig is fine (kubectl's `--server … --token …` without a kubeconfig).
   */
  overrides?: ConnectionOverrides;
  /**
   * Environment to read `KUBECONFIG`, `KUBERNETES_SERVICE_*` and `HOME` from. Exec plugins run with
   * `process.env` overlaid with it (so passing `{ KUBECONFIG }` alone does not strip their `PATH`).
   * @default process.env
   */
  env?: NodeJS.ProcessEnv;
  /** Home directory for `~/.kube/config`. @default $HOME / os.homedir() */
  homeDir?: string;
  /** Whether exec plugins may prompt the user. @default process.stdin.isTTY */
  interactive?: boolean;
}

/**
 * Resolves the connection kubectl would use.
 * @example
 * const connection = await resolveConnection({ context: "kind-dev", namespace: "web" });
 * @throws {KubeConfigError} when no configuration exists, a file is missing or invalid, or the context,
 * cluster or user is unknown (with `suggestions`).
 */
export async function resolveConnection(options: ResolveConnectionOptions = {}): Promise<ConnectionConfig> {
  const env = options.env ?? process.env;
  const homeDir = options.homeDir === undefined ? {} : { homeDir: options.homeDir };
  if (options.url !== undefined) return fromUrl(options.url, options);
  const config = await loadKubeConfig(options.kubeconfig, { env, ...homeDir });
  const overridden = Boolean(options.overrides?.server);
  if (
    options.kubeconfig !== undefined ||
    !isEmptyKubeConfig(config) ||
    options.context !== undefined ||
    overridden
  ) {
    if (isEmptyKubeConfig(config) && options.context === undefined && !overridden) {
      throw new KubeConfigError("the kubeconfig defines no contexts", {
        file: config.files[0],
        suggestions: ["add a context with `kr8s config set-context`, or pass a different kubeconfig"],
      });
    }
    return fromKubeConfig(config, options);
  }
  const { KUBERNETES_SERVICE_HOST: host, KUBERNETES_SERVICE_PORT: port } = env;
  if (host && port) {
    debug("config: no kubeconfig found; using the in-cluster service account");
    return fromInCluster(host, port, options);
  }
  const locations = kubeConfigLocations({ env, ...homeDir });
  throw new KubeConfigError(`no Kubernetes configuration found (looked in ${locations.files.join(", ")})`, {
    suggestions: [
      "set KUBECONFIG to the path of a kubeconfig file",
      `or create ${defaultKubeConfigPath({ env: {}, ...homeDir })}`,
      "or run inside a pod, where KUBERNETES_SERVICE_HOST and the service-account token are available",
    ],
  });
}

// ---- explicit URL and in-cluster -------------------------------------------------------------------

async function fromUrl(url: string, options: ResolveConnectionOptions): Promise<ConnectionConfig> {
  const server = serverUrl(url);
  if (server === undefined) {
    // The value is not echoed: a URL may carry a password.
    throw new KubeConfigError("the url option is not an http(s) URL or a host:port", {
      suggestions: ["pass the API server as https://host:port"],
    });
  }
  if (options.serviceAccount === undefined) {
    return withOptional(
      {
        server,
        namespace: options.namespace ?? "default",
        tls: { insecureSkipTLSVerify: false },
        credentials: createAnonymousCredentialSource(),
      },
      {
        impersonate: impersonation(undefined, options.impersonate),
      },
    );
  }
  return serviceAccountConnection(server, options.serviceAccount, options);
}

async function fromInCluster(
  host: string,
  port: string,
  options: ResolveConnectionOptions,
): Promise<ConnectionConfig> {
  const bracketed = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return serviceAccountConnection(
    `https://${bracketed}:${port}`,
    options.serviceAccount ?? SERVICE_ACCOUNT_DIR,
    options,
  );
}

async function serviceAccountConnection(
  server: string,
  dir: string,
  options: ResolveConnectionOptions,
): Promise<ConnectionConfig> {
  const tokenPath = join(dir, "token");
  await stat(tokenPath).catch((error: unknown) => {
    throw fileError(tokenPath, error, "service-account token", {
      suggestions: ["check that the pod mounts a service-account token (automountServiceAccountToken)"],
    });
  });
  // client-go carries on without the CA when ca.crt is unreadable; the TLS handshake reports it then.
  const ca = await readOptional(join(dir, "ca.crt"));
  const tls: TLSConfig =
    ca === undefined ? { insecureSkipTLSVerify: false } : { ca, insecureSkipTLSVerify: false };
  const namespace = options.namespace ?? (await readOptional(join(dir, "namespace")))?.trim() ?? "default";
  return withOptional(
    {
      server,
      namespace: namespace || "default",
      tls,
      credentials: createInClusterCredentialSource({ serviceAccountDir: dir }),
    },
    { impersonate: impersonation(undefined, options.impersonate) },
  );
}

// ---- kubeconfig -----------------------------------------------------------------------------------

async function fromKubeConfig(
  config: KubeConfig,
  options: ResolveConnectionOptions,
): Promise<ConnectionConfig> {
  const overrides = options.overrides ?? {};
  const contextNames = [...config.contexts.keys()];
  const available =
    contextNames.length > 0
      ? [`available contexts: ${contextNames.join(", ")}`]
      : ["the kubeconfig defines no contexts"];
  const firstFile = { file: config.files[0] };
  const availableUsers = `available users: ${[...config.users.keys()].join(", ") || "none"}`;
  const availableClusters = `available clusters: ${[...config.clusters.keys()].join(", ") || "none"}`;
  // client-go looks up the users and clusters named by flags before the context (getAuthInfo first).
  const userOverride = overrides.user ? config.users.get(overrides.user) : undefined;
  if (overrides.user && userOverride === undefined) {
    throw new KubeConfigError(`auth info "${overrides.user}" does not exist`, {
      suggestions: [availableUsers],
    });
  }
  const clusterOverride = overrides.cluster ? config.clusters.get(overrides.cluster) : undefined;
  if (overrides.cluster && clusterOverride === undefined) {
    throw new KubeConfigError(`cluster "${overrides.cluster}" does not exist`, {
      suggestions: [availableClusters],
    });
  }
  const contextName = options.context ?? config.currentContext;
  // Without a context, flags naming the server or a cluster are enough (kubectl --server=… --token=…).
  const contextless = contextName === undefined && Boolean(overrides.server || overrides.cluster);
  if (contextName === undefined && !contextless) {
    throw new KubeConfigError("current-context is not set", {
      ...firstFile,
      field: "current-context",
      suggestions: [...available, "choose one with `kr8s config use-context <name>` or pass a context"],
    });
  }
  const context =
    contextName === undefined
      ? { name: "", value: { cluster: "" }, file: undefined }
      : config.contexts.get(contextName);
  if (context === undefined) {
    throw new KubeConfigError(`context "${contextName}" not found`, {
      ...(options.context === undefined
        ? { ...fileOf(config.currentContextFile), field: "current-context" }
        : firstFile),
      suggestions: available,
    });
  }
  const contextCluster = clusterOverride ?? config.clusters.get(context.value.cluster);
  if (contextCluster === undefined && !overrides.server) {
    throw new KubeConfigError(`cluster "${context.value.cluster}" of context "${contextName}" not found`, {
      ...fileOf(context.file),
      field: `contexts[${contextName}].cluster`,
      suggestions: [availableClusters],
    });
  }
  const userName = overrides.user || context.value.user;
  const contextUser = userOverride ?? (userName ? config.users.get(userName) : undefined);
  if (userName && contextUser === undefined) {
    throw new KubeConfigError(`user "${userName}" of context "${contextName}" not found`, {
      ...fileOf(context.file),
      field: `contexts[${contextName}].user`,
      suggestions: [availableUsers],
    });
  }
  const cluster = {
    name: contextCluster?.name ?? context.value.cluster,
    file: contextCluster?.file,
    value: overrideCluster(contextCluster?.value ?? {}, overrides),
  };
  const userValue = overrideUser(contextUser?.value, overrides);
  if (overridesCredentials(overrides))
    await confirmUsable(userName ?? "", userValue, cluster.name, cluster.value);
  const user =
    userValue === undefined ? undefined : { name: userName ?? "", file: contextUser?.file, value: userValue };

  const rawServer = cluster.value.server;
  if (rawServer === undefined || rawServer === "") {
    throw new KubeConfigError(`cluster "${cluster.name}" has no server`, {
      ...fileOf(cluster.file),
      field: `clusters[${cluster.name}].server`,
    });
  }
  const server = serverUrl(rawServer);
  if (server === undefined) {
    // The value is not echoed: a URL may carry a password.
    throw new KubeConfigError("the server is not an http(s) URL or a host:port", {
      ...(overrides.server
        ? { suggestions: ["pass --server as https://host:port"] }
        : {
            ...fileOf(cluster.file),
            field: `clusters[${cluster.name}].server`,
            suggestions: ["write the API server as https://host:port"],
          }),
    });
  }
  debug(
    "config: context %s (cluster %s, user %s) from %s",
    contextName ?? "<none>",
    cluster.name,
    userName || "<none>",
    context.file ?? "<object>",
  );
  // A CA file from --certificate-authority is named as the flag in errors, not as a kubeconfig field.
  const tls = await clusterTLS(
    cluster,
    overrides.certificateAuthority ? "--certificate-authority" : undefined,
  );
  const credentials =
    user === undefined
      ? createAnonymousCredentialSource()
      : await credentialSource(user, cluster, tls, options);

  const namespace =
    options.namespace || context.value.namespace || (await serviceAccountNamespace(options)) || "default";
  return withOptional(
    { server, namespace, ...(contextName === undefined ? {} : { contextName }), tls, credentials },
    {
      impersonate: impersonation(user?.value, options.impersonate, userName ?? ""),
      proxyUrl: cluster.value["proxy-url"]
        ? checkProxyUrl(cluster.value["proxy-url"], {
            ...fileOf(cluster.file),
            field: `clusters[${cluster.name}].proxy-url`,
          })
        : undefined,
      disableCompression: cluster.value["disable-compression"] === true ? true : undefined,
    },
  );
}

async function clusterTLS(cluster: KubeConfigEntry<KubeConfigCluster>, caFlag?: string): Promise<TLSConfig> {
  const { value, name, file } = cluster;
  const insecure = value["insecure-skip-tls-verify"] === true;
  let ca: string | undefined;
  if (value["certificate-authority-data"]) {
    ca = decodePemData(
      value["certificate-authority-data"],
      `clusters[${name}].certificate-authority-data`,
      file,
    );
  } else if (value["certificate-authority"]) {
    ca =
      caFlag === undefined
        ? await readReferencedFile(
            value["certificate-authority"],
            `clusters[${name}].certificate-authority`,
            "certificate authority",
          )
        : await readFlagFile(value["certificate-authority"], caFlag);
  }
  if (insecure && ca !== undefined) {
    // client-go refuses this combination rather than silently ignoring one of them.
    throw new KubeConfigError("insecure-skip-tls-verify cannot be combined with a certificate authority", {
      ...fileOf(file),
      field: `clusters[${name}].insecure-skip-tls-verify`,
    });
  }
  const tls: TLSConfig = { insecureSkipTLSVerify: insecure };
  if (ca !== undefined) tls.ca = ca;
  if (value["tls-server-name"]) tls.serverName = value["tls-server-name"];
  return tls;
}

const UNSUPPORTED_PROVIDERS: Record<string, string> = {
  gcp: "install gke-gcloud-auth-plugin and use an exec user (`gcloud container clusters get-credentials` writes one)",
  azure: "install kubelogin and convert the kubeconfig with `kubelogin convert-kubeconfig`",
};

async function credentialSource(
  user: KubeConfigEntry<KubeConfigUser>,
  cluster: KubeConfigEntry<KubeConfigCluster>,
  tls: TLSConfig,
  options: ResolveConnectionOptions,
): Promise<CredentialSource> {
  const { value, name, file } = user;
  const id = `user:${digest({ file: file ?? null, name, user: value })}`;
  const field = (f: string): string => `users[${name}].${f}`;
  // A flag's file replaced the user's (overrideUser): errors about it name the flag, as kubectl's do.
  const flagged = (flag: "client-certificate" | "client-key"): string | undefined =>
    options.overrides?.[flag === "client-key" ? "clientKey" : "clientCertificate"] ? `--${flag}` : undefined;

  // A token or password of the user (`--token`, `--username`) wins over an exec plugin or auth-provider, as in
  // client-go: its bearer/basic round tripper sets Authorization first, and the exec plugin is not run for
  // a user with a token, a password or a certificate (exec.go UpdateTransportConfig).
  const bearerOrBasic = Boolean(value.token || value.tokenFile || value.username || value.password);
  const certificate = Boolean(value["client-certificate"] || value["client-certificate-data"]);
  if (value.exec && !bearerOrBasic && !certificate) {
    return createExecCredentialSource({
      exec: value.exec,
      userName: name,
      ...fileOf(file),
      cluster: execClusterInfo(cluster, tls),
      ...(options.env === undefined ? {} : { env: { ...process.env, ...options.env } }),
      ...(options.interactive === undefined ? {} : { interactive: options.interactive }),
    });
  }
  const provider = value["auth-provider"];
  if (provider && !bearerOrBasic) {
    if (provider.name !== "oidc") {
      throw new KubeConfigError(`the auth-provider "${provider.name}" is no longer supported`, {
        ...fileOf(file),
        field: field("auth-provider.name"),
        suggestions: [UNSUPPORTED_PROVIDERS[provider.name] ?? "use an exec credential plugin instead"],
      });
    }
    return createOidcCredentialSource({
      id,
      userName: name,
      ...fileOf(file),
      config: provider.config ?? {},
      ...(file === undefined
        ? {}
        : { persist: (config: Record<string, string>) => persistAuthProviderConfig(file, name, config) }),
    });
  }

  const hasCert = Boolean(
    value["client-certificate"] ||
    value["client-certificate-data"] ||
    value["client-key"] ||
    value["client-key-data"],
  );
  // A static token rides along with the certificate source; a token file gets the certificate instead.
  const staticToken = value.tokenFile ? undefined : value.token || undefined;
  const cert = hasCert
    ? await createClientCertificateCredentialSource({
        id,
        userName: name,
        ...fileOf(file),
        ...defined("certificateFile", value["client-certificate"]),
        ...defined("certificateData", value["client-certificate-data"]),
        ...defined("keyFile", value["client-key"]),
        ...defined("keyData", value["client-key-data"]),
        ...defined("token", staticToken),
        // A file a flag named is reported as kubectl reports it, not as a kubeconfig field.
        ...defined("certificateFlag", flagged("client-certificate")),
        ...defined("keyFlag", flagged("client-key")),
      })
    : undefined;

  if (value.tokenFile) {
    const tokenFile = value.tokenFile;
    // Only checked here (configuration errors belong to resolveConnection); the source reads it per change.
    await stat(tokenFile).catch((error: unknown) => {
      throw fileError(tokenFile, error, "token", { field: field("tokenFile") });
    });
    const certificate: Partial<Credentials> = cert === undefined ? {} : await cert.get();
    return createTokenFileCredentialSource({
      id,
      path: value.tokenFile,
      field: field("tokenFile"),
      ...defined("clientCertificate", certificate.clientCertificate),
      ...defined("clientKey", certificate.clientKey),
    });
  }
  if (staticToken !== undefined && cert === undefined)
    return createStaticCredentialSource({ id, token: staticToken });
  if (cert !== undefined) return cert;
  // Either half is enough for client-go (`HasBasicAuth`): `--username=bob` alone sends `bob:`.
  if (value.username || value.password) {
    return createStaticCredentialSource({
      id,
      basic: { username: value.username ?? "", password: value.password ?? "" },
    });
  }
  return createAnonymousCredentialSource();
}

const EXEC_EXTENSION = "client.authentication.k8s.io/exec";

function execClusterInfo(cluster: KubeConfigEntry<KubeConfigCluster>, tls: TLSConfig): ExecClusterInfo {
  const { value } = cluster;
  const info: ExecClusterInfo = { server: value.server ?? "" };
  if (value["tls-server-name"]) info["tls-server-name"] = value["tls-server-name"];
  if (value["insecure-skip-tls-verify"] === true) info["insecure-skip-tls-verify"] = true;
  if (tls.ca !== undefined) info["certificate-authority-data"] = Buffer.from(tls.ca).toString("base64");
  if (value["proxy-url"]) info["proxy-url"] = value["proxy-url"];
  if (value["disable-compression"] === true) info["disable-compression"] = true;
  const extension = value.extensions?.find((e) => e.name === EXEC_EXTENSION);
  if (extension !== undefined) info.config = extension.extension;
  return info;
}

/**
 * The kubeconfig user's impersonation with the caller's fields over it.
 * @throws {KubeConfigError} kubectl's refusal of groups, a UID or extras without a user to impersonate.
 */
function impersonation(
  user: KubeConfigUser | undefined,
  override: Impersonation | undefined,
  entryName = "",
): Impersonation | undefined {
  const result: Impersonation = {};
  const userName = override?.user ?? user?.as;
  const groups = override?.groups ?? user?.["as-groups"];
  const uid = override?.uid ?? user?.["as-uid"];
  const extra = override?.extra ?? user?.["as-user-extra"];
  if (userName) result.user = userName;
  if (groups && groups.length > 0) result.groups = [...groups];
  if (uid) result.uid = uid;
  // A key without values (`scopes: null`) sends no header, as in client-go.
  const extraValues = Object.entries(extra ?? {}).filter(([, values]) => values.length > 0);
  if (extraValues.length > 0) result.extra = Object.fromEntries(extraValues);
  if (result.user === undefined && Object.keys(result).length > 0) {
    throw new KubeConfigError(
      `requesting uid, groups or user-extra for ${entryName} without impersonating a user`,
      { suggestions: ["name the user to impersonate (--as, or `as` in the kubeconfig user)"] },
    );
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

// ---- small helpers --------------------------------------------------------------------------------

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

/** The pod's namespace file, when running in a pod (or `serviceAccount` is given) and it is readable. */
async function serviceAccountNamespace(options: ResolveConnectionOptions): Promise<string | undefined> {
  const env = options.env ?? process.env;
  const dir = options.serviceAccount ?? (env.KUBERNETES_SERVICE_HOST ? SERVICE_ACCOUNT_DIR : undefined);
  return dir === undefined ? undefined : (await readOptional(join(dir, "namespace")))?.trim();
}

function fileOf(file: string | undefined): { file: string | undefined } {
  return { file };
}

function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined || value === "" ? {} : { [key]: value }) as { [P in K]?: V };
}

function withOptional(
  base: ConnectionConfig,
  optional: {
    impersonate?: Impersonation | undefined;
    proxyUrl?: string | undefined;
    disableCompression?: true | undefined;
  },
): ConnectionConfig {
  const result: ConnectionConfig = { ...base };
  if (optional.disableCompression !== undefined) result.disableCompression = optional.disableCompression;
  if (optional.impersonate !== undefined) result.impersonate = optional.impersonate;
  if (optional.proxyUrl !== undefined) result.proxyUrl = optional.proxyUrl;
  return result;
}
