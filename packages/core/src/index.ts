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
export type { OpenApiV3Document } from "./discovery/openapi.ts";
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
  ObjectClass,
  ObjectGetOptions,
  ObjectListOptions,
  ObjectPatchOptions,
  ObjectDeleteOptions,
  ObjectWatchOptions,
  ObjectRequestOptions,
} from "./objects/api-object.ts";
export type { AnyAPIObject } from "./objects/api-object.ts";
export { StreamingObject } from "./objects/streaming.ts";
export type { WorkloadExecOptions } from "./objects/streaming.ts";
export type { MetadataArg } from "./objects/metadata-args.ts";
export type { OwnerLike, OwnerOptions } from "./objects/owner.ts";
export type { ScaleOptions } from "./objects/scale.ts";
export { objectFromSpec } from "./objects/from-spec.ts";
export type { ObjectFromSpecOptions } from "./objects/from-spec.ts";
export { objectsFromFiles, objectsFromString } from "./objects/from-files.ts";
export type { ObjectsFromFilesOptions, ObjectsFromStringOptions } from "./objects/from-files.ts";
export { Registry, defaultRegistry } from "./objects/registry.ts";
export type { KindArg, KindInfo, RegistryOptions } from "./objects/registry.ts";

// Built-in classes: one per kind of the core, apps, batch, autoscaling, networking, policy, rbac, storage,
// apiextensions, coordination, discovery, events, scheduling, certificates, admissionregistration, flowcontrol
// and node groups (README "Built-in classes"). Every Registry resolves them unless created with builtins: false.
export { Binding } from "./objects/core/binding.ts";
export { ComponentStatus } from "./objects/core/component-status.ts";
export { ConfigMap } from "./objects/core/config-map.ts";
export { Endpoints } from "./objects/core/endpoints.ts";
export { Event } from "./objects/core/event.ts";
export { LimitRange } from "./objects/core/limit-range.ts";
export { Namespace } from "./objects/core/namespace.ts";
export { Node } from "./objects/core/node.ts";
export { PersistentVolume } from "./objects/core/persistent-volume.ts";
export { PersistentVolumeClaim } from "./objects/core/persistent-volume-claim.ts";
export { Pod } from "./objects/core/pod.ts";
export { PodTemplate } from "./objects/core/pod-template.ts";
export { ReplicationController } from "./objects/core/replication-controller.ts";
export { ResourceQuota } from "./objects/core/resource-quota.ts";
export { Secret } from "./objects/core/secret.ts";
export { Service } from "./objects/core/service.ts";
export { ServiceAccount } from "./objects/core/service-account.ts";
export { MutatingWebhookConfiguration } from "./objects/admissionregistration/mutating-webhook-configuration.ts";
export { ValidatingAdmissionPolicy } from "./objects/admissionregistration/validating-admission-policy.ts";
export { ValidatingAdmissionPolicyBinding } from "./objects/admissionregistration/validating-admission-policy-binding.ts";
export { ValidatingWebhookConfiguration } from "./objects/admissionregistration/validating-webhook-configuration.ts";
export { CustomResourceDefinition } from "./objects/apiextensions/custom-resource-definition.ts";
export { ControllerRevision } from "./objects/apps/controller-revision.ts";
export { DaemonSet } from "./objects/apps/daemon-set.ts";
export { Deployment } from "./objects/apps/deployment.ts";
export { ReplicaSet } from "./objects/apps/replica-set.ts";
export { StatefulSet } from "./objects/apps/stateful-set.ts";
export { HorizontalPodAutoscaler } from "./objects/autoscaling/horizontal-pod-autoscaler.ts";
export { CronJob } from "./objects/batch/cron-job.ts";
export { Job } from "./objects/batch/job.ts";
export { CertificateSigningRequest } from "./objects/certificates/certificate-signing-request.ts";
export { Lease } from "./objects/coordination/lease.ts";
export { EndpointSlice } from "./objects/discovery/endpoint-slice.ts";
export { EventsV1Event } from "./objects/events/event.ts";
export { FlowSchema } from "./objects/flowcontrol/flow-schema.ts";
export { PriorityLevelConfiguration } from "./objects/flowcontrol/priority-level-configuration.ts";
export { IPAddress } from "./objects/networking/ip-address.ts";
export { Ingress } from "./objects/networking/ingress.ts";
export { IngressClass } from "./objects/networking/ingress-class.ts";
export { NetworkPolicy } from "./objects/networking/network-policy.ts";
export { ServiceCIDR } from "./objects/networking/service-cidr.ts";
export { RuntimeClass } from "./objects/node/runtime-class.ts";
export { PodDisruptionBudget } from "./objects/policy/pod-disruption-budget.ts";
export { ClusterRole } from "./objects/rbac/cluster-role.ts";
export { ClusterRoleBinding } from "./objects/rbac/cluster-role-binding.ts";
export { Role } from "./objects/rbac/role.ts";
export { RoleBinding } from "./objects/rbac/role-binding.ts";
export { PriorityClass } from "./objects/scheduling/priority-class.ts";
export { CSIDriver } from "./objects/storage/csi-driver.ts";
export { CSINode } from "./objects/storage/csi-node.ts";
export { CSIStorageCapacity } from "./objects/storage/csi-storage-capacity.ts";
export { StorageClass } from "./objects/storage/storage-class.ts";
export { VolumeAttachment } from "./objects/storage/volume-attachment.ts";
export type { IPAddressJSON } from "./objects/networking/ip-address.ts";
export type { ServiceCIDRJSON } from "./objects/networking/service-cidr.ts";
export { parseWaitCondition } from "./objects/wait.ts";
export type { WaitCondition, WaitMode, WaitOptions } from "./objects/wait.ts";

