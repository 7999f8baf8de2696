/**
 * What a streaming call (exec, logs, port-forward, proxy) is aimed at, and the pod that serves it: a Pod is
 * itself; a Service, Deployment, ReplicaSet, StatefulSet, Job… (anything with a pod selector) resolves to
 * its pods, best first, by kubectl's rules (`polymorphichelpers.attachablePodForObject` → `GetFirstPod`
 * sorted by `sort.Reverse(podutils.ActivePods)`).
 */
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Api } from "../api.ts";
import { APITimeoutError, InvalidArgumentError } from "../errors.ts";
import { podPath, selectorString, type Selector } from "../internal/resource.ts";
import { APIObject, type APIObjectClass, type KubeObject, type AnyAPIObject } from "../objects/api-object.ts";
import { isPodReady } from "../objects/core/pod.ts";

/** A pod by namespace and name (apimachinery's `types.NamespacedName`). */
export interface NamespacedName {
  namespace: string;
  name: string;
}

/**
 * What a streaming call is aimed at:
 * - `"web"` (a pod), or kubectl's `"<kind>/<name>"`: `"pod/web"`, `"svc/web"`, `"deploy/web"`,
 *   `"statefulset.apps/db"` (any kind spelling);
 * - `{ kind, name, namespace }` (kind defaults to `pod`);
 * - an `APIObject` (a `Pod`, `Service`, `Deployment`… as `get` returns them);
 * - `{ labelSelector }`: every pod matching it (logs fan out over them; port-forward picks the best one).
 *
 * The namespace defaults to the object's, then the client's.
 */
export type StreamTarget =
  | string
  | { kind?: string; name: string; namespace?: string | undefined }
  | { labelSelector: Selector; namespace?: string | undefined }
  | AnyAPIObject;

/** A target after resolution: the object (when there is one) and how to find its pods. */
export interface ResolvedTarget {
  /** `Pod`, `Service`, `Deployment`… (`Pod` for a label-selector target too). */
  kind: string;
  namespace: string;
  /** The object's name; empty for a label-selector target. */
  name: string;
  /** The object's JSON as last read; `undefined` for a label-selector target. */
  object: KubeObject | undefined;
  /** The label selector of its pods; `undefined` for a Pod. */
  selector: string | undefined;
}

