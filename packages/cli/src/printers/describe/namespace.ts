/**
 * `kubectl describe namespace`, `resourcequota` and `limitrange` (kubectl's `NamespaceDescriber`,
 * `ResourceQuotaDescriber`, `LimitRangeDescriber`, v1.33): a namespace lists its quotas and limit ranges.
 */

import { formatQuantity, parseQuantity, quantityString, value } from "./quantity.ts";
import {
  printAnnotations,
  printLabels,
  printTransitionConditions,
  sortedKeys,
  type TransitionCondition,
} from "./sections.ts";
import type { Described, StringMap } from "./types.ts";
import { tabbedString, type DescribeWriter } from "./writer.ts";

export interface Namespace extends Described {
  status?: {
    phase?: string;
    conditions?: TransitionCondition[];
  };
}

export interface ResourceQuota extends Described {
  spec?: { scopes?: string[] };
  status?: { hard?: StringMap; used?: StringMap };
}

export interface LimitRange extends Described {
  spec?: {
    limits?: {
      type?: string;
      max?: StringMap;
      min?: StringMap;
      default?: StringMap;
      defaultRequest?: StringMap;
      maxLimitRequestRatio?: StringMap;
    }[];
  };
}

/** kubectl's `helpTextForResourceQuotaScope`: what a quota scope matches (none for other scopes). */
const SCOPE_HELP: Record<string, string> = {
  Terminating:
    "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.",
  NotTerminating:
    "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
  BestEffort:
    "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
  NotBestEffort:
    "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.",
};

/** The scopes, sorted, with the help text of those kubectl explains (`prefix` before each `*`). */
function describeScopes(w: DescribeWriter, level: number, scopes: readonly string[], prefix: string): void {
  if (scopes.length === 0) return;
  const sorted = [...scopes].sort();
  w.write(level, `Scopes:\t${sorted.join(", ")}\n`);
  for (const scope of sorted) {
    const help = SCOPE_HELP[scope];
    if (help) w.write(level, `${prefix}* ${help}\n`);
  }
}

/**
 * A quota's `Resource Used Hard` rows, by resource name. `rule` is the dashes under the header (the
 * namespace's table and the quota's own differ). Alone, a quota's used amount is written in its hard
 * limit's format (binary or decimal), rounded up to a whole unit, as kubectl does.
 */
function describeQuotaUsage(
  w: DescribeWriter,
  quota: ResourceQuota,
  { level, rule, alone }: { level: number; rule: string; alone: boolean },
): void {
  w.write(level, "Resource\tUsed\tHard\n");
  w.write(level, rule);
  const hard = quota.status?.hard ?? {};
  for (const resource of sortedKeys(hard)) {
    const limit = parseQuantity(hard[resource] ?? "0");
    let used = parseQuantity(quota.status?.used?.[resource] ?? "0");
    if (alone && used.binary !== limit.binary)
      used = { nanos: value(used) * 1_000_000_000n, binary: limit.binary };
    w.write(level, `${resource}\t${formatQuantity(used)}\t${formatQuantity(limit)}\n`);
  }
}

/**
 * kubectl's `describeLimitRangeSpec`: one row per limit type and resource, `-` where a bound is not set.
 * kubectl walks a Go map (its order varies from run to run); kr8s sorts the resources.
 */
function describeLimitRangeSpec(w: DescribeWriter, limitRange: LimitRange, prefix: string): void {
  for (const item of limitRange.spec?.limits ?? []) {
    const bounds = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio];
    const resources = sortedKeys(Object.assign({}, ...bounds.map((b) => b ?? {})) as StringMap);
    for (const resource of resources) {
      const cells = bounds.map((b) => (b?.[resource] === undefined ? "-" : quantityString(b[resource])));
      w.write(0, `${prefix}${item.type ?? ""}\t${resource}\t${cells.join("\t")}\n`);
    }
  }
}

const LIMIT_HEADER = "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n";
const LIMIT_RULE = "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n";

/**
 * A namespace: status, conditions, then its resource quotas and limit ranges (`undefined` when the server
 * does not serve them: the section is left out, as kubectl does).
 */
export function describeNamespace(
  namespace: Namespace,
  quotas: readonly ResourceQuota[] | undefined,
  limitRanges: readonly LimitRange[] | undefined,
): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${namespace.metadata?.name ?? ""}\n`);
    printLabels(w, "Labels", namespace.metadata?.labels);
    printAnnotations(w, "Annotations", namespace.metadata?.annotations);
    w.write(0, `Status:\t${namespace.status?.phase ?? ""}\n`);
    printTransitionConditions(w, "Conditions:\n", namespace.status?.conditions);
    if (quotas) {
      w.write(0, "\n");
      if (quotas.length === 0) w.write(0, "No resource quota.\n");
      else {
        w.write(0, "Resource Quotas\n");
        const byName = [...quotas].sort((a, b) =>
          (a.metadata?.name ?? "") < (b.metadata?.name ?? "") ? -1 : 1,
        );
        for (const quota of byName) {
          w.write(1, `Name:\t${quota.metadata?.name ?? ""}\n`);
          describeScopes(w, 1, quota.spec?.scopes ?? [], "");
          describeQuotaUsage(w, quota, { level: 1, rule: "--------\t---\t---\n", alone: false });
        }
      }
    }
    if (limitRanges) {
      w.write(0, "\n");
      if (limitRanges.length === 0) w.write(0, "No LimitRange resource.\n");
      else {
        w.write(0, `Resource Limits\n ${LIMIT_HEADER}`);
        w.write(0, ` ${LIMIT_RULE}`);
        for (const limitRange of limitRanges) describeLimitRangeSpec(w, limitRange, " ");
      }
    }
  });
}

/** A resource quota: its scopes and each resource's use against its hard limit. */
export function describeResourceQuota(quota: ResourceQuota): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${quota.metadata?.name ?? ""}\n`);
    w.write(0, `Namespace:\t${quota.metadata?.namespace ?? ""}\n`);
    describeScopes(w, 0, quota.spec?.scopes ?? [], " ");
    describeQuotaUsage(w, quota, { level: 0, rule: "--------\t----\t----\n", alone: true });
  });
}

/** A limit range: one row per limit type and resource. */
export function describeLimitRange(limitRange: LimitRange): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${limitRange.metadata?.name ?? ""}\n`);
    w.write(0, `Namespace:\t${limitRange.metadata?.namespace ?? ""}\n`);
    w.write(0, LIMIT_HEADER);
    w.write(0, LIMIT_RULE);
    describeLimitRangeSpec(w, limitRange, "");
  });
}
