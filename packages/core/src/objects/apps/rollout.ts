/**
 * `kubectl rollout status | history | undo` for Deployments, StatefulSets and DaemonSets, following
 * kubectl v1.32 (`k8s.io/kubectl/pkg/polymorphichelpers`: rollout_status.go, history.go, rollback.go).
 * Internal: the classes expose these as methods.
 */
import { isDeepStrictEqual } from "node:util";
import type {
  ControllerRevision,
  DaemonSet,
  Deployment,
  ReplicaSet,
  StatefulSet,
} from "kubernetes-types/apps/v1.js";
import type { PodTemplateSpec } from "kubernetes-types/core/v1.js";
import type { Api } from "../../api.ts";
import { RolloutError } from "../../errors.ts";
import type { APIObject, APIObjectClass } from "../api-object.ts";
import { labelSelectorString } from "../label-selector.ts";
import { isControlledBy, refreshRaw } from "../object-helpers.ts";

/** Where a rollout stands, as `kubectl rollout status` judges it from one reading of the object. */
export interface RolloutStatus {
  /** True when kubectl would print its "successfully rolled out" / "complete" line and exit 0. */
  done: boolean;
  /** kubectl's line for this state, without the newline (`Waiting for deployment "web" rollout to finish: …`). */
  message: string;
  /**
   * Set when kubectl would stop with an error instead of waiting: a Deployment past its progress deadline,
   * or a StatefulSet/DaemonSet whose update strategy is not `RollingUpdate`. `message` then repeats it.
   */
  error?: string;
}

/** One revision of a workload's rollout history (a row of `kubectl rollout history`, with its template). */
export interface RolloutRevision {
  /** The revision number (`deployment.kubernetes.io/revision` of a ReplicaSet; `revision` of a ControllerRevision). */
  revision: number;
  /** The `kubernetes.io/change-cause` annotation of the revision's object; kubectl prints `<none>` without one. */
  changeCause: string | undefined;
  /** The object holding the revision: a ReplicaSet (Deployments) or a ControllerRevision. */
  source: { kind: "ReplicaSet" | "ControllerRevision"; name: string };
  /** The pod template of that revision. */
  template: PodTemplateSpec;
}

/** What {@link undo} did. */
export interface RolloutUndoResult {
  /** The revision whose template the workload now has. */
  revision: number;
  /** True when the workload already had that template and nothing was written (kubectl's "skipped rollback"). */
  skipped: boolean;
}

/** The annotation kubectl reads the change cause from (set by `kubectl annotate … kubernetes.io/change-cause=…`). */
export const CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause";
const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
const POD_TEMPLATE_HASH = "pod-template-hash";

const waiting = (message: string): RolloutStatus => ({ done: false, message });
const failed = (error: string): RolloutStatus => ({ done: false, message: error, error });

/** `DeploymentStatusViewer.Status` of kubectl v1.32. */
export function deploymentRolloutStatus(deployment: Deployment): RolloutStatus {
  const name = deployment.metadata?.name ?? "";
  const status = deployment.status ?? {};
  if ((deployment.metadata?.generation ?? 0) > (status.observedGeneration ?? 0))
    return waiting("Waiting for deployment spec update to be observed...");
  const progressing = status.conditions?.find((c) => c.type === "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded")
    return failed(`deployment "${name}" exceeded its progress deadline`);
  const updated = status.updatedReplicas ?? 0;
  const replicas = deployment.spec?.replicas;
  if (replicas !== undefined && updated < replicas)
    return waiting(
      `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`,
    );
  if ((status.replicas ?? 0) > updated)
    return waiting(
      `Waiting for deployment "${name}" rollout to finish: ${(status.replicas ?? 0) - updated} old replicas are pending termination...`,
    );
  if ((status.availableReplicas ?? 0) < updated)
    return waiting(
      `Waiting for deployment "${name}" rollout to finish: ${status.availableReplicas ?? 0} of ${updated} updated replicas are available...`,
    );
  return { done: true, message: `deployment "${name}" successfully rolled out` };
}