/** Options of {@link resolveTarget} and {@link firstReadyPod}. */
export interface TargetOptions {
  /** Accept a Service without selector (its `selector` is then undefined): for proxy requests. */
  podsOptional?: boolean | undefined;
  /** @default the object's namespace, else the client's */
  namespace?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** One pod by name: a plain GET, no discovery. @throws {NotFoundError} */
export function getPod(k: Api, namespace: string, name: string, signal?: AbortSignal): Promise<Pod> {
  return k.request<Pod>({
    path: podPath(namespace, name),
    ...(signal ? { signal } : {}),
  });
}

const POD_SPELLINGS = new Set(["pod", "pods", "po", "pod/v1", "pods/v1"]);

/** How `"kind/name"` and `{kind, name}` look once parsed. */
function parseTarget(
  target: StreamTarget,
):
  | { kind: string; name: string; namespace: string | undefined }
  | { selector: Selector; namespace: string | undefined } {
  if (typeof target === "string") {
    const slash = target.indexOf("/");
    const [kind, name] = slash < 0 ? ["pod", target] : [target.slice(0, slash), target.slice(slash + 1)];
    if (!kind || !name || name.includes("/"))
      throw new InvalidArgumentError(`"${target}" is not a pod name or "<kind>/<name>"`, {
        suggestions: ['write "web", "pod/web", "svc/web" or "deploy/web"'],
      });
    return { kind, name, namespace: undefined };
  }
  if (target instanceof APIObject) {
    const cls = target.constructor as APIObjectClass;
    return {
      kind: cls.kind || target.kind || "pod",
      name: target.name,
      namespace: target.namespace,
    };
  }
  if ("labelSelector" in target) return { selector: target.labelSelector, namespace: target.namespace };
  return { kind: target.kind ?? "pod", name: target.name, namespace: target.namespace };
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A `metav1.LabelSelector` in the API's string form (`app=web,tier in (a,b),!legacy`). */
export function labelSelectorString(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    if (operator === "In") parts.push(`${key} in (${values.join(",")})`);
    else if (operator === "NotIn") parts.push(`${key} notin (${values.join(",")})`);
    else if (operator === "Exists") parts.push(key);
    else if (operator === "DoesNotExist") parts.push(`!${key}`);
    else throw new InvalidArgumentError(`unknown label selector operator "${operator}"`);
  }
  return parts.join(",");
}

/**
 * The pod selector of a workload or Service, as kubectl's `SelectorsForObject` finds it: `spec.selector` as a
 * map (Service, ReplicationController) or a `LabelSelector` (Deployment, ReplicaSet, StatefulSet, DaemonSet,
 * Job…). @throws {InvalidArgumentError} when the object has no selector or an empty one.
 */
export function podSelectorOf(kind: string, name: string, object: KubeObject): string {
  const selector = (object.spec as { selector?: unknown } | undefined)?.selector;
  const what = `${kind} "${name}"`;
  if (selector === undefined || selector === null || typeof selector !== "object")
    throw new InvalidArgumentError(`${what} has no pod selector, so it has no pods to stream from`, {
      suggestions: ["aim at a pod, a Service with a selector, or a workload (Deployment, StatefulSet…)"],
    });
  const isLabelSelector = "matchLabels" in selector || "matchExpressions" in selector;
  const text = isLabelSelector
    ? labelSelectorString(selector as LabelSelector)
    : (selectorString(selector as Record<string, string>) ?? "");
  if (text === "")
    throw new InvalidArgumentError(`${what} has an empty selector: it would select every pod`, {
      suggestions: [`give ${what} a selector, or aim at a pod`],
    });
  return text;
}

/**
 * Reads the target (one GET) and works out how to find its pods.
 * @throws {NotFoundError} when the object does not exist.
 * @throws {UnknownKindError} for a kind the cluster does not serve.
 * @throws {InvalidArgumentError} for a malformed target or an object without a pod selector.
 */
export async function resolveTarget(
  k: Api,
  target: StreamTarget,
  options: TargetOptions = {},
): Promise<ResolvedTarget> {
  const parsed = parseTarget(target);
  const namespace = options.namespace ?? parsed.namespace ?? k.namespace;
  if ("selector" in parsed) {
    const selector = selectorString(parsed.selector);
    if (selector === undefined)
      throw new InvalidArgumentError("an empty labelSelector would select every pod", {
        suggestions: ['give a selector such as { app: "web" }'],
      });
    return { kind: "Pod", namespace, name: "", object: undefined, selector };
  }
  if (POD_SPELLINGS.has(parsed.kind.toLowerCase())) {
    // Pods are the common case: one GET, no discovery.
    const object = await getPod(k, namespace, parsed.name, options.signal);
    return { kind: "Pod", namespace, name: parsed.name, object: object as KubeObject, selector: undefined };
  }
  const { kind } = await k.lookupKind(parsed.kind, options.signal);
  const [object] = await k.get(parsed.kind, parsed.name, {
    namespace,
    raw: true,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!object) throw new InvalidArgumentError(`${kind} "${parsed.name}" was not returned by the server`);
  // A Service without selector (hand-made Endpoints) is still a valid target for proxy requests.
  const selector =
    kind === "Pod" || (options.podsOptional === true && kind === "Service" && !hasSelector(object))
      ? undefined
      : podSelectorOf(kind, parsed.name, object);
  return { kind, namespace, name: parsed.name, object, selector };
}

function hasSelector(object: KubeObject): boolean {
  const selector = (object.spec as { selector?: object } | undefined)?.selector;
  return typeof selector === "object" && Object.keys(selector).length > 0;
}

/** Whether the pod's `Ready` condition is `True` (podutil.IsPodReady). */

/** Running and Ready: a pod that can serve exec, port-forward and proxy. */
export function isPodRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === "Running" && isPodReady(pod);
}

function readySince(pod: Pod): number {
  const ready = pod.status?.conditions?.find((c) => c.type === "Ready" && c.status === "True");
  return ready?.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : 0;
}

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount));
}

