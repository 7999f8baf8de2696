/**
 * `Node.drain()`: `kubectl drain` v1.32 (`k8s.io/kubectl/pkg/drain`) on top of the Api verbs. The node is
 * cordoned, its pods are sorted by kubectl's filters, the others are evicted through the `policy/v1`
 * Eviction subresource (so PodDisruptionBudgets are honoured: a 429 is retried every 5 s, as kubectl
 * does), then each pod is watched until it is gone (by UID: a pod recreated under the same name is a new
 * pod, and ends the wait for the old one).
 */
import type { Pod as PodJSON } from "kubernetes-types/core/v1.js";
import type { Api } from "../../api.ts";
import { APITimeoutError, DrainError, ForbiddenError, NotFoundError, ServerError } from "../../errors.ts";
import type { Selector } from "../../internal/resource.ts";
import { ALL } from "../../verbs/namespace.ts";
import { podPath } from "../../internal/resource.ts";
import { controllerOf } from "../object-helpers.ts";
import { sleep } from "../../internal/sleep.ts";

/** A pod drain acted on. */
export interface DrainPod {
  namespace: string;
  name: string;
  uid: string;
}

/** Progress of a drain, in the order it happens (see {@link DrainOptions.onProgress}). */
export type DrainEvent =
  | { type: "cordoned"; node: string }
  /** Left in place: a DaemonSet pod (its controller ignores the cordon) or a mirror pod (the kubelet owns it). */
  | { type: "skipped"; pod: DrainPod; reason: "DaemonSet" | "mirror" }
  /** Evicted although kubectl warns about it: local storage that is lost, or a pod nothing recreates. */
  | { type: "warning"; pod: DrainPod; message: string }
  | { type: "evicting"; pod: DrainPod }
  /** The eviction was refused (429: a PodDisruptionBudget; `message` is the server's, with the budget's counts); tried again after `retryInMs`. */
  | { type: "blocked"; pod: DrainPod; message: string; retryInMs: number }
  /** The server accepted the eviction; the pod is terminating. */
  | { type: "evicted"; pod: DrainPod }
  /** The pod is gone (deleted, or replaced by a new pod with the same name). */
  | { type: "gone"; pod: DrainPod }
  | { type: "drained"; node: string };

/** Options of `Node.drain()`, named after `kubectl drain`'s flags. */
export interface DrainOptions {
  /**
   * How long the whole drain may take, in milliseconds; then an `APITimeoutError` names the pods left.
   * @default no limit (kubectl's `--timeout=0`)
   */
  timeout?: number | undefined;
  /** Seconds each pod gets to terminate. @default each pod's own `terminationGracePeriodSeconds` */
  gracePeriodSeconds?: number | undefined;
  /**
   * Leave DaemonSet pods in place. `false` refuses to drain a node running any (kubectl's default).
   * @default true (a DaemonSet pod comes back at once on the cordoned node; evicting it achieves nothing)
   */
  ignoreDaemonSets?: boolean | undefined;
  /** Evict pods with `emptyDir` volumes, whose data is lost (`--delete-emptydir-data`). @default false */
  deleteEmptyDirData?: boolean | undefined;
  /** Evict pods no controller recreates (`--force`). @default false */
  force?: boolean | undefined;
  /** Only evict pods matching this label selector (`--pod-selector`). */
  podSelector?: Selector | undefined;
  /** Called for every step; an exception it throws is ignored. */
  onProgress?: ((event: DrainEvent) => void) | undefined;
  /** Aborting stops the drain (the node stays cordoned) and rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** What a drain did. */
export interface DrainResult {
  /** Pods evicted and gone. */
  evicted: DrainPod[];
  /** DaemonSet and mirror pods left on the node. */
  skipped: DrainPod[];
}

/** kubectl's pause between two refused evictions. */
export const EVICTION_RETRY_MS = 5_000;
/** kubectl's interval between two checks that an evicted pod is gone. */
export const GONE_POLL_MS = 1_000;

const MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
// kubectl's texts, so users recognise them.
const DAEMONSET_FATAL = "DaemonSet-managed Pods (use ignoreDaemonSets: true to ignore)";
const LOCAL_STORAGE_FATAL = "Pods with local storage (use deleteEmptyDirData: true to override)";
const UNMANAGED_FATAL = "Pods that declare no controller (use force: true to override)";

type Verdict =
  | { action: "evict"; warning?: string }
  | { action: "skip"; reason: "DaemonSet" | "mirror" }
  | { action: "refuse"; why: string };

/** kubectl's pod filters (daemonSetFilter, mirrorPodFilter, localStorageFilter, unreplicatedFilter). */
function judge(pod: PodJSON, options: DrainOptions): Verdict {
  const finished = pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
  const controller = controllerOf(pod);
  if (controller?.kind === "DaemonSet" && !finished)
    return (options.ignoreDaemonSets ?? true)
      ? { action: "skip", reason: "DaemonSet" }
      : { action: "refuse", why: DAEMONSET_FATAL };
  if (pod.metadata?.annotations?.[MIRROR_ANNOTATION] !== undefined)
    return { action: "skip", reason: "mirror" };
  if (finished) return { action: "evict" };
  let warning: string | undefined;
  if (pod.spec?.volumes?.some((v) => v.emptyDir !== undefined)) {
    if (!options.deleteEmptyDirData) return { action: "refuse", why: LOCAL_STORAGE_FATAL };
    warning = "deleting Pods with local storage";
  }
  if (controller === undefined) {
    if (!options.force) return { action: "refuse", why: UNMANAGED_FATAL };
    warning = "deleting Pods that declare no controller";
  }
  return warning === undefined ? { action: "evict" } : { action: "evict", warning };
}

function podRef(pod: PodJSON): DrainPod {
  return {
    namespace: pod.metadata?.namespace ?? "",
    name: pod.metadata?.name ?? "",
    uid: pod.metadata?.uid ?? "",
  };
}

const label = (pod: DrainPod): string => `${pod.namespace}/${pod.name}`;

/** Runs a drain of `node` (already resolved to a client); see `Node.drain()`. */
export async function drainNode(
  k: Api,
  node: string,
  cordon: () => Promise<void>,
  options: DrainOptions = {},
): Promise<DrainResult> {
  const report = (event: DrainEvent): void => {
    try {
      options.onProgress?.(event);
    } catch {
      // A progress callback must not break the drain.
    }
  };
  options.signal?.throwIfAborted();
  await cordon();
  report({ type: "cordoned", node });

  const pods = (await k.get("pods", {
    namespace: ALL,
    fieldSelector: { "spec.nodeName": node },
    labelSelector: options.podSelector,
    raw: true,
    ...(options.signal ? { signal: options.signal } : {}),
  })) as PodJSON[];
  const refused: Record<string, string[]> = {};
  const toEvict: { pod: PodJSON; warning?: string }[] = [];
  const skipped: DrainPod[] = [];
  for (const pod of pods) {
    const verdict = judge(pod, options);
    if (verdict.action === "refuse") (refused[verdict.why] ??= []).push(label(podRef(pod)));
    else if (verdict.action === "skip") {
      skipped.push(podRef(pod));
      report({ type: "skipped", pod: podRef(pod), reason: verdict.reason });
    } else toEvict.push(verdict.warning === undefined ? { pod } : { pod, warning: verdict.warning });
  }
  if (Object.keys(refused).length > 0) throw new DrainError(node, refused);
  for (const { pod, warning } of toEvict)
    if (warning) report({ type: "warning", pod: podRef(pod), message: warning });

  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([stop.signal, options.signal]) : stop.signal;
  let timedOut = false;
  const timer =
    options.timeout === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          stop.abort();
        }, options.timeout);
  /** Each pod still on the way out, and where it stands (for the timeout's message). */
  const pending = new Map(
    toEvict.map(({ pod }) => [podRef(pod).uid, { pod: podRef(pod), state: "not evicted yet" }]),
  );
  try {
    const results = await Promise.allSettled(
      toEvict.map(async ({ pod }) => {
        try {
          await evictAndWait(k, podRef(pod), options, signal, report, (state) => {
            const entry = pending.get(podRef(pod).uid);
            if (entry) entry.state = state;
          });
          pending.delete(podRef(pod).uid);
        } catch (error) {
          stop.abort();
          throw error;
        }
      }),
    );
    if (timedOut) {
      const left = [...pending.values()].map(({ pod, state }) => `${label(pod)} (${state})`);
      throw new APITimeoutError(
        `drain of node ${node} did not finish within ${options.timeout} ms; ${left.length} pod(s) left: ${left.join(", ")}`,
        {
          suggestions: ["give a longer timeout, or relax the PodDisruptionBudgets that block the evictions"],
        },
      );
    }
    options.signal?.throwIfAborted();
    const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure) throw failure.reason;
  } finally {
    clearTimeout(timer);
  }
  report({ type: "drained", node });
  return { evicted: toEvict.map(({ pod }) => podRef(pod)), skipped };
}

