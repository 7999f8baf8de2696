/**
 * `kubectl auth can-i --list`'s table, built as kubectl builds it (`can_i.go` with `rbac.BreakdownRule`,
 * `CompactRules` and `SortableRuleSlice`): every rule is broken down to one group, resource and name;
 * rules that then differ only in their verbs are merged; rows are sorted by the rule's Go string.
 */
import type { RulesReviewStatus } from "@kr8s/core";
import { goSlice } from "./go-format.ts";
import { formatTable } from "./table.ts";

interface Rule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

/**
 * rbac's `PolicyRuleBuilder`: verbs in the role's order (kubectl prints `[update get]` for a role that lists
 * them so), the other lists sorted and without duplicates.
 */
function rule(verbs: readonly string[], parts: Partial<Omit<Rule, "verbs">> = {}): Rule {
  const set = (values: readonly string[] = []): string[] => [...new Set(values)].sort(byteOrder);
  return {
    verbs: [...verbs],
    apiGroups: set(parts.apiGroups),
    resources: set(parts.resources),
    resourceNames: set(parts.resourceNames),
    nonResourceURLs: set(parts.nonResourceURLs),
  };
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * rbac's `BreakdownRule`: one rule per group × resource (× name), whose verbs `compact` merges again; one
 * per non-resource URL × verb, which stay apart (`CompactRules` merges resource rules only).
 */
function breakdown(input: Rule): Rule[] {
  const out: Rule[] = [];
  for (const group of input.apiGroups) {
    for (const resource of input.resources) {
      if (input.resourceNames.length === 0)
        out.push(rule(input.verbs, { apiGroups: [group], resources: [resource] }));
      for (const name of input.resourceNames) {
        out.push(rule(input.verbs, { apiGroups: [group], resources: [resource], resourceNames: [name] }));
      }
    }
  }
  for (const url of input.nonResourceURLs)
    for (const verb of input.verbs) out.push(rule([verb], { nonResourceURLs: [url] }));
  return out;
}

/** rbac's `CompactRules`: single group/resource(/name) rules merged, their verbs appended in order. */
function compact(rules: readonly Rule[]): Rule[] {
  const out: Rule[] = [];
  const simple = new Map<string, Rule>();
  for (const r of rules) {
    const isSimple =
      r.resourceNames.length <= 1 &&
      r.nonResourceURLs.length === 0 &&
      r.apiGroups.length === 1 &&
      r.resources.length === 1;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups[0], r.resources[0], r.resourceNames[0] ?? null]);
    const existing = simple.get(key);
    if (existing === undefined) simple.set(key, { ...r, verbs: [...r.verbs] });
    else for (const verb of r.verbs) if (!existing.verbs.includes(verb)) existing.verbs.push(verb);
  }
  return [...out, ...simple.values()];
}

/** The generated `PolicyRule.String()` that kubectl sorts by. */
function goString(r: Rule): string {
  return `&PolicyRule{Verbs:${goSlice(r.verbs)},APIGroups:${goSlice(r.apiGroups)},Resources:${goSlice(r.resources)},ResourceNames:${goSlice(r.resourceNames)},NonResourceURLs:${goSlice(r.nonResourceURLs)},}`;
}

/** kubectl's `CombineResourceGroup`: `deployments.apps`, `pods/log`, `deployments.apps/scale`. */
function resourceColumn(r: Rule): string {
  const [first] = r.resources;
  if (first === undefined) return "";
  const slash = first.indexOf("/");
  const [resource, subresource] =
    slash < 0 ? [first, undefined] : [first.slice(0, slash), first.slice(slash + 1)];
  const group = r.apiGroups[0];
  return `${resource}${group ? `.${group}` : ""}${subresource === undefined ? "" : `/${subresource}`}`;
}

/** The table `kubectl auth can-i --list` prints for a SelfSubjectRulesReview. */
export function formatAccessRules(status: RulesReviewStatus, headers: boolean): string {
  const rules = [
    ...status.resourceRules.map((r) => ({ ...r, nonResourceURLs: [] })),
    ...status.nonResourceRules.map((r) => ({
      verbs: r.verbs,
      apiGroups: [],
      resources: [],
      resourceNames: [],
      nonResourceURLs: r.nonResourceURLs,
    })),
  ];
  const rows = compact(rules.flatMap(breakdown))
    .map((r) => ({ r, key: goString(r) }))
    .sort((a, b) => byteOrder(a.key, b.key))
    .map(({ r }) => [
      resourceColumn(r),
      goSlice(r.nonResourceURLs),
      goSlice(r.resourceNames),
      goSlice(r.verbs),
    ]);
  return formatTable(
    headers ? [["Resources", "Non-Resource URLs", "Resource Names", "Verbs"], ...rows] : rows,
  );
}
