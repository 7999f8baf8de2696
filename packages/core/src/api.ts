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
  type StreamRequestOptions,
  type StreamResponse,
  type Transport,
  type TransportOptions,
} from "./http/transport.ts";
import { Discovery, groupVersions, preferredResources } from "./discovery/discovery.ts";
import { defaultDiscoveryCacheDir } from "./discovery/disk-cache.ts";
import { OpenApiV3, type OpenApiV3Document } from "./discovery/openapi.ts";
import type { APIResource, DiscoveryData } from "./discovery/types.ts";
import type { OpenWebSocketOptions, WebSocketConnection } from "./http/websocket.ts";
import { registerTransport } from "./internal/transport-of.ts";
import type { VerbContext } from "./internal/verb-context.ts";
import type { APIObject, KubeObject } from "./objects/api-object.ts";
import {
  defaultRegistry,
  resolveApiVersionKind,
  resolveKind,
  type KindArg,
  type KindInfo,
  type Registry,
} from "./objects/registry.ts";
import {
  accessReview,
  canI,
  rulesReview,
  type AccessReviewStatus,
  type CanIOptions,
  type RulesReviewStatus,
} from "./verbs/can-i.ts";
import { deleteObjects, type DeleteOptions } from "./verbs/delete.ts";
import { get, list, type GetOptions, type ListOptions } from "./verbs/get.ts";
import type { Names } from "./verbs/names.ts";
import { apply, patch as patchObject, type ApplyOptions, type PatchOptions } from "./verbs/patch.ts";
import type { Table } from "./verbs/table.ts";
import { create, replace } from "./verbs/write.ts";
import type { ObjectInput, WriteOptions } from "./verbs/write-input.ts";
import {
  informerFor,
  watchKind,
  watchKindTable,
  type ApiInformerOptions,
  type ApiTableWatchOptions,
  type ApiWatchOptions,
} from "./verbs/watch.ts";
import type { TableWatchEvent } from "./watch/table-watch.ts";
import type { Informer } from "./watch/informer.ts";
import type { RawObject, WatchEvent } from "./watch/types.ts";

/**
 * Options of {@link api}: where to connect and as whom (kubectl's sources and order), and transport tuning:
 * `dispatcher` (an undici Dispatcher every request goes through — tests pass a MockAgent; disables the
 * cache), `qps`/`burst` (client-side rate limit, default 50/300 like kubectl), `retry`, `requestTimeoutMs`
 * (kubectl's `--request-timeout`), `onWarning` (the server's `Warning` headers; disables the cache), and how
 * kinds resolve (`registry`, `discoveryCacheDir`). `overrides` carries kubectl's other global flags.
 */
export interface ApiOptions
  extends
    ResolveConnectionOptions,
    Pick<TransportOptions, "dispatcher" | "qps" | "burst" | "retry" | "requestTimeoutMs" | "onWarning">,
    ApiKindOptions {}

/** How an {@link Api} resolves kinds. */
export interface ApiKindOptions {
  /** Classes the verbs return. @default defaultRegistry */
  registry?: Registry | undefined;
  /**
   * Directory of the discovery cache, `false` to keep discovery in memory only.
   * @default `$XDG_CACHE_HOME/kr8s/discovery` (else `~/.cache/kr8s/discovery`); entries live 6 h, as kubectl's
   */
  discoveryCacheDir?: string | false | undefined;
}

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

/** Options of {@link Api.apiResources} and {@link Api.apiVersions}. */
export interface DiscoveryReadOptions {
  signal?: AbortSignal | undefined;
  /** Read discovery from the server instead of the cache (and refresh the cache). @default false */
  fresh?: boolean | undefined;
}

/** A connection to one cluster as one identity. Create it with {@link api}. */
export class Api {
  readonly #connection: ConnectionConfig;
  readonly #transport: Transport;
  readonly #discovery: Discovery;
  readonly #openApiV3: OpenApiV3;
  readonly #verbs: VerbContext;
  readonly #registry: Registry;