const phaseRank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** `afterOrZero` of podutils: a zero time sorts as the newest. */
function afterOrZero(a: number, b: number): boolean {
  if (a === 0 || b === 0) return a === 0;
  return a > b;
}

/**
 * podutils.ActivePods `Less`: true when `a` is *less* active than `b` (a controller would delete it first).
 * Unassigned < assigned; Pending < Unknown < Running; not ready < ready; ready for less time < more;
 * more restarts < fewer; no/newer creation time < older.
 */
function lessActive(a: Pod, b: Pod): boolean {
  const nodeA = a.spec?.nodeName ?? "";
  const nodeB = b.spec?.nodeName ?? "";
  if (nodeA !== nodeB && (nodeA === "" || nodeB === "")) return nodeA === "";
  const phaseA = phaseRank[a.status?.phase ?? ""] ?? 0;
  const phaseB = phaseRank[b.status?.phase ?? ""] ?? 0;
  if (phaseA !== phaseB) return phaseA < phaseB;
  if (isPodReady(a) !== isPodReady(b)) return !isPodReady(a);
  if (isPodReady(a) && isPodReady(b) && readySince(a) !== readySince(b))
    return afterOrZero(readySince(a), readySince(b));
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
  const createdA = Date.parse(a.metadata?.creationTimestamp ?? "") || 0;
  const createdB = Date.parse(b.metadata?.creationTimestamp ?? "") || 0;
  if (createdA !== createdB) return afterOrZero(createdA, createdB);
  return false;
}

/**
 * Pods best first, as kubectl picks the pod of `kubectl exec/port-forward/attach deploy/x`
 * (`sort.Reverse(podutils.ActivePods)`): assigned, Running, Ready, ready the longest, fewest restarts,
 * oldest. Returns a new array.
 */
export function sortPodsBestFirst<T extends Pod>(pods: readonly T[]): T[] {
  return [...pods].sort((a, b) => (lessActive(b, a) ? -1 : lessActive(a, b) ? 1 : 0));
}

/** The pods a resolved target stands for, best first: the Pod itself, or those its selector matches. */
export async function podsOf(k: Api, resolved: ResolvedTarget, signal?: AbortSignal): Promise<Pod[]> {
  if (resolved.selector === undefined) return [resolved.object as Pod];
  const pods = (await k.get("pods", {
    namespace: resolved.namespace,
    labelSelector: resolved.selector,
    raw: true,
    ...(signal ? { signal } : {}),
  })) as Pod[];
  return sortPodsBestFirst(pods);
}

/** Options of {@link firstReadyPod}. */
export interface FirstReadyPodOptions extends TargetOptions {
  /**
   * How long to wait for a Running and Ready pod when the selector matches none yet (kubectl's
   * `--pod-running-timeout`). @default 60000 ms
   */
  timeoutMs?: number | undefined;
}

function describe(resolved: ResolvedTarget): string {
  return resolved.name
    ? `${resolved.kind} "${resolved.name}" in namespace "${resolved.namespace}"`
    : `the selector "${resolved.selector}" in namespace "${resolved.namespace}"`;
}

/**
 * The pod that serves a target: for a Pod, the pod itself when it is Running (kubectl refuses others); for a
 * Service or workload, its best pod by kubectl's order among the Running and Ready ones, waiting up to
 * `timeoutMs` for one (a watch, no polling).
 * @throws {InvalidArgumentError} when a Pod target is not Running.
 * @throws {APITimeoutError} when no matching pod becomes Running and Ready in time.
 */