function isNamespaceTerminating(error: unknown): boolean {
  return (
    error instanceof ForbiddenError &&
    (error.status.details?.causes ?? []).some((c) => c.reason === "NamespaceTerminating")
  );
}

/** The server's message and its causes: which disruption budget refused, and how many pods it counts. */
function refusal(error: ServerError): string {
  const causes = (error.status.details?.causes ?? []).flatMap((c) => (c.message ? [c.message] : []));
  return causes.length > 0 ? `${error.message} (${causes.join("; ")})` : error.message;
}

async function evictAndWait(
  k: Api,
  pod: DrainPod,
  options: DrainOptions,
  signal: AbortSignal,
  report: (event: DrainEvent) => void,
  setState: (state: string) => void,
): Promise<void> {
  report({ type: "evicting", pod });
  for (;;) {
    signal.throwIfAborted();
    try {
      await k.request({
        method: "POST",
        path: podPath(pod.namespace, pod.name, "eviction"),
        body: {
          apiVersion: "policy/v1",
          kind: "Eviction",
          metadata: { name: pod.name, namespace: pod.namespace },
          ...(options.gracePeriodSeconds === undefined
            ? {}
            : { deleteOptions: { gracePeriodSeconds: options.gracePeriodSeconds } }),
        },
        signal,
      });
      break;
    } catch (error) {
      if (error instanceof NotFoundError) {
        report({ type: "gone", pod });
        return;
      }
      const blocked = error instanceof ServerError && error.statusCode === 429;
      if (!blocked && !isNamespaceTerminating(error)) throw error;
      const message = refusal(error as ServerError);
      setState(`eviction refused: ${message}`);
      report({ type: "blocked", pod, message, retryInMs: EVICTION_RETRY_MS });
      await sleep(EVICTION_RETRY_MS, signal);
    }
  }
  setState("evicted, still terminating");
  report({ type: "evicted", pod });
  for (;;) {
    try {
      const current = await k.request<PodJSON>({
        method: "GET",
        path: podPath(pod.namespace, pod.name),
        signal,
      });
      if (current.metadata?.uid !== pod.uid) break;
    } catch (error) {
      if (error instanceof NotFoundError) break;
      throw error;
    }
    await sleep(GONE_POLL_MS, signal);
  }
  report({ type: "gone", pod });
}