/** `DaemonSetStatusViewer.Status` of kubectl v1.32. */
export function daemonSetRolloutStatus(daemonSet: DaemonSet): RolloutStatus {
  const name = daemonSet.metadata?.name ?? "";
  const status = daemonSet.status ?? {
    currentNumberScheduled: 0,
    desiredNumberScheduled: 0,
    numberMisscheduled: 0,
    numberReady: 0,
  };
  if ((daemonSet.spec?.updateStrategy?.type ?? "RollingUpdate") !== "RollingUpdate")
    return failed("rollout status is only available for RollingUpdate strategy type");
  if ((daemonSet.metadata?.generation ?? 0) > (status.observedGeneration ?? 0))
    return waiting("Waiting for daemon set spec update to be observed...");
  const desired = status.desiredNumberScheduled;
  const updated = status.updatedNumberScheduled ?? 0;
  if (updated < desired)
    return waiting(
      `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
    );
  const available = status.numberAvailable ?? 0;
  if (available < desired)
    return waiting(
      `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`,
    );
  return { done: true, message: `daemon set "${name}" successfully rolled out` };
}

/** `StatefulSetStatusViewer.Status` of kubectl v1.32. */
export function statefulSetRolloutStatus(statefulSet: StatefulSet): RolloutStatus {
  const strategy = statefulSet.spec?.updateStrategy;
  const status = statefulSet.status ?? { replicas: 0 };
  if ((strategy?.type ?? "RollingUpdate") !== "RollingUpdate")
    return failed("rollout status is only available for RollingUpdate strategy type");
  const observed = status.observedGeneration ?? 0;
  if (observed === 0 || (statefulSet.metadata?.generation ?? 0) > observed)
    return waiting("Waiting for statefulset spec update to be observed...");
  const replicas = statefulSet.spec?.replicas;
  const ready = status.readyReplicas ?? 0;
  if (replicas !== undefined && ready < replicas)
    return waiting(`Waiting for ${replicas - ready} pods to be ready...`);
  const updated = status.updatedReplicas ?? 0;
  if (strategy?.rollingUpdate !== undefined) {
    const partition = strategy.rollingUpdate.partition;
    if (replicas !== undefined && partition !== undefined && updated < replicas - partition)
      return waiting(
        `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...`,
      );
    return { done: true, message: `partitioned roll out complete: ${updated} new pods have been updated...` };
  }
  if (status.updateRevision !== status.currentRevision)
    return waiting(
      `waiting for statefulset rolling update to complete ${updated} pods at revision ${status.updateRevision ?? ""}...`,
    );
  return {
    done: true,
    message: `statefulset rolling update complete ${status.currentReplicas ?? 0} pods at revision ${status.currentRevision ?? ""}...`,
  };
}

function revisionOf(replicaSet: ReplicaSet): number | undefined {
  const value = replicaSet.metadata?.annotations?.[REVISION_ANNOTATION];
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

function sortByRevision(revisions: RolloutRevision[]): RolloutRevision[] {
  // kubectl keeps one entry per revision number (the last one listed wins) and sorts ascending.
  const byNumber = new Map(revisions.map((r) => [r.revision, r]));
  return [...byNumber.values()].sort((a, b) => a.revision - b.revision);
}

function listNamespace(workload: { readonly namespace: string | undefined }, k: Api): string {
  return workload.namespace ?? k.namespace;
}

/** The ReplicaSets a Deployment controls, each with its revision (kubectl's `getDeploymentReplicaSets`). */
async function deploymentReplicaSets(
  k: Api,
  deployment: APIObject<Deployment>,
): Promise<{ rs: ReplicaSet; revision: number }[]> {
  const sets = (await k.get("replicasets.apps", {
    namespace: listNamespace(deployment, k),
    labelSelector: labelSelectorString(deployment.raw.spec?.selector),
    raw: true,
  })) as ReplicaSet[];
  return sets.flatMap((rs) => {
    const revision = revisionOf(rs);
    return isControlledBy(rs, deployment.metadata.uid) && revision !== undefined ? [{ rs, revision }] : [];
  });
}

/** A Deployment's history: one revision per ReplicaSet it controls (`DeploymentHistoryViewer`). */
export async function deploymentHistory(
  k: Api,
  deployment: APIObject<Deployment>,
): Promise<RolloutRevision[]> {
  await refreshRaw(k, deployment);
  const sets = await deploymentReplicaSets(k, deployment);
  return sortByRevision(
    sets.map(({ rs, revision }) => ({
      revision,
      changeCause: rs.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION] || undefined,
      source: { kind: "ReplicaSet", name: rs.metadata?.name ?? "" },
      template: rs.spec?.template ?? {},
    })),
  );
}

/** A ControllerRevision's template: `data.spec.template` without the `$patch: replace` directive. */
function revisionTemplate(revision: ControllerRevision): PodTemplateSpec {
  const data = revision.data as { spec?: { template?: PodTemplateSpec & { $patch?: string } } } | undefined;
  const { $patch: _, ...template } = data?.spec?.template ?? {};
  return template;
}

async function controllerRevisions(
  k: Api,
  workload: APIObject<StatefulSet | DaemonSet>,
): Promise<ControllerRevision[]> {
  const revisions = (await k.get("controllerrevisions.apps", {
    namespace: listNamespace(workload, k),
    labelSelector: labelSelectorString(workload.raw.spec?.selector),
    raw: true,
  })) as unknown as ControllerRevision[];
  return revisions
    .filter((r) => isControlledBy(r, workload.metadata.uid))
    .sort((a, b) => a.revision - b.revision);
}

/** A StatefulSet's or DaemonSet's history: its ControllerRevisions (`StatefulSetHistoryViewer`, `DaemonSetHistoryViewer`). */
export async function controllerRevisionHistory(
  k: Api,
  workload: APIObject<StatefulSet | DaemonSet>,
): Promise<RolloutRevision[]> {
  await refreshRaw(k, workload);
  const revisions = await controllerRevisions(k, workload);
  return sortByRevision(
    revisions.map((r) => ({
      revision: r.revision,
      changeCause: r.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION] || undefined,
      source: { kind: "ControllerRevision", name: r.metadata?.name ?? "" },
      template: revisionTemplate(r),
    })),
  );
}

function revisionNotFound(revision: number): RolloutError {
  return new RolloutError(`unable to find specified revision ${revision} in history`, {
    suggestions: ["list the revisions with rolloutHistory()"],
  });
}

function checkRevision(toRevision: number): void {
  if (!Number.isInteger(toRevision) || toRevision < 0) throw revisionNotFound(toRevision);
}

function withoutHash(template: PodTemplateSpec): PodTemplateSpec {
  const labels = { ...template.metadata?.labels };
  delete labels[POD_TEMPLATE_HASH];
  return { ...template, metadata: { ...template.metadata, labels } };
}

/** Annotations a Deployment keeps through a rollback instead of taking the ReplicaSet's (kubectl's `annotationsToSkip`). */
const KEPT_ANNOTATIONS = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION_ANNOTATION,
  "deployment.kubernetes.io/revision-history",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
]);

/**
 * `kubectl rollout undo deployment` (`DeploymentRollbacker`): the template of revision `toRevision` (0: the
 * one before the latest) goes back into the Deployment with the ReplicaSet's annotations, as one JSON patch.
 */
export async function undoDeployment(
  k: Api,
  deployment: APIObject<Deployment>,
  toRevision: number,
): Promise<RolloutUndoResult> {
  checkRevision(toRevision);
  await refreshRaw(k, deployment);
  const sets = (await deploymentReplicaSets(k, deployment)).sort((a, b) => b.revision - a.revision);
  const target = toRevision === 0 ? sets[1] : sets.find((s) => s.revision === toRevision);
  if (!target) {
    if (toRevision > 0) throw revisionNotFound(toRevision);
    throw new RolloutError(`no rollout history found for deployment "${deployment.name}"`, {
      suggestions: ["a Deployment has a previous revision once its pod template has changed"],
    });
  }
  if (deployment.raw.spec?.paused)
    throw new RolloutError(
      `you cannot rollback a paused deployment "${deployment.name}"; resume it first and try again`,
      {
        suggestions: ["set spec.paused to false (kubectl rollout resume)"],
      },
    );
  const template = target.rs.spec?.template ?? {};
  if (isDeepStrictEqual(withoutHash(template), withoutHash(deployment.raw.spec?.template ?? {})))
    return { revision: target.revision, skipped: true };
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(deployment.annotations))
    if (KEPT_ANNOTATIONS.has(key)) annotations[key] = value;
  for (const [key, value] of Object.entries(target.rs.metadata?.annotations ?? {}))
    if (!KEPT_ANNOTATIONS.has(key)) annotations[key] = value;
  const restored = withoutHash(template);
  if (Object.keys(restored.metadata?.labels ?? {}).length === 0) delete restored.metadata?.labels;
  const patched = await k.patch(
    deployment.constructor as APIObjectClass,
    deployment.name,
    [
      { op: "replace", path: "/spec/template", value: restored },
      { op: "replace", path: "/metadata/annotations", value: annotations },
    ],
    { namespace: listNamespace(deployment, k), type: "json" },
  );
  deployment.raw = patched.raw as Deployment;
  return { revision: target.revision, skipped: false };
}

/**
 * `kubectl rollout undo` of a StatefulSet or DaemonSet: the revision's stored patch (which replaces
 * `spec.template`) is sent as a strategic merge patch.
 */
export async function undoControllerRevision(
  k: Api,
  workload: APIObject<StatefulSet | DaemonSet>,
  toRevision: number,
): Promise<RolloutUndoResult> {
  checkRevision(toRevision);
  await refreshRaw(k, workload);
  const revisions = await controllerRevisions(k, workload);
  if (toRevision === 0 && revisions.length <= 1)
    throw new RolloutError("no last revision to roll back to", {
      suggestions: ["a workload has a previous revision once its pod template has changed"],
    });
  const target = toRevision === 0 ? revisions.at(-2) : revisions.find((r) => r.revision === toRevision);
  if (!target) throw revisionNotFound(toRevision);
  if (isDeepStrictEqual(revisionTemplate(target), workload.raw.spec?.template))
    return { revision: target.revision, skipped: true };
  const patched = await k.patch(workload.constructor as APIObjectClass, workload.name, target.data, {
    namespace: listNamespace(workload, k),
    type: "strategic",
  });
  workload.raw = patched.raw as StatefulSet | DaemonSet;
  return { revision: target.revision, skipped: false };
}
