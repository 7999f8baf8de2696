// The one public door of @kr8s/core (STYLE §1): every export is listed here by name.

export { api, Api } from "./api.ts";
export type { ApiOptions, ApiKindOptions, DiscoveryReadOptions, ServerVersion, UserInfo } from "./api.ts";

// Verbs, discovery, the kind grammar and the object model.
export { ALL } from "./verbs/namespace.ts";
export type { NamespaceOption } from "./verbs/namespace.ts";
export type { GetOptions, ListOptions } from "./verbs/get.ts";
export type { Names } from "./verbs/names.ts";
export type {
  AccessReviewStatus,
  CanIOptions,
  NonResourceRule,
  ResourceRule,
  RulesReviewStatus,
} from "./verbs/can-i.ts";
export type { ObjectInput, WriteOptions } from "./verbs/write-input.ts";
export { DEFAULT_FIELD_MANAGER, PATCH_CONTENT_TYPES } from "./verbs/patch.ts";
export type { PatchOptions, PatchType, ApplyOptions } from "./verbs/patch.ts";
export type { DeleteOptions } from "./verbs/delete.ts";
export { TABLE_ACCEPT } from "./verbs/table.ts";
export type { Table, TableColumn, TableRow } from "./verbs/table.ts";
export type { APIResource, APIGroupVersions } from "./discovery/types.ts";
export { DISCOVERY_TTL_MS } from "./discovery/discovery.ts";
export { defaultDiscoveryCacheDir } from "./discovery/disk-cache.ts";
export { APIObject, newClass } from "./objects/api-object.ts";
export type {
  APIObjectClass,
  APIObjectOptions,
  KubeObject,
  KubeObjectShape,
  SpecOf,
  StatusOf,
  ObjectMeta,
  NewClassOptions,
} from "./objects/api-object.ts";
export { Registry, defaultRegistry } from "./objects/registry.ts";
export type { KindArg, KindInfo } from "./objects/registry.ts";

export {
  Kr8sError,
  KubeConfigError,
  AuthenticationError,
  ConnectionError,
  ServerError,
  NotFoundError,
  UnauthorizedError,
  ForbiddenError,
  APITimeoutError,
  ConflictError,
  InvalidError,
  GoneError,
  UnknownKindError,
  InvalidObjectError,
  PartialWriteError,
  InvalidArgumentError,
  InvalidRequestError,
  InvalidResponseError,
} from "./errors.ts";
export type { KubernetesStatus, Kr8sErrorOptions, Kr8sErrorCode, FieldConflict } from "./errors.ts";

// Configuration: kubeconfig loading, resolution like kubectl, and the editing API of `config` commands.
export type {
  ConnectionConfig,
  CredentialSource,
  Credentials,
  TLSConfig,
  Impersonation,
} from "./config/types.ts";
export { resolveConnection } from "./config/resolve.ts";
export type { ResolveConnectionOptions } from "./config/resolve.ts";
export {
  loadKubeConfig,
  parseKubeConfig,
  readKubeConfigFile,
  mergeKubeConfigs,
  kubeConfigLocations,
  defaultKubeConfigPath,
} from "./config/kubeconfig.ts";
export type {
  KubeConfig,
  KubeConfigObject,
  KubeConfigSource,
  KubeConfigEntry,
  KubeConfigCluster,
  KubeConfigUser,
  KubeConfigContext,
  KubeConfigExec,
  KubeConfigAuthProvider,
  KubeConfigLocations,
  KubeConfigLocationOptions,
} from "./config/kubeconfig.ts";
export { KubeConfigEditor, createKubeConfigEditor, DATA_OMITTED, REDACTED } from "./config/edit.ts";
export type {
  KubeConfigEditorOptions,
  ViewOptions,
  ContextSummary,
  ClusterUpdate,
  UserUpdate,
  ContextUpdate,
  FieldUpdate,
} from "./config/edit.ts";
export { createExecCredentialSource, clearExecCredentialCache } from "./config/auth/exec.ts";
export type { ExecCredentialOptions, ExecClusterInfo } from "./config/auth/exec.ts";

// Transport: undici dispatchers, retries, rate limit, reauth, debug events.
export { createTransport } from "./http/transport.ts";
export type {
  Transport,
  TransportOptions,
  RequestOptions,
  StreamRequestOptions,
  TransportResponse,
  StreamResponse,
} from "./http/transport.ts";
export { closeDispatchers, DispatcherPool, sharedDispatcherPool } from "./http/dispatcher-pool.ts";
export { createRateLimiter } from "./http/rate-limiter.ts";
export type { RateLimiter, RateLimiterOptions } from "./http/rate-limiter.ts";
export type { RetryOptions } from "./http/backoff.ts";
export type { Query } from "./http/query.ts";
export { HTTP_DEBUG_CHANNEL } from "./http/debug.ts";
export type { HttpDebugEvent } from "./http/debug.ts";

// Watch and informer: list+watch that resumes, re-lists on 410 and delivers the difference. The entry
// points are `Api.watch(kind)` / `Api.informer(kind)` (the functions take an internal ResourceRef).
export type { WatchOptions } from "./watch/watch.ts";
export type { ApiWatchOptions, ApiInformerOptions } from "./verbs/watch.ts";
export type { ReconnectBackoff } from "./watch/backoff.ts";
export { Informer } from "./watch/informer.ts";
export type { InformerOptions, InformerHandlers } from "./watch/informer.ts";
export { WatchError } from "./errors.ts";
export type { WatchEvent, WatchEventType, BookmarkEvent, RawObject, RawObjectMeta } from "./watch/types.ts";
