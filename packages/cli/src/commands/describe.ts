import { Args, Flags } from "@oclif/core";
import type { Api, KindInfo, KubeObject, NamespaceOption } from "@kr8s/core";
import { Kr8sCommand } from "../base-command.ts";
import { UsageError } from "../errors.ts";
import {
  chunkSizeFlag,
  listFlags,
  stringSlice,
  kustomizeFlag,
  refuseKustomize,
  sliceValues,
} from "../flags.ts";
import {
  exactSpelling,
  fromManifests,
  refuseNamesAcrossNamespaces,
  resolveRequests,
  withTypeMeta,
  type Target as Named,
} from "../resource-targets.ts";
import type { Deployment, ReplicaSetSummary } from "../printers/describe/deployment.ts";
import type { CertificateSigningRequest } from "../printers/describe/csr.ts";
import type { HorizontalPodAutoscaler } from "../printers/describe/hpa.ts";
import type {
  BackendService,
  Ingress,
  IngressClass,
  IPAddress,
  NetworkPolicy,
  ServiceCIDR,
} from "../printers/describe/ingress.ts";
import type { PodDisruptionBudget, ReplicationController } from "../printers/describe/misc.ts";
import type { LimitRange, Namespace, ResourceQuota } from "../printers/describe/namespace.ts";
import type { Node, NodeLease } from "../printers/describe/node.ts";
import type { EndpointSlice, Service } from "../printers/describe/service.ts";
import type { Claim } from "../printers/describe/claim.ts";
import type { ClaimUser, CSINode, PersistentVolume } from "../printers/describe/storage.ts";
import type { DescribedEvent, LabelSelector, Pod } from "../printers/describe/types.ts";
import type {
  CronJob,
  DaemonSet,
  Job,
  OwnedPod,
  PodCounts,
  ReplicaSet,
  StatefulSet,
} from "../printers/describe/workloads.ts";
import { EMPTY_NAME, parseResourceArgs, refuseNamesWithSelector } from "../resource-args.ts";
import type { CompletionSpec } from "../completion/spec.ts";
import type { ListContext } from "../printers/kube-error.ts";

/** An object to describe, with its kind. */
interface Target {
  info: KindInfo;
  object: KubeObject;
}

export default class Describe extends Kr8sCommand<typeof Describe> {
  static override args = {
    resources: Args.string({
      description: "TYPE[,TYPE…] [NAME_PREFIX…] or TYPE/NAME…; `all` for kubectl's `all` category",
    }),
  };
  static completion: CompletionSpec = { args: { source: "resources" } };
  static override description = `Prints a detailed description of the selected resources, including related resources such as events or controllers, byte for byte as kubectl v1.32 prints it for pods, deployments, services, nodes, configmaps and secrets; every other kind (custom resources included) is printed field by field, as kubectl's generic describer does. Select one object by name, every object of a type or of a category (all), objects by label (-l), or a name prefix: \`describe TYPE NAME_PREFIX\` first looks for an object with exactly that name, and otherwise describes every object whose name starts with it.

Secret values are never printed, only their size in bytes.`;
  static override examples = [
    "<%= config.bin %> <%= command.id %> nodes kwok-node-0",
    "<%= config.bin %> <%= command.id %> pods/nginx",
    "<%= config.bin %> <%= command.id %> -f pod.json",
    "<%= config.bin %> <%= command.id %> pods",
    "<%= config.bin %> <%= command.id %> pods -l name=myLabel",
    "<%= config.bin %> <%= command.id %> pods frontend",
    "<%= config.bin %> <%= command.id %> all -n kube-system",
    "<%= config.bin %> <%= command.id %> deploy/web --show-events=false",
  ];
  static override flags = {
    "all-namespaces": listFlags["all-namespaces"],
    selector: listFlags.selector,
    filename: Flags.string({
      char: "f",
      description:
        "Files, directories (their .json, .yaml and .yml files), http(s) URLs or - for stdin (comma-separated or repeated), naming the objects to describe.",
      ...stringSlice,
    }),
    kustomize: kustomizeFlag,
    recursive: Flags.boolean({
      char: "R",
      description: "Process the directory used in -f, --filename recursively.",
    }),
    "show-events": Flags.boolean({
      allowNo: true,
      default: true,
      description:
        "If true, display events related to the described object (--show-events=false to leave them out).",
    }),
    "chunk-size": chunkSizeFlag,
  };
  static override strict = false;
  static override summary = "Show details of a specific resource or group of resources.";

