/**
 * The entry point users meet first: `api()` returns a (shared) client for the cluster that kubectl would
 * talk to, with the namespace kubectl would use. Verbs and objects build on `request()`.
 */
import type { ConnectionConfig } from "./config/types.ts";
import { clientCacheKey, leaseTransport, RefCountedCache } from "./client-cache.ts";
import { resolveConnection, type ResolveConnectionOptions } from "./config/resolve.ts";
import {
  createTransport,
  type RequestOptions,
  type Transport,
  type TransportOptions,
} from "./http/transport.ts";

/**
 * Options of {@link api}: where to connect and as whom (kubectl's sources and order), and transport tuning:
 * `dispatcher` (an undici Dispatcher every request goes through — tests pass a MockAgent; disables the
 * cache), `qps`/`burst` (client-side rate limit, default 50/300 like kubectl), `retry`.
 */
export interface ApiOptions
  extends ResolveConnectionOptions, Pick<TransportOptions, "dispatcher" | "qps" | "burst" | "retry"> {}

/** The API server's build (`GET /version`). */
export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit?: string;
  gitTreeState?: string;
  buildDate?: string;
  goVersion?: string;
  compiler?: string;
  platform?: string;
}

/** Who the API server thinks the caller is (`SelfSubjectReview.status.userInfo`). */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

interface SelfSubjectReview {
  apiVersion: "authentication.k8s.io/v1";
  kind: "SelfSubjectReview";
  status?: { userInfo?: Partial<UserInfo> };
}

/** A connection to one cluster as one identity. Create it with {@link api}. */
export class Api {
  readonly #connection: ConnectionConfig;
  readonly #transport: Transport;

  /** @internal Use {@link api}. */
  constructor(connection: ConnectionConfig, transport: Transport) {
    this.#connection = connection;
    this.#transport = transport;
  }

  /** The namespace requests default to: explicit option → context → service account → `default`. */
  get namespace(): string {
    return this.#connection.namespace;
  }

  /** Base URL of the API server. */
  get server(): string {
    return this.#connection.server;
  }

  /** The kubeconfig context in use, if the configuration came from a kubeconfig. */
  get contextName(): string | undefined {
    return this.#connection.contextName;
  }

  /**
   * A raw request to the API server, with auth, retries, rate limiting and typed errors.
   * @throws {ServerError} (or `NotFoundError`, `ForbiddenError`, `UnauthorizedError`) when the server refuses.
   * @throws {ConnectionError} when the server cannot be reached.
   */
  request<T = unknown>(options: RequestOptions): Promise<T> {
    return this.#transport.request<T>(options).then((response) => response.body);
  }

  /**
   * The API server's version.
   * @example
   * const { gitVersion } = await (await api()).version(); // "v1.33.13"
   */
  version(signal?: AbortSignal): Promise<ServerVersion> {
    return this.request<ServerVersion>({ method: "GET", path: "/version", ...(signal ? { signal } : {}) });
  }

  /**
   * Who the server thinks you are, after authentication and impersonation (a SelfSubjectReview).
   * @example
   * const me = await (await api()).whoami(); // { username: "kr8s-admin", groups: ["system:masters", …] }
   */
  async whoami(signal?: AbortSignal): Promise<UserInfo> {
    const review = await this.request<SelfSubjectReview>({
      method: "POST",
      path: "/apis/authentication.k8s.io/v1/selfsubjectreviews",
      body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
      ...(signal ? { signal } : {}),
    });
    const info = review.status?.userInfo ?? {};
    return {
      username: info.username ?? "",
      groups: info.groups ?? [],
      ...(info.uid ? { uid: info.uid } : {}),
      ...(info.extra ? { extra: info.extra } : {}),
    };
  }

  /**
   * Releases this client. `api()` shares one connection (dispatcher, credentials, rate limiter) between
   * every caller with the same configuration and counts them: `close()` gives back this caller's
   * reference only, other holders carry on, and the last `close()` closes the shared connection (requests
   * in flight finish first). Calling it twice releases once; after it, requests through this client
   * reject with a `ConnectionError` — call `api()` again. `await using k = await api()` closes on scope
   * exit. A client that is never closed keeps its configuration cached until the process exits.
   */
  close(): Promise<void> {
    return this.#transport.close();
  }

  /** `await using k = await api()` calls {@link Api.close} at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** What `api()` shares between callers with the same configuration. */
interface Client {
  connection: ConnectionConfig;
  transport: Transport;
}

const cache = new RefCountedCache<Client>((client) => client.transport.close());

/**
 * Returns a client for the cluster kubectl would use now.
 *
 * Configuration is found like kubectl: `url`/`kubeconfig` options → `KUBECONFIG` → `~/.kube/config` →
 * the in-cluster service account. `context` and `namespace` override the kubeconfig's.
 *
 * Calls that would see the same configuration share one connection: the same options (in any key order),
 * the same environment kubectl reads (`KUBECONFIG`, `HOME`, `USERPROFILE`, `KUBERNETES_SERVICE_HOST`/
 * `_PORT`, `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`) and the same kubeconfig file content. Like kubectl, which
 * reads them on every run, each call re-reads them, so changing `KUBECONFIG` or editing the kubeconfig
 * gives a new client; clients already handed out keep theirs. Each call returns its own {@link Api}:
 * close it when done (see {@link Api.close}); closing one never affects another. With `dispatcher`, nothing
 * is shared.
 *
 * @example
 * import { api } from "@kr8s/core";
 * await using k = await api({ context: "kind-dev" });
 * console.log(k.namespace, (await k.version()).gitVersion);
 * @throws {KubeConfigError} when no usable configuration is found or it is broken (names file and field).
 * A failed creation is not cached: fixing the kubeconfig and calling again works.
 */
export async function api(options: ApiOptions = {}): Promise<Api> {
  if (options.dispatcher) {
    const { connection, transport } = await createClient(options);
    return new Api(
      connection,
      leaseTransport(transport, () => transport.close()),
    );
  }
  const key = await clientCacheKey(options);
  const { value, release } = await cache.lease(key, () => createClient(options));
  return new Api(value.connection, leaseTransport(value.transport, release));
}

async function createClient(options: ApiOptions): Promise<Client> {
  const { dispatcher, qps, burst, retry, ...resolveOptions } = options;
  const connection = await resolveConnection(resolveOptions);
  const transportOptions: TransportOptions = {
    ...(dispatcher ? { dispatcher } : {}),
    ...(qps === undefined ? {} : { qps }),
    ...(burst === undefined ? {} : { burst }),
    ...(retry === undefined ? {} : { retry }),
  };
  return { connection, transport: createTransport(connection, transportOptions) };
}
