/**
 * `kubectl describe replicaset`, `job` and `cronjob` (kubectl's `ReplicaSetDescriber`, `JobDescriber`,
 * `CronJobDescriber`, v1.33).
 */
import { humanDuration } from "../duration.ts";
import { describePodTemplate } from "./containers.ts";
import { goValue, rfc1123z } from "./format.ts";
import { controllerOf } from "./pod.ts";
import { claimClass } from "./claim.ts";
import { formatLabels } from "../labels.ts";
import {
  describeEvents,
  formatLabelSelector,
  printAnnotations,
  printLabels,
  printWorkloadConditions,
  selectorString,
} from "./sections.ts";
import type { DescribedEvent, Described, LabelSelector, PodTemplateSpec } from "./types.ts";
import { tabbedString, type DescribeWriter } from "./writer.ts";

export interface ReplicaSet extends Described {
  spec?: { replicas?: number; selector?: LabelSelector; template?: PodTemplateSpec };
  status?: { replicas?: number; conditions?: { type?: string; status?: string; reason?: string }[] };
}

/** The pods a controller owns, counted by phase (kubectl's `getPodStatusForController`). */
export interface PodCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

/** A pod as the counts read it: its phase and owners. */
export interface OwnedPod extends Described {
  status?: { phase?: string };
}

/**
 * The pods among `pods` that `uid` controls, by phase: Running, Pending (waiting), Succeeded, Failed.
 * Orphans and pods of other controllers are left out, as kubectl does.
 */
export function countPods(pods: readonly OwnedPod[], uid: string | undefined): PodCounts {
  const counts: PodCounts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const pod of pods) {
    const owner = pod.metadata?.ownerReferences?.find((o) => o.controller === true);
    if (!owner || owner.uid !== uid) continue;
    const phase = pod.status?.phase;
    if (phase === "Running") counts.running++;
    else if (phase === "Pending") counts.waiting++;
    else if (phase === "Succeeded") counts.succeeded++;
    else if (phase === "Failed") counts.failed++;
  }
  return counts;
}

/**
 * A replica set: selector, owner, replicas, its pods by phase, pod template, conditions. `pods` is the
 * counts, or the error listing them failed with (kubectl prints `error in fetching pods: …`). `events`
 * undefined: `--show-events=false`.
 */