  /** @internal Use {@link api}. */
  constructor(connection: ConnectionConfig, transport: Transport, kinds: ApiKindOptions = {}) {
    this.#connection = connection;
    this.#transport = transport;
    registerTransport(this, transport);
    const discovery = new Discovery(transport, { cacheDir: kinds.discoveryCacheDir });
    const registry = kinds.registry ?? defaultRegistry;
    this.#discovery = discovery;
    this.#openApiV3 = new OpenApiV3(transport, kinds.discoveryCacheDir ?? defaultDiscoveryCacheDir());
    this.#registry = registry;
    this.#verbs = {
      api: this,
      transport,
      namespace: connection.namespace,
      resolve: (kind, signal) => resolveKind(kind, discovery, registry, signal),
      resolveObject: (apiVersion, kind, signal) =>
        resolveApiVersionKind(apiVersion, kind, discovery, registry, signal),
    };
  }

  /** The namespace requests default to: explicit option → context → service account → `default`. */
  get namespace(): string {
    return this.#connection.namespace;
  }

  /** The classes this client's verbs return (the `registry` option, else `defaultRegistry`). */
  get registry(): Registry {
    return this.#registry;
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
  request<T = unknown>(options: RequestOptions): Promise<T>;
  /**
   * A raw request whose body comes back unread, as bytes (`kr8s get --raw`, logs, watches): the status code,
   * the headers and a readable stream of the body. Only 2xx answers resolve (unless `passErrors`); the
   * others are thrown as for any request. `timeoutMs` is an inactivity timeout here.
   * @example
   * const { body } = await k.request({ path: "/version", stream: true });
   * for await (const chunk of body) process.stdout.write(chunk);
   * @throws {ServerError} (or a subclass) when the server refuses.
   * @throws {ConnectionError} when the server cannot be reached.
   */
  request(options: StreamRequestOptions): Promise<StreamResponse>;
  request(options: RequestOptions | StreamRequestOptions): Promise<unknown> {
    if (options.stream === true) return this.#transport.request(options);
    return this.#transport.request(options).then((response) => response.body);
  }

  /**
   * A raw WebSocket to the API server (exec, attach, port-forward subresources), with the same TLS, auth
   * (reauth once on a 401 handshake), impersonation, rate limit and proxy as {@link request}. The streaming
   * functions (`exec`, `attach`, `cp`, `portForward`) are built on it.
   * @throws {ServerError} (or a subclass) when the server refuses the upgrade; its `Status` is kept.
   * @throws {ConnectionError} when the server cannot be reached.
   */
  openWebSocket(path: string, options?: OpenWebSocketOptions): Promise<WebSocketConnection> {
    return this.#transport.openWebSocket(path, options);
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
   * The resources the server serves, one entry per resource in its group's preferred version: the rows of
   * `kubectl api-resources`, in discovery order. Discovery is cached (memory, and disk for 6 h);
   * `fresh: true` reads it from the server again first, as `kubectl api-resources` does by default.
   */
  async apiResources(options?: AbortSignal | DiscoveryReadOptions): Promise<APIResource[]> {
    return preferredResources(await this.#readDiscovery(options));
  }

  /** Every served `group/version`, sorted: the lines of `kubectl api-versions` (`fresh` as in {@link apiResources}). */
  async apiVersions(options?: AbortSignal | DiscoveryReadOptions): Promise<string[]> {
    return groupVersions(await this.#readDiscovery(options));
  }

  async #readDiscovery(options: AbortSignal | DiscoveryReadOptions = {}): Promise<DiscoveryData> {
    const { signal, fresh } = options instanceof AbortSignal ? { signal: options, fresh: false } : options;
    if (fresh) return this.#discovery.refresh(signal);
    return (await this.#discovery.read(signal)).data;
  }

  /**
   * The group-versions the server publishes OpenAPI v3 documents for, as the `/openapi/v3` index names them:
   * `api/v1`, `apis/apps/v1`, `apis/apiextensions.k8s.io/v1`… (unsorted, as the server lists them).
   */
  async openApiV3Paths(signal?: AbortSignal): Promise<string[]> {
    return [...(await this.#openApiV3.paths(signal)).keys()];
  }

  /**
   * The OpenAPI v3 document of one group-version (`v1`, `apps/v1`), parsed JSON: its `components.schemas`
   * describe every kind of the group-version (what `kubectl explain` reads). The index is read each call;
   * the document itself is cached in memory and on disk (under `discoveryCacheDir`) by the content hash
   * the server puts in its URL, so it is downloaded again only when it changes.
   * @example
   * const doc = await k.openApiV3("apps/v1");
   * const schemas = doc?.components; // { schemas: { "io.k8s.api.apps.v1.Deployment": {…}, … } }
   * @returns undefined when the server publishes no document for `groupVersion`.
   * @throws {ServerError} (or a subclass) when the server refuses, e.g. a user without access to `/openapi/v3`.
   */
  openApiV3(groupVersion: string, signal?: AbortSignal): Promise<OpenApiV3Document | undefined> {
    return this.#openApiV3.document(groupVersion, signal);
  }

  /**
   * Which resource a kind spelling names: plural, singular, Kind, short name, `kind.group`,
   * `kind.version.group`, `kind/version`, `kind.group/version` (case-insensitive; ambiguity resolved as
   * kubectl does: core group, then discovery order, preferred versions first). A miss re-reads discovery
   * once, so a CRD established a moment ago resolves.
   * @example
   * const { group, version, plural } = await k.lookupKind("deploy"); // "apps", "v1", "deployments"
   * @throws {UnknownKindError} naming the spelling and the nearest served spellings.
   */
  async lookupKind(kind: KindArg, signal?: AbortSignal): Promise<KindInfo> {
    return (await this.#verbs.resolve(kind, signal)).info;
  }

  /**
   * Objects of a kind: by name(s), or all of them (in `namespace`, `ALL` namespaces, or the cluster),
   * filtered by `labelSelector`/`fieldSelector` (string or object). Always an array; every page is fetched
   * (`limit` is the page size). `raw: true` returns the server's JSON untouched (fastest); `asTable: true`
   * returns one server-side Table (kubectl's columns) holding every row.
   * @example
   * const pods = await k.get("po", { namespace: ALL, labelSelector: { app: "web" } });
   * const [web] = await k.get("deploy", "web");
   * @throws {UnknownKindError} for a kind the cluster does not serve.
   * @throws {NotFoundError} when a named object does not exist.
   * @throws {InvalidArgumentError} for names with selectors, or names across `ALL` namespaces.
   */
  get(kind: KindArg, options: GetOptions & { raw: true }): Promise<KubeObject[]>;
  get(kind: KindArg, options: GetOptions & { asTable: true }): Promise<Table[]>;
  get(kind: KindArg, options?: GetOptions): Promise<APIObject[]>;
  get(kind: KindArg, names: Names, options: GetOptions & { raw: true }): Promise<KubeObject[]>;
  get(kind: KindArg, names: Names, options: GetOptions & { asTable: true }): Promise<Table[]>;
  get(kind: KindArg, names: Names, options?: GetOptions): Promise<APIObject[]>;
  get(
    kind: KindArg,
    names?: Names | GetOptions,
    options?: GetOptions,
  ): Promise<APIObject[] | KubeObject[] | Table[]> {
    return isOptions(names)
      ? get(this.#verbs, kind, undefined, names)
      : get(this.#verbs, kind, names, options);
  }

  /**
   * Objects of a kind as the pages arrive (`limit` per request, `continue` followed to the end): for lists too
   * large to hold at once.
   * @example
   * for await (const pod of k.list("pods", { namespace: ALL, limit: 100 })) console.log(pod.name);
   */
  list(kind: KindArg, options: ListOptions & { raw: true }): AsyncIterable<KubeObject>;
  list(kind: KindArg, options?: ListOptions & { raw?: false | undefined }): AsyncIterable<APIObject>;
  list(kind: KindArg, options: ListOptions & { raw?: boolean | undefined } = {}): AsyncIterable<unknown> {
    return list(this.#verbs, kind, options);
  }

  /**
   * Whether the server lets you `verb` a resource (a SelfSubjectAccessReview, like `kubectl auth can-i`).
   * `resource` is a kind spelling (`pods`, `deploy`, `widgets.example.com`), `*`, or a non-resource URL
   * (`/healthz`).
   * @example
   * if (await k.canI("create", "deployments", { namespace: "dev" })) { … }
   */
  canI(verb: string, resource: string, options?: CanIOptions): Promise<boolean> {
    return canI(this.#verbs, verb, resource, options);
  }

  /**
   * {@link Api.canI} with the server's whole answer: `allowed`, whether it was an explicit denial, and the
   * authorizer's reason (`kubectl auth can-i` prints `no - <reason>`).
   */
  accessReview(verb: string, resource: string, options?: CanIOptions): Promise<AccessReviewStatus> {
    return accessReview(this.#verbs, verb, resource, options);
  }

  /**
   * Everything you may do in `namespace` (default: the client's), as the authorizers can list it (a
   * SelfSubjectRulesReview, `kubectl auth can-i --list`). `incomplete` says some authorizer could not list.
   */
  rulesReview(options?: { namespace?: string; signal?: AbortSignal }): Promise<RulesReviewStatus> {
    return rulesReview(this.#verbs, options);
  }

  /**
   * Creates objects (POST), in order; everything is checked (kind, apiVersion, name) before the first write.
   * @throws {ConflictError} (`AlreadyExists`) when an object exists; use {@link Api.apply} to upsert.
   * @throws {PartialWriteError} when the server refuses one of several objects after others were created.
   * @throws {InvalidObjectError} / {@link UnknownKindError} before anything is written.
   */
  create(objects: ObjectInput | readonly ObjectInput[], options?: WriteOptions): Promise<APIObject[]> {
    return create(this.#verbs, objects, options);
  }

  /**
   * Replaces an object (PUT). With `metadata.resourceVersion` set, the write succeeds only if the object has
   * not changed since (optimistic concurrency).
   * @throws {ConflictError} (`Conflict`) when `resourceVersion` is stale.
   * @throws {NotFoundError} when the object does not exist.
   */
  replace(object: ObjectInput, options?: WriteOptions): Promise<APIObject> {
    return replace(this.#verbs, object, options);
  }

  /**
   * Patches one object. `type` picks the patch format and its media type: `strategic` (default, built-in
   * kinds), `merge`, `json` (a list of operations), `apply` (server-side apply, field manager `kr8s`).
   * @example
   * await k.patch("deploy", "web", { spec: { replicas: 3 } }, { type: "merge" });
   * await k.patch("cm", "cfg", [{ op: "remove", path: "/data/old" }], { type: "json" });
   */
  patch(kind: KindArg, name: string, patch: unknown, options?: PatchOptions): Promise<APIObject> {
    return patchObject(this.#verbs, kind, name, patch, options);
  }

  /**
   * Server-side apply: creates objects that do not exist and updates the fields this field manager owns
   * (`fieldManager`, default `kr8s`). `force` takes fields owned by other managers.
   * @throws {ConflictError} with `conflicts` (fields and their managers) when another manager owns a field.
   * @throws {PartialWriteError} when the server refuses one of several objects after others were applied.
   */
  apply(objects: ObjectInput | readonly ObjectInput[], options?: ApplyOptions): Promise<APIObject[]> {
    return apply(this.#verbs, objects, options);
  }

  /**
   * Deletes objects by name. Returns once the server has accepted each deletion (graceful deletions and
   * finalizers may keep the object a while). DeleteOptions (`propagationPolicy`, `gracePeriodSeconds`,
   * `dryRun`, `preconditions`) go in the request body, where the server honours them.
   * @throws {NotFoundError} when an object is already gone, unless `ignoreNotFound`.
   * @throws {PartialWriteError} when the server refuses one of several deletions after others succeeded.
   */
  delete(kind: KindArg, names: Names, options?: DeleteOptions): Promise<void> {
    return deleteObjects(this.#verbs, kind, names, options);
  }

  /**
   * Changes to objects of a kind, as an async iterable of `{type, object}` (`ADDED`/`MODIFIED`/`DELETED`):
   * first the current objects as `ADDED` (unless `resourceVersion` is given), then every change. Reconnects
   * by itself from the last resourceVersion; after a 410 it lists again and yields only the difference, so
   * no change is lost or repeated. `namespace` defaults to the client's (`ALL` for every namespace);
   * `raw: true` yields the server's JSON. Leaving the loop or aborting `signal` closes the stream. See
   * `WatchOptions` for `labelSelector`, `fieldSelector`, `name`, `timeoutSeconds`, `inactivityTimeoutMs`.
   * @example
   * for await (const { type, object } of k.watch("deploy", { labelSelector: { app: "web" } }))
   *   console.log(type, object.name);
   * @throws {UnknownKindError} for a kind the cluster does not serve.
   * @throws {WatchError} for an in-stream `ERROR` the watch cannot recover from.
   * @throws {ForbiddenError} (and other `ServerError`s) when the server refuses the list or watch.
   */
  watch(kind: KindArg, options: ApiWatchOptions & { raw: true }): AsyncIterable<WatchEvent<RawObject>>;
  watch(
    kind: KindArg,
    options?: ApiWatchOptions & { raw?: false | undefined },
  ): AsyncIterable<WatchEvent<APIObject>>;
  watch(kind: KindArg, options: ApiWatchOptions = {}): AsyncIterable<WatchEvent<unknown>> {
    return watchKind(this.#verbs, kind, options);
  }

  /**
   * Changes to objects of a kind as rows of the server's Table — the columns `kubectl get` prints — for
   * `get -w`-like views: first the current rows as `ADDED` (from a list), then one `{type, row, columns}`
   * per change. Same resilience as {@link Api.watch} (resumes from the last resourceVersion, after a 410
   * lists again and yields only the difference). `row.object` holds the object's metadata
   * (`includeObject: "Object"`: the whole object); `columns` are the Table's column definitions (the
   * server sends them once per stream; this remembers them). `namespace` defaults to the client's (`ALL`
   * for every namespace).
   * @example
   * for await (const { type, row, columns } of k.watchTable("deploy", { labelSelector: { app: "web" } }))
   *   console.log(type, row.cells.join(" "), columns.length);
   * @throws {UnknownKindError} for a kind the cluster does not serve.
   * @throws {WatchError} for an in-stream `ERROR` the watch cannot recover from.
   * @throws {ForbiddenError} (and other `ServerError`s) when the server refuses the list or watch.
   */
  watchTable(kind: KindArg, options: ApiTableWatchOptions = {}): AsyncIterable<TableWatchEvent> {
    return watchKindTable(this.#verbs, kind, options);
  }

  /**
   * A list+watch cache of a kind (keyed by namespace/name) with `add`/`update`/`delete` handlers, `synced`,
   * `list()` and `get()`. It never stops by itself: failures go to the `error` handler while it keeps
   * retrying. Call `start()`, and `stop()` when done.
   * @example
   * const pods = await k.informer("pods", { namespace: ALL });
   * pods.on({ add: (pod) => console.log("new", pod.name), error: console.error });
   * pods.start();
   * await pods.synced;
   * @throws {UnknownKindError} for a kind the cluster does not serve.
   */
  informer(kind: KindArg, options?: ApiInformerOptions): Promise<Informer<APIObject>> {
    return informerFor(this.#verbs, kind, options);
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

function isOptions(value: Names | GetOptions): value is GetOptions {
  return typeof value === "object" && !Array.isArray(value);
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
 * close it when done (see {@link Api.close}); closing one never affects another. With `dispatcher` or
 * `onWarning`, nothing is shared.
 *
 * @example
 * import { api } from "@kr8s/core";
 * await using k = await api({ context: "kind-dev" });
 * console.log(k.namespace, (await k.version()).gitVersion);
 * @throws {KubeConfigError} when no usable configuration is found or it is broken (names file and field).
 * A failed creation is not cached: fixing the kubeconfig and calling again works.
 */
export async function api(options: ApiOptions = {}): Promise<Api> {
  // The registry is the caller's own (an object no key can compare): it goes on the Api, not in the key.
  const { registry, ...shared } = options;
  const kinds: ApiKindOptions = { registry, discoveryCacheDir: options.discoveryCacheDir };
  // A dispatcher or a warning handler is the caller's own: such a client is not shared.
  if (options.dispatcher || options.onWarning) {
    const { connection, transport } = await createClient(shared);
    return new Api(
      connection,
      leaseTransport(transport, () => transport.close()),
      kinds,
    );
  }
  const key = await clientCacheKey(shared);
  const { value, release } = await cache.lease(key, () => createClient(shared));
  return new Api(value.connection, leaseTransport(value.transport, release), kinds);
}

async function createClient(options: Omit<ApiOptions, "registry">): Promise<Client> {
  const {
    dispatcher,
    qps,
    burst,
    retry,
    requestTimeoutMs,
    onWarning,
    discoveryCacheDir: _discoveryCacheDir,
    ...resolveOptions
  } = options;
  const connection = await resolveConnection(resolveOptions);
  const transportOptions: TransportOptions = {
    ...(dispatcher ? { dispatcher } : {}),
    ...(qps === undefined ? {} : { qps }),
    ...(burst === undefined ? {} : { burst }),
    ...(retry === undefined ? {} : { retry }),
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
    ...(onWarning === undefined ? {} : { onWarning }),
  };
  return { connection, transport: createTransport(connection, transportOptions) };
}
