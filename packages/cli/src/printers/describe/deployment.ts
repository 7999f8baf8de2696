/** `kubectl describe deployment` (kubectl's `DeploymentDescriber`, v1.32). */
import { describePodTemplate } from "./containers.ts";
import { rfc1123z } from "./format.ts";
import {
  describeEvents,
  printAnnotations,
  printLabels,
  printWorkloadConditions,
  selectorString,
} from "./sections.ts";
import type { DescribedEvent, Described, LabelSelector, PodTemplateSpec } from "./types.ts";
import { tabbedString } from "./writer.ts";

export interface Deployment extends Described {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
    minReadySeconds?: number;
    strategy?: {
      type?: string;
      rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string };
    };
  };
  status?: {
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: { type: string; status: string; reason?: string }[];
  };
}

/** A ReplicaSet, as the OldReplicaSets / NewReplicaSet lines name it. */
export interface ReplicaSetSummary extends Described {
  spec?: { replicas?: number };
  status?: { replicas?: number };
}

/** `web-5d4f8 (2/2 replicas created), …`, or `<none>`. */
function replicaSetList(sets: readonly ReplicaSetSummary[]): string {
  const text = sets
    .map(
      (rs) =>
        `${rs.metadata?.name ?? ""} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`,
    )
    .join(", ");
  return text || "<none>";
}

/**
 * A Deployment: replicas, strategy, pod template, conditions and its replica sets. `replicaSets` is
 * undefined when they could not be listed (kubectl then leaves both lines out). `events` undefined:
 * `--show-events=false`.
 */
export function describeDeployment(
  d: Deployment,
  replicaSets: { old: readonly ReplicaSetSummary[]; new: readonly ReplicaSetSummary[] } | undefined,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const spec = d.spec ?? {};
  const status = d.status ?? {};
  return tabbedString((w) => {
    w.write(0, `Name:\t${d.metadata?.name ?? ""}\n`);
    w.write(0, `Namespace:\t${d.metadata?.namespace ?? ""}\n`);
    w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata?.creationTimestamp)}\n`);
    printLabels(w, "Labels", d.metadata?.labels);
    printAnnotations(w, "Annotations", d.metadata?.annotations);
    w.write(0, `Selector:\t${selectorString(spec.selector)}\n`);
    w.write(
      0,
      `Replicas:\t${spec.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(0, `StrategyType:\t${spec.strategy?.type ?? ""}\n`);
    w.write(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
    const rolling = spec.strategy?.rollingUpdate;
    if (rolling)
      w.write(
        0,
        `RollingUpdateStrategy:\t${rolling.maxUnavailable ?? 0} max unavailable, ${rolling.maxSurge ?? 0} max surge\n`,
      );
    describePodTemplate(w, spec.template);
    printWorkloadConditions(w, status.conditions);
    if (replicaSets && (replicaSets.old.length > 0 || replicaSets.new.length > 0)) {
      w.write(0, `OldReplicaSets:\t${replicaSetList(replicaSets.old)}\n`);
      w.write(0, `NewReplicaSet:\t${replicaSetList(replicaSets.new)}\n`);
    }
    if (events) describeEvents(w, events, now);
  });
}