  async run(): Promise<void> {
    refuseKustomize(this.flags.kustomize, "describe");
    const bin = this.config.bin;
    const files = sliceValues(this.flags.filename);
    if (files.length > 0 && this.positionals.length > 0)
      throw new UsageError(
        "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well",
      );
    if (this.positionals.length === 0 && files.length === 0)
      throw new UsageError(
        `You must specify the type of resource to describe. Use "${bin} api-resources" for a complete list of supported resources.`,
      );
    const requests = parseResourceArgs(this.positionals);
    refuseNamesWithSelector(this.positionals, requests, Boolean(this.flags.selector));
    const k = await this.api();
    const { ALL, NotFoundError, ServerError } = await import("@kr8s/core");
    const namespace = this.flags["all-namespaces"] ? ALL : k.namespace;
    const limit = this.flags["chunk-size"] > 0 ? { limit: this.flags["chunk-size"] } : {};
    let named: Named[] = [];
    /**
     * What kubectl's resource builder finds wrong in the manifests (`-f`): documents it cannot read, objects
     * of kinds the server does not serve; in the manifests' order.
     */
    const unread: { message: string; position: number; builder?: boolean | undefined }[] = [];
    if (files.length > 0) {
      const { readManifests } = await import("../manifests.ts");
      const manifests = await readManifests(files, {
        recursive: this.flags.recursive,
        continueOnError: true,
      });
      unread.push(...manifests.errors);
      for (const target of await fromManifests(k, manifests.objects, {
        keepUnmapped: true,
        explicitNamespace: this.flags.namespace,
        allNamespaces: this.flags["all-namespaces"],
      }))
        if ("unmapped" in target) unread.push({ message: target.unmapped, position: target.position });
        else named.push(target);
      unread.sort((a, b) => a.position - b.position);
    } else {
      named = await resolveRequests(k, requests);
      refuseNamesAcrossNamespaces(this.flags["all-namespaces"], named);
    }

    const targets: Target[] = [];
    /**
     * The server's refusals (a list's with what it listed, which kubectl names: `Unable to find …`), and
     * client-go's own refusal of an empty name (`error` undefined), in the arguments' order.
     */
    const errors: { error?: InstanceType<typeof ServerError>; list?: ListContext }[] = [];
    // kubectl's describe checks a manifest object's namespace as it reads the file, before any request:
    // refused whether or not the object exists, first of all errors, in the files' order.
    const refused = named.flatMap(({ wrongNamespace, names }) =>
      wrongNamespace === undefined
        ? []
        : names.map(() => ({ message: wrongNamespace, position: -1, builder: true })),
    );
    unread.unshift(...refused);
    for (const { info: asked, names, namespace: own, wrongNamespace } of named) {
      if (wrongNamespace !== undefined) continue;
      const info = await describedVersion(k, asked);
      const kind = exactSpelling({ ...info, name: info.plural });
      const options = { namespace: (own ?? namespace) as NamespaceOption, raw: true as const, ...limit };
      if (names.length === 0) {
        const selector = this.flags.selector ? { labelSelector: this.flags.selector } : {};
        try {
          for (const object of await k.get(kind, { ...options, ...selector }))
            targets.push({ info, object: withTypeMeta(object, info) });
        } catch (error) {
          if (!(error instanceof ServerError)) throw error;
          const { listContext } = await import("../printers/kube-error.ts");
          errors.push({ error, list: listContext(info, this.flags) });
        }
        continue;
      }
      for (const name of names) {
        if (name === "") {
          errors.push({});
          continue;
        }
        try {
          const found = await k.get(kind, name, options);
          for (const object of found) targets.push({ info, object });
        } catch (error) {
          if (!(error instanceof ServerError)) throw error;
          errors.push({ error });
        }
      }
    }

    const now = Date.now();
    // kubectl's `describe TYPE NAME_PREFIX`: when the name's only error is NotFound, it is taken as the
    // prefix of the names to describe, and nothing else is printed.
    const [{ error: onlyError } = {}, ...moreErrors] = errors;
    const [type = "", prefix = ""] = this.positionals;
    if (onlyError instanceof NotFoundError && moreErrors.length === 0 && this.positionals.length === 2) {
      // kubectl lists TYPE again to look for the prefix: several types (`po,svc web`) are refused then, and
      // `TYPE/NAME` lists nothing a prefix could match.
      if (type.includes("/")) throw onlyError;
      if (type.includes(",")) throw new UsageError("you may only specify a single resource type");
      const { info } = named[0] ?? {};
      if (!info) throw onlyError;
      const all = await k.get(exactSpelling({ ...info, name: info.plural }), {
        namespace: k.namespace,
        raw: true,
        ...limit,
      });
      const matching = all
        .filter((object) => (object.metadata?.name ?? "").startsWith(prefix))
        .map((object) => withTypeMeta(object, info));
      if (matching.length === 0) throw onlyError;
      for (const object of matching) this.write(`${await this.describeOne(k, { info, object }, now)}\n`);
      return;
    }

    let first = true;
    for (const target of targets) {
      const text = await this.describeOne(k, target, now);
      this.write(first ? text : `\n\n${text}`);
      first = false;
    }
    if (targets.length === 0 && errors.length === 0 && unread.length === 0) {
      this.logToStderr(
        this.flags["all-namespaces"]
          ? "No resources found"
          : `No resources found in ${k.namespace} namespace.`,
      );
    }
    if (errors.length > 0 || unread.length > 0) {
      const { goAggregateText, kubectlErrorLine } = await import("../printers/kube-error.ts");
      // The namespace check's error alone is kubectl's `error: …` (see Unmapped.builder).
      const alone = unread.length === 1 && errors.length === 0 && unread[0]?.builder;
      const messages = unread.map((u) => (alone ? `error: ${u.message}` : u.message));
      // The builder's errors: each on its own line when alone; before describing's errors, as one entry.
      const lines = errors.length > 0 && messages.length > 0 ? [goAggregateText(messages)] : messages;
      for (const line of lines) this.logToStderr(line);
      // client-go's empty-name refusal is `error: …` when it is the only error, bare among others.
      const alonePrefix = errors.length === 1 && lines.length === 0 ? "error: " : "";
      for (const { error, list } of errors)
        this.logToStderr(error ? kubectlErrorLine(error, list) : `${alonePrefix}${EMPTY_NAME}`);
      this.exit(1);
    }
  }

