/**
 * Which container of which pod a stream (exec, attach, cp) runs in, checked before the WebSocket opens so
 * that a wrong name or a finished pod fails with an error naming what to fix rather than the server's
 * terse 400. The default container follows kubectl (k8s.io/kubectl/pkg/cmd/util/podcmd
 * `FindOrDefaultContainerByName`).
 */
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Api } from "../api.ts";
import { ContainerNotFoundError, PodNotRunningError } from "../errors.ts";
import { podPath } from "../internal/resource.ts";
import type { ContainerRef } from "../errors.ts";

/**
 * A pod to stream to: a name and (optionally) a namespace, or an `APIObject` for a Pod. Without a namespace
 * the `Api`'s namespace is used, as kubectl uses the context's.
 */
export interface PodRef {
  readonly name: string;
  readonly namespace?: string | undefined;
}

/** The annotation naming the container kubectl picks when none is given (KEP-2227). */
export const DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";

/**
 * Reads the pod and picks the container: the one named, else the default-container annotation's (when
 * the pod has it), else the first. `verb` words the not-running error (`exec into`, `attach to`).
 * @throws {ContainerNotFoundError} when the named container is not in the pod.
 * @throws {PodNotRunningError} when the pod is not scheduled, has completed, or the container is not running.
 * @throws {NotFoundError} when the pod does not exist.
 */
export async function resolveContainer(
  k: Api,
  pod: PodRef,
  container: string | undefined,
  verb: string,
  signal?: AbortSignal,
): Promise<ContainerRef> {
  const namespace = pod.namespace ?? k.namespace;
  const object = await k.request<Pod>({ path: podPath(namespace, pod.name), ...(signal ? { signal } : {}) });
  const spec = object.spec;
  const names = [
    ...(spec?.containers ?? []),
    ...(spec?.initContainers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ].map((c) => c.name);
  const chosen = container ?? defaultContainer(object);
  const where = { namespace, pod: pod.name, container: chosen ?? "" };
  if (chosen === undefined || !names.includes(chosen)) throw new ContainerNotFoundError(where, names);

  const phase = object.status?.phase;
  // kubectl's own check and wording (exec.go, attach.go).
  if (phase === "Succeeded" || phase === "Failed") {
    throw new PodNotRunningError(
      `cannot ${verb} a container in a completed pod; current phase is ${phase} (pod ${namespace}/${pod.name})`,
      phase,
      { suggestions: ["a completed pod runs nothing: start a new pod"] },
    );
  }
  if (!spec?.nodeName) {
    throw new PodNotRunningError(
      `pod ${namespace}/${pod.name} is not scheduled to a node yet (phase ${phase ?? "unknown"})`,
      phase,
      {
        suggestions: [
          `wait for the pod to be Running, e.g. kubectl wait --for=condition=Ready pod/${pod.name}`,
        ],
      },
    );
  }
  const state = [
    ...(object.status?.containerStatuses ?? []),
    ...(object.status?.initContainerStatuses ?? []),
    ...(object.status?.ephemeralContainerStatuses ?? []),
  ].find((s) => s.name === chosen)?.state;
  // No status yet for this container: let the server (kubelet) decide rather than guess.
  if (state && !state.running) {
    const how = state.waiting
      ? `waiting (${state.waiting.reason ?? "no reason given"})`
      : `terminated (${state.terminated?.reason ?? "no reason given"})`;
    throw new PodNotRunningError(
      `container ${JSON.stringify(chosen)} of pod ${namespace}/${pod.name} is not running: ${how}`,
      phase,
      { suggestions: ["wait until the container is running, or choose another container"] },
    );
  }
  return where;
}

function defaultContainer(pod: Pod): string | undefined {
  const annotated = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  const all = [
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.ephemeralContainers ?? []),
  ];
  // An annotation naming no container is ignored, as kubectl ignores it.
  if (annotated && all.some((c) => c.name === annotated)) return annotated;
  return pod.spec?.containers[0]?.name;
}