export async function firstReadyPod(
  k: Api,
  target: StreamTarget | ResolvedTarget,
  options: FirstReadyPodOptions = {},
): Promise<{ pod: Pod; target: ResolvedTarget }> {
  const resolved = isResolved(target) ? target : await resolveTarget(k, target, options);
  if (resolved.selector === undefined) {
    const pod = isResolved(target)
      ? await getPod(k, resolved.namespace, resolved.name, options.signal)
      : (resolved.object as Pod);
    const phase = pod.status?.phase ?? "Unknown";
    if (phase !== "Running")
      throw new InvalidArgumentError(
        `pod "${resolved.name}" in namespace "${resolved.namespace}" is not running (phase ${phase})`,
        { suggestions: ["wait until it runs: `kubectl wait --for=condition=Ready pod/<name>`"] },
      );
    return { pod, target: resolved };
  }
  const best = (await podsOf(k, resolved, options.signal)).find(isPodRunningAndReady);
  if (best) return { pod: best, target: resolved };

  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const seen = new Map<string, Pod>();
  try {
    for await (const event of k.watch("pods", {
      namespace: resolved.namespace,
      labelSelector: resolved.selector,
      raw: true,
      signal,
    })) {
      const pod = event.object as Pod;
      const key = pod.metadata?.name ?? "";
      if (event.type === "DELETED") seen.delete(key);
      else seen.set(key, pod);
      const ready = sortPodsBestFirst([...seen.values()]).find(isPodRunningAndReady);
      if (ready) return { pod: ready, target: resolved };
    }
  } catch (error) {
    if (!deadline.aborted || options.signal?.aborted) throw error;
  }
  throw new APITimeoutError(`no Running and Ready pod for ${describe(resolved)} within ${timeoutMs} ms`, {
    suggestions: [
      `check the pods: kubectl get pods -n ${resolved.namespace} -l '${resolved.selector}'`,
      "raise timeoutMs if the pods are still starting",
    ],
  });
}

function isResolved(target: StreamTarget | ResolvedTarget): target is ResolvedTarget {
  return (
    typeof target === "object" && !(target instanceof APIObject) && "selector" in target && "object" in target
  );
}

/**
 * The container port a pod port name stands for (kubectl's `LookupContainerPortNumberByName`).
 * @throws {InvalidArgumentError} when no container of the pod declares it.
 */
export function containerPortByName(pod: Pod, name: string): number {
  for (const container of pod.spec?.containers ?? [])
    for (const port of container.ports ?? []) if (port.name === name) return port.containerPort;
  throw new InvalidArgumentError(`pod "${pod.metadata?.name ?? ""}" does not have a named port "${name}"`, {
    suggestions: ["use a port number, or a name from the pod's spec.containers[].ports[].name"],
  });
}

/**
 * The pod port a Service port (its `port` number or its `name`) forwards to: `targetPort` as a number, or
 * looked up by name in the pod's container ports; `port` itself when `targetPort` is unset (kubectl's
 * `LookupContainerPortNumberByServicePort`).
 * @throws {InvalidArgumentError} when the Service has no such port, or the pod lacks the named targetPort.
 */
export function servicePortToPodPort(service: KubeObject, pod: Pod, port: number | string): number {
  const ports =
    (service.spec as { ports?: { name?: string; port: number; targetPort?: number | string }[] } | undefined)
      ?.ports ?? [];
  const found = ports.find((p) => (typeof port === "number" ? p.port === port : p.name === port));
  const serviceName = service.metadata?.name ?? "";
  if (!found)
    throw new InvalidArgumentError(`Service "${serviceName}" does not have a service port ${String(port)}`, {
      suggestions: [
        `its ports: ${ports.map((p) => (p.name ? `${p.port} (${p.name})` : p.port)).join(", ") || "none"}`,
      ],
    });
  const target = found.targetPort;
  if (target === undefined || target === 0 || target === "") return found.port;
  if (typeof target === "number") return target;
  return /^\d+$/.test(target) ? Number(target) : containerPortByName(pod, target);
}
