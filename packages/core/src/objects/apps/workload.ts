/**
 * What Deployment, StatefulSet, ReplicaSet and DaemonSet share: their pods (by selector, optionally only
 * those they control) and `kubectl rollout restart`. Internal: the classes expose these as methods.
 */
import type { PodTemplateSpec } from "kubernetes-types/core/v1.js";
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import type { Api } from "../../api.ts";
import type { APIObject, APIObjectClass, KubeObjectShape } from "../api-object.ts";
import { Pod } from "../core/pod.ts";
import { labelSelectorString } from "../label-selector.ts";
import { isControlledBy } from "../object-helpers.ts";

/** The JSON of a workload: a selector and a pod template. */
export interface WorkloadShape extends KubeObjectShape {
  spec?: { selector?: LabelSelector | undefined; template?: PodTemplateSpec | undefined } | undefined;
}

/**
 * The pods matching the workload's selector, in its namespace; with `owned`, only those it controls (a
 * ReplicaSet, StatefulSet or DaemonSet is its pods' controller; a Deployment's pods belong to its
 * ReplicaSets, so it takes every pod its selector matches, as kr8s and `kubectl get pods -l` do).
 */
export async function workloadPods<Raw extends WorkloadShape>(
  k: Api,
  workload: APIObject<Raw>,
  options: { owned: boolean },
): Promise<Pod[]> {
  const pods = (await k.get(Pod, {
    namespace: workload.namespace ?? k.namespace,
    labelSelector: labelSelectorString(workload.raw.spec?.selector),
  })) as unknown as Pod[];
  return options.owned ? pods.filter((pod) => isControlledBy(pod.raw, workload.metadata.uid)) : pods;
}

/** The pod-template annotation `kubectl rollout restart` sets; a new value rolls every pod. */
export const RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt";

/**
 * RFC 3339 at second precision in UTC (`2026-12-02T01:18:58Z`): Go's `time.RFC3339` layout, which kubectl
 * formats the annotation with (kubectl uses the local offset; the instant is the same).
 */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * `kubectl rollout restart`: sets the restartedAt annotation of the pod template to `now`, a strategic
 * merge patch (the one kubectl sends), and puts the server's answer in `workload.raw`.
 */
export async function restartWorkload<Raw extends WorkloadShape>(
  k: Api,
  workload: APIObject<Raw>,
  now: Date,
): Promise<void> {
  const patched = await k.patch(
    workload.constructor as APIObjectClass,
    workload.name,
    { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: rfc3339(now) } } } } },
    { namespace: workload.namespace ?? k.namespace, type: "strategic" },
  );
  workload.raw = patched.raw as unknown as Raw;
}
