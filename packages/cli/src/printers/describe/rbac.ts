/**
 * `kubectl describe role|clusterrole|rolebinding|clusterrolebinding` (kubectl's `RoleDescriber`,
 * `ClusterRoleDescriber`, `RoleBindingDescriber`, `ClusterRoleBindingDescriber`, v1.33): a role's rules
 * broken down and compacted as kubectl's `pkg/util/rbac` does, a binding's role and subjects.
 */
import { goValue } from "./format.ts";
import { printAnnotations, printLabels } from "./sections.ts";
import type { Described } from "./types.ts";
import { tabbedString } from "./writer.ts";

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Role extends Described {
  rules?: PolicyRule[];
}

export interface RoleBinding extends Described {
  roleRef?: { kind?: string; name?: string };
  subjects?: { kind?: string; name?: string; namespace?: string }[];
}

/** kubectl's `BreakdownRule`: one rule per group, resource, verb and resource name; URLs per verb. */
function breakdown(rule: PolicyRule): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const verbs = rule.verbs ?? [];
  for (const group of rule.apiGroups ?? [])
    for (const resource of rule.resources ?? [])
      for (const verb of verbs) {
        const names = rule.resourceNames ?? [];
        if (names.length === 0) rules.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        for (const name of names)
          rules.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
      }
  for (const url of rule.nonResourceURLs ?? [])
    for (const verb of verbs) rules.push({ nonResourceURLs: [url], verbs: [verb] });
  return rules;
}

/**
 * kubectl's `CompactRules` on broken-down rules: those on one group, resource and resource name merge
 * their verbs (in the order met); rules on non-resource URLs stay one per verb.
 */
function compact(rules: readonly PolicyRule[]): PolicyRule[] {
  const complex: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    if (rule.nonResourceURLs?.length) {
      complex.push(rule);
      continue;
    }
    const key = JSON.stringify([rule.apiGroups, rule.resources, rule.resourceNames ?? null]);
    const existing = simple.get(key);
    if (!existing) simple.set(key, { ...rule, verbs: [...(rule.verbs ?? [])] });
    else for (const verb of rule.verbs ?? []) if (!existing.verbs?.includes(verb)) existing.verbs?.push(verb);
  }
  return [...complex, ...simple.values()];
}

/** The generated `PolicyRule.String()` kubectl sorts the rules by (its fields in protobuf order). */
function ruleString(rule: PolicyRule): string {
  return `&PolicyRule{Verbs:${goValue(rule.verbs ?? [])},APIGroups:${goValue(rule.apiGroups ?? [])},Resources:${goValue(rule.resources ?? [])},ResourceNames:${goValue(rule.resourceNames ?? [])},NonResourceURLs:${goValue(rule.nonResourceURLs ?? [])},}`;
}

/** kubectl's `CombineResourceGroup`: `deployments.apps/scale`, `pods`, or empty for URL rules. */
function resourceAndGroup(rule: PolicyRule): string {
  const [resource] = rule.resources ?? [];
  if (resource === undefined) return "";
  const slash = resource.indexOf("/");
  const [name, sub] =
    slash < 0 ? [resource, undefined] : [resource.slice(0, slash), resource.slice(slash + 1)];
  const group = rule.apiGroups?.[0];
  return `${name}${group ? `.${group}` : ""}${sub === undefined ? "" : `/${sub}`}`;
}

/** A Role or ClusterRole: its rules, one line per resource (and name) with every verb allowed on it. */
export function describeRole(role: Role): string {
  const rules = compact((role.rules ?? []).flatMap(breakdown))
    .map((rule) => ({ rule, key: ruleString(rule) }))
    // Go's byte order of the rule strings (a stable sort).
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ rule }) => rule);
  return tabbedString((w) => {
    w.write(0, `Name:\t${role.metadata?.name ?? ""}\n`);
    printLabels(w, "Labels", role.metadata?.labels);
    printAnnotations(w, "Annotations", role.metadata?.annotations);
    w.write(0, "PolicyRule:\n");
    w.write(1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n");
    w.write(1, "---------\t-----------------\t--------------\t-----\n");
    for (const r of rules)
      w.write(
        1,
        `${resourceAndGroup(r)}\t${goValue(r.nonResourceURLs ?? [])}\t${goValue(r.resourceNames ?? [])}\t${goValue(r.verbs ?? [])}\n`,
      );
  });
}

/** A RoleBinding or ClusterRoleBinding: the role it grants and to whom. */
export function describeRoleBinding(binding: RoleBinding): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${binding.metadata?.name ?? ""}\n`);
    printLabels(w, "Labels", binding.metadata?.labels);
    printAnnotations(w, "Annotations", binding.metadata?.annotations);
    w.write(0, "Role:\n");
    w.write(1, `Kind:\t${binding.roleRef?.kind ?? ""}\n`);
    w.write(1, `Name:\t${binding.roleRef?.name ?? ""}\n`);
    w.write(0, "Subjects:\n");
    w.write(1, "Kind\tName\tNamespace\n");
    w.write(1, "----\t----\t---------\n");
    for (const s of binding.subjects ?? [])
      w.write(1, `${s.kind ?? ""}\t${s.name ?? ""}\t${s.namespace ?? ""}\n`);
  });
}
