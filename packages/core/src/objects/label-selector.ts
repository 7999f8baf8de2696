/** A workload's `LabelSelector` (matchLabels + matchExpressions) in the API's string form. */
import type { LabelSelector } from "kubernetes-types/meta/v1.js";

/**
 * `{matchLabels: {app: "web"}, matchExpressions: [{key: "tier", operator: "In", values: ["a", "b"]}]}` →
 * `app=web,tier in (a,b)`: the string apimachinery's `LabelSelectorAsSelector` produces, which list and
 * watch accept as `labelSelector`. An empty selector gives `""` (it matches everything, as in the API).
 */
export function labelSelectorString(selector: LabelSelector | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const { key, operator, values = [] } of selector?.matchExpressions ?? []) {
    if (operator === "In") parts.push(`${key} in (${values.join(",")})`);
    else if (operator === "NotIn") parts.push(`${key} notin (${values.join(",")})`);
    else if (operator === "Exists") parts.push(key);
    else if (operator === "DoesNotExist") parts.push(`!${key}`);
  }
  return parts.join(",");
}