  /** One object's description, with what its describer reads besides the object (events, pods…). */
  private async describeOne(k: Api, { info, object }: Target, now: number): Promise<string> {
    const core = info.group === "";
    const showEvents = this.flags["show-events"];
    const events = async (withKind = true): Promise<DescribedEvent[] | undefined> =>
      showEvents ? await this.events(k, object, info, withKind) : undefined;
    const meta = object.metadata ?? {};
    const namespace = meta.namespace ?? "";
    const chunk = this.flags["chunk-size"] > 0 ? { limit: this.flags["chunk-size"] } : {};
    if (core && info.kind === "Pod") {
      const { describePod } = await import("../printers/describe/pod.ts");
      // kubectl leaves the kind out of a pod's event search (mirror pods' events name their static pod).
      return describePod(object as Pod, await events(false), now);
    }
    if (core && info.kind === "ConfigMap") {
      const { describeConfigMap } = await import("../printers/describe/config-map.ts");
      return describeConfigMap(object, await events(), now);
    }
    if (core && info.kind === "Secret") {
      const { describeSecret } = await import("../printers/describe/secret.ts");
      return describeSecret(object);
    }
    if (core && info.kind === "Service") {
      const { describeService } = await import("../printers/describe/service.ts");
      // Like kubectl, a failure to list the EndpointSlices only leaves the endpoints out.
      const slices = await k
        .get("endpointslices.v1.discovery.k8s.io", {
          namespace,
          labelSelector: `kubernetes.io/service-name=${meta.name ?? ""}`,
          raw: true,
        })
        .catch(() => []);
      return describeService(object as Service, slices as EndpointSlice[], await events(), now);
    }
    if (core && info.kind === "Node") {
      const { describeNode } = await import("../printers/describe/node.ts");
      const { ALL, ForbiddenError } = await import("@kr8s/core");
      const pods = await k
        .get("pods/v1", {
          namespace: ALL as NamespaceOption,
          fieldSelector: `spec.nodeName=${meta.name ?? ""},status.phase!=Failed,status.phase!=Succeeded`,
          raw: true as const,
          ...chunk,
        })
        .catch((error: unknown) => {
          if (error instanceof ForbiddenError) return undefined;
          throw error;
        });
      const lease = await k
        .get("leases.v1.coordination.k8s.io", meta.name ?? "", { namespace: "kube-node-lease", raw: true })
        .then(([found]): NodeLease => (found ?? {}) as NodeLease)
        .catch((error: unknown): NodeLease => ({
          error: error instanceof Error ? error.message : String(error),
        }));
      // Node events name the node by its UID (controllers) or by its name (the kubelet): kubectl merges both.
      const nodeEvents = showEvents
        ? [
            ...((await this.events(k, object, info, true)) ?? []),
            ...((await this.events(
              k,
              { ...object, metadata: { ...meta, uid: meta.name ?? "" } },
              info,
              true,
            )) ?? []),
          ]
        : undefined;
      return describeNode(object as Node, pods as Pod[] | undefined, lease, nodeEvents, now);
    }
    if (info.group === "apps" && info.kind === "Deployment") {
      const { describeDeployment } = await import("../printers/describe/deployment.ts");
      return describeDeployment(object as Deployment, await this.replicaSets(k, object), await events(), now);
    }
    if (core && info.kind === "Namespace") {
      const { describeNamespace } = await import("../printers/describe/namespace.ts");
      const { NotFoundError } = await import("@kr8s/core");
      // A server without quotas or limit ranges (NotFound) leaves the section out; other errors fail.
      const inNamespace = (kind: string) =>
        k.get(kind, { namespace: meta.name ?? "", raw: true, ...chunk }).catch((error: unknown) => {
          if (error instanceof NotFoundError) return undefined;
          throw error;
        });
      return describeNamespace(
        object as Namespace,
        (await inNamespace("resourcequotas/v1")) as ResourceQuota[] | undefined,
        (await inNamespace("limitranges/v1")) as LimitRange[] | undefined,
      );
    }
    if (core && info.kind === "ResourceQuota") {
      const { describeResourceQuota } = await import("../printers/describe/namespace.ts");
      return describeResourceQuota(object as ResourceQuota);
    }
    if (core && info.kind === "LimitRange") {
      const { describeLimitRange } = await import("../printers/describe/namespace.ts");
      return describeLimitRange(object as LimitRange);
    }
    if (core && info.kind === "ServiceAccount") {
      const { describeServiceAccount } = await import("../printers/describe/service-account.ts");
      // Like kubectl, the account is described even when its namespace's secrets cannot be listed.
      const secrets = await k.get("secrets/v1", { namespace, raw: true, ...chunk }).catch(() => undefined);
      return describeServiceAccount(object, secrets, await events(), now);
    }
    if (info.group === "apps" && info.kind === "ReplicaSet") {
      const { describeReplicaSet } = await import("../printers/describe/workloads.ts");
      // A failed list of its pods is printed in their place, as kubectl does.
      const pods = await this.podCounts(k, object).catch((error: unknown) =>
        error instanceof Error ? error : new Error(String(error)),
      );
      return describeReplicaSet(object as ReplicaSet, pods, await events(), now);
    }
    if (info.group === "apps" && info.kind === "StatefulSet") {
      const { describeStatefulSet } = await import("../printers/describe/workloads.ts");
      return describeStatefulSet(object as StatefulSet, await this.podCounts(k, object), await events(), now);
    }
    if (info.group === "apps" && info.kind === "DaemonSet") {
      const { describeDaemonSet } = await import("../printers/describe/workloads.ts");
      return describeDaemonSet(object as DaemonSet, await this.podCounts(k, object), await events(), now);
    }
    if (info.group === "batch" && info.kind === "Job") {
      const { describeJob } = await import("../printers/describe/workloads.ts");
      return describeJob(object as Job, await events(), now);
    }
    if (info.group === "batch" && info.kind === "CronJob") {
      const { describeCronJob } = await import("../printers/describe/workloads.ts");
      return describeCronJob(object as CronJob, await events(), now);
    }
    if (core && info.kind === "PersistentVolume") {
      const { describePersistentVolume } = await import("../printers/describe/storage.ts");
      return describePersistentVolume(object as PersistentVolume, await events(), now);
    }
    if (core && info.kind === "PersistentVolumeClaim") {
      const { claimUsers, describePersistentVolumeClaim } = await import("../printers/describe/storage.ts");
      // The namespace's pods that mount it; kubectl fails the description when they cannot be listed.
      const pods = await k.get("pods/v1", { namespace, raw: true, ...chunk });
      const claim = object as Claim;
      return describePersistentVolumeClaim(
        claim,
        claimUsers(claim, pods as ClaimUser[]),
        await events(),
        now,
      );
    }
    if (info.group === "storage.k8s.io" && info.kind === "CSINode") {
      const { describeCSINode } = await import("../printers/describe/storage.ts");
      return describeCSINode(object as CSINode, await events(), now);
    }
    if (info.group === "storage.k8s.io" && info.kind === "StorageClass") {
      const { describeStorageClass } = await import("../printers/describe/storage.ts");
      return describeStorageClass(object, await events(), now);
    }
    if (info.group === "networking.k8s.io" && info.kind === "Ingress") {
      const { backendServices, describeIngress } = await import("../printers/describe/ingress.ts");
      // Each backend service's ports and EndpointSlices, read as kubectl reads them (slices first).
      const services = new Map<string, BackendService>();
      for (const name of backendServices(object as Ingress)) {
        try {
          const slices = await k.get("endpointslices.v1.discovery.k8s.io", {
            namespace,
            labelSelector: `kubernetes.io/service-name=${name}`,
            raw: true,
          });
          const [service] = await k.get("services/v1", name, { namespace, raw: true });
          const ports = (service as Service | undefined)?.spec?.ports ?? [];
          services.set(name, { ports, slices: slices as EndpointSlice[] });
        } catch (error) {
          services.set(name, { error: error instanceof Error ? error.message : String(error) });
        }
      }
      return describeIngress(object as Ingress, services, await events(), now);
    }
    if (info.group === "networking.k8s.io" && info.kind === "NetworkPolicy") {
      const { describeNetworkPolicy } = await import("../printers/describe/ingress.ts");
      // kubectl's network policy describer prints no events.
      return describeNetworkPolicy(object as NetworkPolicy);
    }
    if (info.group === "networking.k8s.io" && info.kind === "ServiceCIDR") {
      const { describeServiceCIDR } = await import("../printers/describe/ingress.ts");
      return describeServiceCIDR(object as ServiceCIDR, await events(), now);
    }
    if (info.group === "networking.k8s.io" && info.kind === "IPAddress") {
      const { describeIPAddress } = await import("../printers/describe/ingress.ts");
      return describeIPAddress(object as IPAddress, await events(), now);
    }
    if (info.group === "networking.k8s.io" && info.kind === "IngressClass") {
      const { describeIngressClass } = await import("../printers/describe/ingress.ts");
      return describeIngressClass(object as IngressClass, await events(), now);
    }
    if (core && info.kind === "ReplicationController") {
      const { describeReplicationController } = await import("../printers/describe/misc.ts");
      // Its selector is a plain map: as a label selector, for the pod count.
      const rc = object as ReplicationController;
      const workload = { ...object, spec: { selector: { matchLabels: rc.spec?.selector ?? {} } } };
      return describeReplicationController(rc, await this.podCounts(k, workload), await events(), now);
    }
    if (info.group === "policy" && info.kind === "PodDisruptionBudget") {
      const { describePodDisruptionBudget } = await import("../printers/describe/misc.ts");
      return describePodDisruptionBudget(object as PodDisruptionBudget, await events(), now);
    }
    if (info.group === "scheduling.k8s.io" && info.kind === "PriorityClass") {
      const { describePriorityClass } = await import("../printers/describe/misc.ts");
      return describePriorityClass(object, await events(), now);
    }
    if (core && info.kind === "Endpoints") {
      const { describeEndpoints } = await import("../printers/describe/misc.ts");
      return describeEndpoints(object, await events(), now);
    }
    if (info.group === "discovery.k8s.io" && info.kind === "EndpointSlice") {
      const { describeEndpointSlice } = await import("../printers/describe/misc.ts");
      return describeEndpointSlice(object, await events(), now);
    }
    if (info.group === "autoscaling" && info.kind === "HorizontalPodAutoscaler") {
      const { describeHorizontalPodAutoscaler } = await import("../printers/describe/hpa.ts");
      return describeHorizontalPodAutoscaler(object as HorizontalPodAutoscaler, await events(), now);
    }
    if (info.group === "certificates.k8s.io" && info.kind === "CertificateSigningRequest") {
      const csr = await import("../printers/describe/csr.ts");
      const request = object as CertificateSigningRequest;
      let contents: ReturnType<typeof csr.parseCertificateRequest>;
      try {
        contents = csr.parseCertificateRequest(request.spec?.request);
      } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
      }
      return csr.describeCertificateSigningRequest(request, contents, await events(), now);
    }
    if (info.group === "rbac.authorization.k8s.io") {
      const { describeRole, describeRoleBinding } = await import("../printers/describe/rbac.ts");
      if (info.kind === "Role" || info.kind === "ClusterRole") return describeRole(object);
      if (info.kind === "RoleBinding" || info.kind === "ClusterRoleBinding")
        return describeRoleBinding(object);
    }
    const { describeGeneric } = await import("../printers/describe/generic.ts");
    return describeGeneric(object, await events(), now);
  }

  /**
   * The pods a workload controls (those its selector matches and it is the controller of), by phase:
   * kubectl's `getPodStatusForController`.
   */
  private async podCounts(k: Api, workload: KubeObject): Promise<PodCounts> {
    const { countPods } = await import("../printers/describe/workloads.ts");
    const { selectorString } = await import("../printers/describe/sections.ts");
    const selector = (workload as { spec?: { selector?: LabelSelector } }).spec?.selector;
    const pods = await k.get("pods/v1", {
      namespace: workload.metadata?.namespace ?? "",
      labelSelector: selectorString(selector),
      raw: true,
      ...(this.flags["chunk-size"] > 0 ? { limit: this.flags["chunk-size"] } : {}),
    });
    return countPods(pods as OwnedPod[], workload.metadata?.uid);
  }

  /**
   * The events of an object (kubectl's `searchEvents`): field selector on its name, namespace, kind and
   * UID, every page. A failed search prints no Events section, as in kubectl.
   */
  private async events(
    k: Api,
    object: KubeObject,
    info: KindInfo,
    withKind: boolean,
  ): Promise<DescribedEvent[] | undefined> {
    const { ALL } = await import("@kr8s/core");
    const meta = object.metadata ?? {};
    const fields = [
      ...(withKind ? [`involvedObject.kind=${info.kind}`] : []),
      `involvedObject.name=${meta.name ?? ""}`,
      `involvedObject.namespace=${meta.namespace ?? ""}`,
      ...(meta.uid ? [`involvedObject.uid=${meta.uid}`] : []),
    ];
    const limit = this.flags["chunk-size"] > 0 ? { limit: this.flags["chunk-size"] } : {};
    try {
      return (await k.get("events/v1", {
        namespace: (meta.namespace ? meta.namespace : ALL) as NamespaceOption,
        fieldSelector: fields.join(","),
        raw: true as const,
        ...limit,
      })) as DescribedEvent[];
    } catch {
      return undefined;
    }
  }

  /**
   * The deployment's replica sets (deploymentutil's `GetAllReplicaSets`): those it controls, the new one
   * being the one whose pod template is the deployment's (its pod-template-hash label aside).
   */
  private async replicaSets(
    k: Api,
    deployment: KubeObject,
  ): Promise<{ old: ReplicaSetSummary[]; new: ReplicaSetSummary[] } | undefined> {
    const { selectorString } = await import("../printers/describe/sections.ts");
    const spec = (
      deployment as { spec?: { selector?: Parameters<typeof selectorString>[0]; template?: unknown } }
    ).spec;
    try {
      const all = await k.get("replicasets.v1.apps", {
        namespace: deployment.metadata?.namespace ?? "",
        labelSelector: selectorString(spec?.selector),
        raw: true,
        ...(this.flags["chunk-size"] > 0 ? { limit: this.flags["chunk-size"] } : {}),
      });
      const owned = all.filter((rs) =>
        rs.metadata?.ownerReferences?.some(
          (o) => o.controller === true && o.uid === deployment.metadata?.uid,
        ),
      );
      const template = JSON.stringify(spec?.template);
      const withoutHash = (rs: KubeObject): string => {
        const copy = structuredClone(
          (rs as { spec?: { template?: { metadata?: { labels?: Record<string, string> } } } }).spec?.template,
        );
        if (copy?.metadata?.labels) delete copy.metadata.labels["pod-template-hash"];
        return JSON.stringify(copy);
      };
      const byAge = [...owned].sort(
        (a, b) =>
          Date.parse(a.metadata?.creationTimestamp ?? "") - Date.parse(b.metadata?.creationTimestamp ?? ""),
      );
      const newest = byAge.find((rs) => withoutHash(rs) === template);
      const summaries = (list: KubeObject[]): ReplicaSetSummary[] => list as ReplicaSetSummary[];
      // Oldest first: deploymentutil's FindNewReplicaSet sorts the list by creation time (ties by name)
      // in place before the old ones are picked from it.
      return { old: summaries(byAge.filter((rs) => rs !== newest)), new: summaries(newest ? [newest] : []) };
    } catch {
      return undefined;
    }
  }
}

/**
 * The version kubectl's describer reads an object in: its HorizontalPodAutoscaler describer always reads
 * autoscaling/v2 (metrics, behavior and conditions are v2 fields; v1 keeps them in annotations), whatever
 * version was asked for; every other describer reads what was asked.
 */
async function describedVersion(k: Api, info: KindInfo): Promise<KindInfo> {
  if (info.group !== "autoscaling" || info.kind !== "HorizontalPodAutoscaler" || info.version === "v2")
    return info;
  return k.lookupKind("horizontalpodautoscalers.v2.autoscaling").catch(() => info);
}
