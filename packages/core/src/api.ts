/**
 * The entry point users meet first: `api()` returns a (cached) client for the cluster that kubectl would
 * talk to, with the namespace kubectl would use. Verbs and objects build on `request()`.
 */
import type { ConnectionConfig } from "./config/types.ts";
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

  /** Releases pooled connections. The cached instance is forgotten so the next `api()` makes a new one. */
  async close(): Promise<void> {
    for (const [key, cached] of cache) if ((await cached.catch(() => undefined)) === this) cache.delete(key);
    await this.#transport.close();
  }
}

const cache = new Map<string, Promise<Api>>();

/** Options become a cache key independent of key order; a kubeconfig object is keyed by its content. */
function cacheKey(options: ApiOptions): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [k, canonical(v)]),
      );
    }
    return value;
  };
  return JSON.stringify(canonical(options));
}

/**
 * Returns a client for the cluster kubectl would use, created once per distinct options and reused.
 *
 * Configuration is found like kubectl: `url`/`kubeconfig` options → `KUBECONFIG` → `~/.kube/config` →
 * the in-cluster service account. `context` and `namespace` override the kubeconfig's.
 *
 * @example
 * import { api } from "@kr8s/core";
 * const k = await api({ context: "kind-dev" });
 * console.log(k.namespace, (await k.version()).gitVersion);
 * @throws {KubeConfigError} when no usable configuration is found or it is broken (names file and field).
 */
export function api(options: ApiOptions = {}): Promise<Api> {
  if (options.dispatcher) return createApi(options);
  const key = cacheKey(options);
  let cached = cache.get(key);
  if (!cached) {
    cached = createApi(options);
    cache.set(key, cached);
    // A failed creation is not cached: the user may fix the kubeconfig and try again.
    cached.catch(() => cache.delete(key));
  }
  return cached;
}

async function createApi(options: ApiOptions): Promise<Api> {
  const { dispatcher, qps, burst, retry, ...resolveOptions } = options;
  const connection = await resolveConnection(resolveOptions);
  const transportOptions: TransportOptions = {
    ...(dispatcher ? { dispatcher } : {}),
    ...(qps === undefined ? {} : { qps }),
    ...(burst === undefined ? {} : { burst }),
    ...(retry === undefined ? {} : { retry }),
  };
  return new Api(connection, createTransport(connection, transportOptions));
}
