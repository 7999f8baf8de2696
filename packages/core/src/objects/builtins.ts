/**
 * The built-in classes: one for every kind the core, apps, batch, autoscaling, networking, policy, rbac,
 * storage, apiextensions, coordination, discovery, events, scheduling, certificates, admissionregistration,
 * flowcontrol and node groups serve (their preferred versions, as a Kubernetes 1.33 API server reports them).
 * Every {@link Registry} resolves them unless created with `builtins: false`.
 *
 * Registration is eager: the list below imports every class. `@kr8s/core` exports each class by name, so
 * importing the package loads all of them whatever the registry does; a lazy table would save nothing and
 * would make `Registry.get` depend on a pending import. Their cost was per module, not per class (53
 * modules: 52–60 ms CPU of the package's 408–455 ms on a loaded machine; the same classes in one module:
 * 6.8 ms), and the package now ships as one bundle (bench/core-import.ts, README "Built-in classes").
 */
import type { APIObjectClass } from "./api-object.ts";
import { Binding } from "./core/binding.ts";
import { ComponentStatus } from "./core/component-status.ts";
import { ConfigMap } from "./core/config-map.ts";
import { Endpoints } from "./core/endpoints.ts";
import { Event } from "./core/event.ts";
import { LimitRange } from "./core/limit-range.ts";
import { Namespace } from "./core/namespace.ts";
import { Node } from "./core/node.ts";
import { PersistentVolume } from "./core/persistent-volume.ts";
import { PersistentVolumeClaim } from "./core/persistent-volume-claim.ts";
import { Pod } from "./core/pod.ts";
import { PodTemplate } from "./core/pod-template.ts";
import { ReplicationController } from "./core/replication-controller.ts";
import { ResourceQuota } from "./core/resource-quota.ts";
import { Secret } from "./core/secret.ts";
import { Service } from "./core/service.ts";
import { ServiceAccount } from "./core/service-account.ts";
import { MutatingWebhookConfiguration } from "./admissionregistration/mutating-webhook-configuration.ts";
import { ValidatingAdmissionPolicy } from "./admissionregistration/validating-admission-policy.ts";
import { ValidatingAdmissionPolicyBinding } from "./admissionregistration/validating-admission-policy-binding.ts";
import { ValidatingWebhookConfiguration } from "./admissionregistration/validating-webhook-configuration.ts";
import { CustomResourceDefinition } from "./apiextensions/custom-resource-definition.ts";
import { ControllerRevision } from "./apps/controller-revision.ts";
import { DaemonSet } from "./apps/daemon-set.ts";
import { Deployment } from "./apps/deployment.ts";
import { ReplicaSet } from "./apps/replica-set.ts";
import { StatefulSet } from "./apps/stateful-set.ts";
import { HorizontalPodAutoscaler } from "./autoscaling/horizontal-pod-autoscaler.ts";
import { CronJob } from "./batch/cron-job.ts";
import { Job } from "./batch/job.ts";
import { CertificateSigningRequest } from "./certificates/certificate-signing-request.ts";
import { Lease } from "./coordination/lease.ts";
import { EndpointSlice } from "./discovery/endpoint-slice.ts";
import { EventsV1Event } from "./events/event.ts";
import { FlowSchema } from "./flowcontrol/flow-schema.ts";
import { PriorityLevelConfiguration } from "./flowcontrol/priority-level-configuration.ts";
import { IPAddress } from "./networking/ip-address.ts";
import { Ingress } from "./networking/ingress.ts";
import { IngressClass } from "./networking/ingress-class.ts";
import { NetworkPolicy } from "./networking/network-policy.ts";
import { ServiceCIDR } from "./networking/service-cidr.ts";
import { RuntimeClass } from "./node/runtime-class.ts";
import { PodDisruptionBudget } from "./policy/pod-disruption-budget.ts";
import { ClusterRole } from "./rbac/cluster-role.ts";
import { ClusterRoleBinding } from "./rbac/cluster-role-binding.ts";
import { Role } from "./rbac/role.ts";
import { RoleBinding } from "./rbac/role-binding.ts";
import { PriorityClass } from "./scheduling/priority-class.ts";
import { CSIDriver } from "./storage/csi-driver.ts";
import { CSINode } from "./storage/csi-node.ts";
import { CSIStorageCapacity } from "./storage/csi-storage-capacity.ts";
import { StorageClass } from "./storage/storage-class.ts";
import { VolumeAttachment } from "./storage/volume-attachment.ts";

/** Every built-in class, core group first, then by group and kind. */
export const builtinClasses: readonly APIObjectClass[] = [
  Binding,
  ComponentStatus,
  ConfigMap,
  Endpoints,
  Event,
  LimitRange,
  Namespace,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodTemplate,
  ReplicationController,
  ResourceQuota,
  Secret,
  Service,
  ServiceAccount,
  MutatingWebhookConfiguration,
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
  ValidatingWebhookConfiguration,
  CustomResourceDefinition,
  ControllerRevision,
  DaemonSet,
  Deployment,
  ReplicaSet,
  StatefulSet,
  HorizontalPodAutoscaler,
  CronJob,
  Job,
  CertificateSigningRequest,
  Lease,
  EndpointSlice,
  EventsV1Event,
  FlowSchema,
  PriorityLevelConfiguration,
  IPAddress,
  Ingress,
  IngressClass,
  NetworkPolicy,
  ServiceCIDR,
  RuntimeClass,
  PodDisruptionBudget,
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
  PriorityClass,
  CSIDriver,
  CSINode,
  CSIStorageCapacity,
  StorageClass,
  VolumeAttachment,
];