// kubectl's JSONPath templates (`-o jsonpath=`, `jsonpath-as-json`, custom columns, `--sort-by`, `wait`).
export { compileJsonPath, relaxedJsonPath } from "./jsonpath/jsonpath.ts";
export type { JsonPath, JsonPathRunOptions } from "./jsonpath/jsonpath.ts";

// Helpers of the built-in kinds: pods, workloads and their rollouts, services, nodes, config, jobs.
export { isPodReady } from "./objects/core/pod.ts";
export type { PodGenOptions } from "./objects/core/pod.ts";
export type { TaintOptions } from "./objects/core/node.ts";
export { parseTaintSpec } from "./objects/core/taints.ts";
export type { TaintSpec, TaintEffect } from "./objects/core/taints.ts";
export { EVICTION_RETRY_MS } from "./objects/core/drain.ts";
export type { DrainOptions, DrainEvent, DrainPod, DrainResult } from "./objects/core/drain.ts";
export type { SecretGenOptions } from "./objects/core/secret.ts";
export { RESTARTED_AT_ANNOTATION } from "./objects/apps/workload.ts";
export { CHANGE_CAUSE_ANNOTATION } from "./objects/apps/rollout.ts";
export type { RolloutStatus, RolloutRevision, RolloutUndoResult } from "./objects/apps/rollout.ts";

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
  RolloutError,
  DrainError,
  ConnectionClosedError,
  ExecError,
  CommandNotFoundError,
  ContainerNotFoundError,
  PodNotRunningError,
  CopyError,
} from "./errors.ts";
export type { ContainerRef } from "./errors.ts";
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
export { invalidPathSegment } from "./internal/path-segment.ts";
export type { ResolveConnectionOptions } from "./config/resolve.ts";
export type { ConnectionOverrides } from "./config/overrides.ts";
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
  ExecUpdate,
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
export type { ServerWarning, WarningHandler } from "./http/warnings.ts";
export type { Query } from "./http/query.ts";
export { HTTP_DEBUG_CHANNEL } from "./http/debug.ts";
export type { HttpDebugEvent } from "./http/debug.ts";

// Watch and informer: list+watch that resumes, re-lists on 410 and delivers the difference. The entry
// points are `Api.watch(kind)` / `Api.informer(kind)` (the functions take an internal ResourceRef).
export type { WatchOptions } from "./watch/watch.ts";
export type { ApiWatchOptions, ApiInformerOptions, ApiTableWatchOptions } from "./verbs/watch.ts";
export type { TableWatchEvent, TableWatchOptions } from "./watch/table-watch.ts";
export type { ReconnectBackoff } from "./watch/backoff.ts";
export { Informer } from "./watch/informer.ts";
export type { InformerOptions, InformerHandlers } from "./watch/informer.ts";
export { WatchError } from "./errors.ts";
export type { WatchEvent, WatchEventType, BookmarkEvent, RawObject, RawObjectMeta } from "./watch/types.ts";

// Streaming: exec, attach, cp (WebSocket channel protocol, tar over exec). The functions load their modules
// on first call (streams/lazy.ts): programs that never stream do not load them.
export { exec, attach } from "./streams/lazy.ts";
export type { StreamOptions, ExecOptions, ExecResult, AttachOptions, AttachResult } from "./streams/exec.ts";
export type { KeepaliveOptions, OutputTarget, StdinSource, TerminalSize } from "./streams/session.ts";
export { cp, copyToPod, copyFromPod } from "./streams/lazy.ts";
export type { CopyOptions, CopyResult } from "./streams/cp.ts";
export { EXEC_PROTOCOLS } from "./streams/channels.ts";
export type { ExecProtocol } from "./streams/channels.ts";
export { DEFAULT_CONTAINER_ANNOTATION } from "./streams/pod-target.ts";
export type { PodRef } from "./streams/pod-target.ts";
export type { OpenWebSocketOptions, WebSocketConnection } from "./http/websocket.ts";

// Streaming (issue 9): port-forward, logs and proxy, aimed at a pod or at a ready pod of a Service or
// workload (kubectl's first-pod rules, streams/target.ts).
export { PortForwardError } from "./errors.ts";
export {
  resolveTarget,
  firstReadyPod,
  podsOf,
  sortPodsBestFirst,
  isPodRunningAndReady,
  podSelectorOf,
  labelSelectorString,
  containerPortByName,
  servicePortToPodPort,
} from "./streams/target.ts";
export type {
  NamespacedName,
  StreamTarget,
  ResolvedTarget,
  TargetOptions,
  FirstReadyPodOptions,
} from "./streams/target.ts";
export { parsePortSpecs } from "./streams/port-spec.ts";
export type { PortSpec, LocalPorts } from "./streams/port-spec.ts";
export { portForward } from "./streams/lazy.ts";
export { PORT_FORWARD_PROTOCOL, PORT_FORWARD_PROTOCOLS } from "./streams/port-forward-protocols.ts";
export type {
  PortForward,
  PortForwardOptions,
  PortForwardProtocol,
  ForwardedPort,
} from "./streams/port-forward.ts";
export { SPDY_PORT_FORWARD_PROTOCOL } from "./streams/port-forward-protocols.ts";
export { logs } from "./streams/lazy.ts";
export { normalizeTimestamp } from "./streams/log-timestamps.ts";
export type { LogsOptions } from "./streams/logs.ts";
export { proxy, proxyHttpRequest } from "./streams/lazy.ts";
export { PROXY_DEFAULTS } from "./streams/proxy-defaults.ts";
export type {
  ProxyOptions,
  ProxyServer,
  ProxyHttpRequestOptions,
  ProxyHttpResponse,
  Patterns,
} from "./streams/proxy.ts";