export function describeReplicaSet(
  rs: ReplicaSet,
  pods: PodCounts | Error,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const meta = rs.metadata ?? {};
  return tabbedString((w) => {
    w.write(0, `Name:\t${meta.name ?? ""}\n`);
    w.write(0, `Namespace:\t${meta.namespace ?? ""}\n`);
    w.write(0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabels(w, "Labels", meta.labels);
    printAnnotations(w, "Annotations", meta.annotations);
    const controller = controllerOf(meta);
    if (controller) w.write(0, `Controlled By:\t${controller}\n`);
    w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
    w.write(
      0,
      pods instanceof Error
        ? `Pods Status:\terror in fetching pods: ${pods.message}\n`
        : podsStatusLine(pods),
    );
    describePodTemplate(w, rs.spec?.template);
    printWorkloadConditions(w, rs.status?.conditions);
    if (events) describeEvents(w, events, now);
  });
}

interface JobSpec {
  selector?: LabelSelector;
  parallelism?: number;
  completions?: number;
  completionMode?: string;
  suspend?: boolean;
  backoffLimit?: number;
  ttlSecondsAfterFinished?: number;
  activeDeadlineSeconds?: number;
  template?: PodTemplateSpec;
}

export interface Job extends Described {
  spec?: JobSpec;
  status?: {
    startTime?: string;
    completionTime?: string;
    active?: number;
    ready?: number;
    succeeded?: number;
    failed?: number;
    completedIndexes?: string;
  };
}

export interface CronJob extends Described {
  spec?: {
    schedule?: string;
    concurrencyPolicy?: string;
    suspend?: boolean;
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    startingDeadlineSeconds?: number;
    jobTemplate?: { spec?: JobSpec };
  };
  status?: { lastScheduleTime?: string; active?: { name?: string }[] };
}

/** `value`, or `<unset>` when the field is absent (kubectl's pointers). */
function orUnset(value: number | undefined, suffix = ""): string {
  return value === undefined ? "<unset>" : `${String(value)}${suffix}`;
}

/** kubectl's `capIndexesListOrNone`: the completed indexes up to the first comma after 50 bytes, then `...`. */
function cappedIndexes(indexes: string | undefined, softLimit = 50): string {
  if (!indexes) return "<none>";
  const comma = indexes.indexOf(",", softLimit);
  return comma < 0 ? indexes : `${indexes.slice(0, comma + 1)}...`;
}

/**
 * A job: selector, owner, parallelism and completions, suspend, backoff, times and duration, its pods'
 * statuses, completed indexes (Indexed jobs) and pod template. `events` undefined: `--show-events=false`.
 */
export function describeJob(job: Job, events: readonly DescribedEvent[] | undefined, now: number): string {
  const meta = job.metadata ?? {};
  const spec = job.spec ?? {};
  const status = job.status ?? {};
  return tabbedString((w) => {
    w.write(0, `Name:\t${meta.name ?? ""}\n`);
    w.write(0, `Namespace:\t${meta.namespace ?? ""}\n`);
    w.write(0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabels(w, "Labels", meta.labels);
    printAnnotations(w, "Annotations", meta.annotations);
    const controller = controllerOf(meta);
    if (controller) w.write(0, `Controlled By:\t${controller}\n`);
    if (spec.parallelism !== undefined) w.write(0, `Parallelism:\t${spec.parallelism}\n`);
    w.write(0, `Completions:\t${orUnset(spec.completions)}\n`);
    if (spec.completionMode !== undefined) w.write(0, `Completion Mode:\t${spec.completionMode}\n`);
    if (spec.suspend !== undefined) w.write(0, `Suspend:\t${spec.suspend}\n`);
    if (spec.backoffLimit !== undefined) w.write(0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (spec.ttlSecondsAfterFinished !== undefined)
      w.write(0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    if (status.completionTime) w.write(0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
    if (status.startTime && status.completionTime)
      w.write(
        0,
        `Duration:\t${humanDuration(Date.parse(status.completionTime) - Date.parse(status.startTime))}\n`,
      );
    if (spec.activeDeadlineSeconds !== undefined)
      w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    const ready = status.ready === undefined ? "" : ` (${status.ready} Ready)`;
    w.write(
      0,
      `Pods Statuses:\t${status.active ?? 0} Active${ready} / ${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed\n`,
    );
    if (spec.completionMode === "Indexed")
      w.write(0, `Completed Indexes:\t${cappedIndexes(status.completedIndexes)}\n`);
    describePodTemplate(w, spec.template);
    if (events) describeEvents(w, events, now);
  });
}

/** kubectl's `describeJobTemplate`: a cron job's job template, `<unset>` for what it leaves out. */
function describeJobTemplate(w: DescribeWriter, spec: JobSpec): void {
  w.write(0, `Selector:\t${spec.selector ? selectorString(spec.selector) : "<unset>"}\n`);
  w.write(0, `Parallelism:\t${orUnset(spec.parallelism)}\n`);
  w.write(0, `Completions:\t${orUnset(spec.completions)}\n`);
  if (spec.activeDeadlineSeconds !== undefined)
    w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  describePodTemplate(w, spec.template);
}

/**
 * A cron job: schedule, policies, history limits, its job template, last schedule time and active jobs.
 * `events` undefined: `--show-events=false`.
 */
export function describeCronJob(
  cronJob: CronJob,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const meta = cronJob.metadata ?? {};
  const spec = cronJob.spec ?? {};
  return tabbedString((w) => {
    w.write(0, `Name:\t${meta.name ?? ""}\n`);
    w.write(0, `Namespace:\t${meta.namespace ?? ""}\n`);
    printLabels(w, "Labels", meta.labels);
    printAnnotations(w, "Annotations", meta.annotations);
    w.write(0, `Schedule:\t${spec.schedule ?? ""}\n`);
    w.write(0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ""}\n`);
    // kubectl's printBoolPtr: True / False / <unset> (a job's own Suspend prints Go's true / false).
    w.write(0, `Suspend:\t${spec.suspend === undefined ? "<unset>" : spec.suspend ? "True" : "False"}\n`);
    w.write(0, `Successful Job History Limit:\t${orUnset(spec.successfulJobsHistoryLimit)}\n`);
    w.write(0, `Failed Job History Limit:\t${orUnset(spec.failedJobsHistoryLimit)}\n`);
    w.write(0, `Starting Deadline Seconds:\t${orUnset(spec.startingDeadlineSeconds, "s")}\n`);
    describeJobTemplate(w, spec.jobTemplate?.spec ?? {});
    const last = cronJob.status?.lastScheduleTime;
    w.write(0, `Last Schedule Time:\t${last ? rfc1123z(last) : "<unset>"}\n`);
    const active = (cronJob.status?.active ?? []).map((job) => job.name ?? "");
    w.write(0, `Active Jobs:\t${active.length === 0 ? "<none>" : active.join(", ")}\n`);
    if (events) describeEvents(w, events, now);
  });
}

/** A StatefulSet's volume claim template, as the describer reads it. */
interface ClaimTemplate {
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: {
    storageClassName?: string;
    accessModes?: string[];
    resources?: { requests?: { storage?: string } };
  };
}

export interface StatefulSet extends Described {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
    updateStrategy?: {
      type?: string;
      rollingUpdate?: { partition?: number; maxUnavailable?: number | string };
    };
    volumeClaimTemplates?: ClaimTemplate[];
  };
  status?: { replicas?: number };
}

export interface DaemonSet extends Described {
  spec?: { selector?: LabelSelector; template?: PodTemplateSpec };
  status?: {
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    numberMisscheduled?: number;
  };
}

/** `Pods Status:  1 Running / 0 Waiting / 0 Succeeded / 0 Failed`. */
export function podsStatusLine(pods: PodCounts): string {
  return `Pods Status:\t${pods.running} Running / ${pods.waiting} Waiting / ${pods.succeeded} Succeeded / ${pods.failed} Failed\n`;
}

/** kubectl's `describeVolumeClaimTemplates`: each claim's class, labels, annotations, capacity and modes. */
function describeVolumeClaimTemplates(w: DescribeWriter, templates: readonly ClaimTemplate[]): void {
  if (templates.length === 0) {
    w.write(0, "Volume Claims:\t<none>\n");
    return;
  }
  w.write(0, "Volume Claims:\n");
  for (const pvc of templates) {
    const meta = pvc.metadata ?? {};
    const storageClass = claimClass(pvc);
    w.write(1, `Name:\t${meta.name ?? ""}\n`);
    w.write(1, `StorageClass:\t${storageClass}\n`);
    printLabels(w, "Labels", meta.labels, "  ");
    printLabels(w, "Annotations", meta.annotations, "  ");
    w.write(1, `Capacity:\t${pvc.spec?.resources?.requests?.storage ?? "<default>"}\n`);
    w.write(1, `Access Modes:\t${goValue(pvc.spec?.accessModes ?? [])}\n`);
  }
}

/**
 * A stateful set: replicas, update strategy, its pods by phase, pod template and volume claim templates.
 * `events` undefined: `--show-events=false`.
 */
export function describeStatefulSet(
  set: StatefulSet,
  pods: PodCounts,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const meta = set.metadata ?? {};
  const spec = set.spec ?? {};
  return tabbedString((w) => {
    w.write(0, `Name:\t${meta.name ?? ""}\n`);
    w.write(0, `Namespace:\t${meta.namespace ?? ""}\n`);
    w.write(0, `CreationTimestamp:\t${rfc1123z(meta.creationTimestamp)}\n`);
    w.write(0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabels(w, "Labels", meta.labels);
    printAnnotations(w, "Annotations", meta.annotations);
    w.write(0, `Replicas:\t${spec.replicas ?? 0} desired | ${set.status?.replicas ?? 0} total\n`);
    w.write(0, `Update Strategy:\t${spec.updateStrategy?.type ?? ""}\n`);
    const rolling = spec.updateStrategy?.rollingUpdate;
    if (rolling?.partition !== undefined) {
      w.write(1, `Partition:\t${rolling.partition}\n`);
      if (rolling.maxUnavailable !== undefined) w.write(1, `MaxUnavailable:\t${rolling.maxUnavailable}\n`);
    }
    w.write(0, podsStatusLine(pods));
    describePodTemplate(w, spec.template);
    describeVolumeClaimTemplates(w, spec.volumeClaimTemplates ?? []);
    if (events) describeEvents(w, events, now);
  });
}

/**
 * A daemon set: selector, node selector, scheduling counts, its pods by phase and pod template. `events`
 * undefined: `--show-events=false`.
 */
export function describeDaemonSet(
  set: DaemonSet,
  pods: PodCounts,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const meta = set.metadata ?? {};
  const status = set.status ?? {};
  return tabbedString((w) => {
    w.write(0, `Name:\t${meta.name ?? ""}\n`);
    w.write(0, `Namespace:\t${meta.namespace ?? ""}\n`);
    w.write(0, `Selector:\t${selectorString(set.spec?.selector)}\n`);
    w.write(0, `Node-Selector:\t${formatLabels(set.spec?.template?.spec?.nodeSelector)}\n`);
    printLabels(w, "Labels", meta.labels);
    printAnnotations(w, "Annotations", meta.annotations);
    w.write(0, `Desired Number of Nodes Scheduled: ${status.desiredNumberScheduled ?? 0}\n`);
    w.write(0, `Current Number of Nodes Scheduled: ${status.currentNumberScheduled ?? 0}\n`);
    w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${status.updatedNumberScheduled ?? 0}\n`);
    w.write(0, `Number of Nodes Scheduled with Available Pods: ${status.numberAvailable ?? 0}\n`);
    w.write(0, `Number of Nodes Misscheduled: ${status.numberMisscheduled ?? 0}\n`);
    w.write(0, podsStatusLine(pods));
    describePodTemplate(w, set.spec?.template);
    if (events) describeEvents(w, events, now);
  });
}
