/**
 * The kind grammar: which served resource a spelling such as `deploy`, `Deployment`, `deployments.apps`,
 * `deployment.v1.apps` or `deployment.apps/v1` names. Resolution follows kubectl: client-go's
 * `ParseResourceArg`, its shortcut expander (a short name expands inside the group that declared it, and an
 * exact resource name always wins over a short name) and `PriorityRESTMapper` (core group first, then groups
 * in discovery order, preferred versions first). Matching is case-insensitive.
 */
import { distance } from "fastest-levenshtein";
import type { APIResource, DiscoveryData } from "../discovery/types.ts";

/** One reading of a kind spelling: a resource name, with the group and version it was qualified with. */
export interface KindSpelling {
  /** Lower-cased: a plural, singular, Kind or short name. */
  readonly resource: string;
  readonly group?: string;
  readonly version?: string;
}

/**
 * The readings of `spelling`, most specific first, as kubectl tries them:
 * - `kind/version`, `kind.group/version` (kr8s's form);
 * - `kind.version.group` — then, if nothing matches, `kind.group` with the group taken as everything after
 *   the first dot (so `ingresses.networking.k8s.io` reads as group `networking.k8s.io`);
 * - `kind.group`;
 * - `kind`.
 */
export function parseKind(spelling: string): KindSpelling[] {
  const text = spelling.trim().toLowerCase();
  const slash = text.lastIndexOf("/");
  if (slash >= 0) {
    const version = text.slice(slash + 1);
    // `kind/version` leaves the group open: `deployment/v1` is apps/v1, `pod/v1` the core group.
    const [resource = "", group] = splitFirstDot(text.slice(0, slash));
    return [group === undefined ? { resource, version } : { resource, version, group }];
  }
  const [resource = "", rest] = splitFirstDot(text);
  if (rest === undefined) return [{ resource }];
  const readings: KindSpelling[] = [];
  const [version, group] = splitFirstDot(rest);
  if (group !== undefined && version !== undefined) readings.push({ resource, version, group });
  readings.push({ resource, group: rest });
  return readings;
}

function splitFirstDot(text: string): [string, string | undefined] {
  const dot = text.indexOf(".");
  return dot < 0 ? [text, undefined] : [text.slice(0, dot), text.slice(dot + 1)];
}

/** kubectl's resource priority: core group, then discovery order; the preferred version first in a group. */
function priorityOf(data: DiscoveryData): (r: APIResource) => number {
  const rank = new Map<string, number>();
  data.groups.forEach((group, groupIndex) => {
    const versions = [group.preferredVersion, ...group.versions.filter((v) => v !== group.preferredVersion)];
    versions.forEach((version, versionIndex) => {
      rank.set(`${group.name}/${version}`, groupIndex * 1000 + versionIndex);
    });
  });
  return (r) => rank.get(`${r.group}/${r.version}`) ?? Number.MAX_SAFE_INTEGER;
}

function best(
  candidates: APIResource[],
  data: DiscoveryData,
  reading: KindSpelling,
): APIResource | undefined {
  const priority = priorityOf(data);
  // Within one group version, a plural beats a singular or Kind that happens to equal it.
  const exactness = (r: APIResource): number => (r.name === reading.resource ? 0 : 1);
  return [...candidates].sort((a, b) => priority(a) - priority(b) || exactness(a) - exactness(b))[0];
}

function matchReading(
  reading: KindSpelling,
  data: DiscoveryData,
  groupPrefix = false,
): APIResource | undefined {
  const inGroup = (group: string): boolean =>
    reading.group === undefined ||
    (groupPrefix ? group.toLowerCase().startsWith(reading.group) : group.toLowerCase() === reading.group);
  const pool = data.resources.filter(
    (r) => inGroup(r.group) && (reading.version === undefined || r.version.toLowerCase() === reading.version),
  );
  const name = reading.resource;
  const exact = pool.filter(
    (r) => r.name === name || r.singularName === name || r.kind.toLowerCase() === name,
  );
  if (exact.length > 0) return best(exact, data, reading);
  const short = best(
    pool.filter((r) => r.shortNames.some((s) => s.toLowerCase() === name)),
    data,
    reading,
  );
  if (!short) return undefined;
  // The short name expands to (group, resource) of the resource that declared it; that resource in its
  // group's preferred version (or the version asked for) is the answer, never another group's namesake.
  return best(
    pool.filter((r) => r.group === short.group && r.name === short.name),
    data,
    reading,
  );
}

/**
 * The served resource `spelling` names, or undefined. When no group matches exactly, a group given without
 * a version also matches as the start of a group's name, as kubectl's RESTMapper and shortcut expander
 * allow (`storageclasses.storage` is `storage.k8s.io`, `cj.bat` is `batch`'s cronjobs).
 */
export function matchKind(spelling: string, data: DiscoveryData): APIResource | undefined {
  const readings = parseKind(spelling);
  for (const reading of readings) {
    const found = matchReading(reading, data);
    if (found) return found;
  }
  for (const reading of readings) {
    if (reading.group === undefined || reading.version !== undefined) continue;
    const found = matchReading(reading, data, true);
    if (found) return found;
  }
  return undefined;
}

/**
 * Up to `max` served spellings nearest to `spelling` by edit distance (qualified with `.group` when the
 * spelling had a group), for "did you mean" hints.
 */
export function nearestKinds(spelling: string, data: DiscoveryData, max = 3): string[] {
  const [reading] = parseKind(spelling);
  if (!reading || reading.resource === "") return [];
  const qualify = (name: string, r: APIResource): string =>
    reading.group !== undefined && r.group !== "" ? `${name}.${r.group}` : name;
  const scored = new Map<string, number>();
  for (const r of data.resources) {
    for (const name of new Set([r.name, r.singularName, ...r.shortNames.map((s) => s.toLowerCase())])) {
      const d = distance(reading.resource, name);
      const key = qualify(name, r);
      if (d <= Math.max(2, Math.floor(name.length / 3)) && d < (scored.get(key) ?? Infinity))
        scored.set(key, d);
    }
  }
  return [...scored.entries()]
    .sort(([a, da], [b, db]) => da - db || a.localeCompare(b))
    .slice(0, max)
    .map(([name]) => name);
}

/**
 * The resource serving objects of exactly `apiVersion` and `kind` (what an object's own fields say), or
 * undefined. Kinds compare exactly, as the API server compares them.
 */
export function matchApiVersionKind(
  apiVersion: string,
  kind: string,
  data: DiscoveryData,
): APIResource | undefined {
  return data.resources.find((r) => r.apiVersion === apiVersion && r.kind === kind);
}

/** `apps/v1` → `{ group: "apps", version: "v1" }`; `v1` → the core group. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** `Deployment` + `apps/v1` → `Deployment.apps/v1`, `Pod` + `v1` → `Pod/v1`: the grammar's qualified form. */
export function kindSpelling(apiVersion: string, kind: string): string {
  const { group, version } = splitApiVersion(apiVersion);
  return group === "" ? `${kind}/${version}` : `${kind}.${group}/${version}`;
}
