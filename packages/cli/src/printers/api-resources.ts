/** `kubectl api-resources` output (kubectl's `apiresources.go`, v1.32). */
import type { APIResource } from "@kr8s/core";
import { formatTable } from "./table.ts";

/** How kubectl orders the rows: by group (the default), `name` or `kind`; ties by resource name. */
export type ApiResourcesSort = "group" | "name" | "kind";

/** Sorted as kubectl sorts (a stable sort on byte order, ties broken by the resource's plural). */
export function sortApiResources(resources: readonly APIResource[], by: ApiResourcesSort): APIResource[] {
  const key = (r: APIResource): string => (by === "name" ? r.name : by === "kind" ? r.kind : r.group);
  const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...resources].sort((a, b) => compare(key(a), key(b)) || compare(a.name, b.name));
}

/** The table (`wide` adds VERBS and CATEGORIES), or `name`'s `plural.group` lines. */
export function formatApiResources(
  resources: readonly APIResource[],
  options: { output: "" | "wide" | "name"; headers: boolean },
): string {
  if (options.output === "name") {
    return resources.map((r) => `${r.group ? `${r.name}.${r.group}` : r.name}\n`).join("");
  }
  const wide = options.output === "wide";
  const header = [
    "NAME",
    "SHORTNAMES",
    "APIVERSION",
    "NAMESPACED",
    "KIND",
    ...(wide ? ["VERBS", "CATEGORIES"] : []),
  ];
  const rows = resources.map((r) => [
    r.name,
    r.shortNames.join(","),
    r.apiVersion,
    String(r.namespaced),
    r.kind,
    ...(wide ? [r.verbs.join(","), r.categories.join(",")] : []),
  ]);
  return formatTable(options.headers ? [header, ...rows] : rows);
}
