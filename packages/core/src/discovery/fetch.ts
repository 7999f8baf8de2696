/**
 * Reading discovery from the API server: aggregated discovery (two requests for everything) where the
 * server has it, the classic per-group-version walk otherwise. Follows client-go's `discovery` package.
 */
import type { Transport } from "../http/transport.ts";
import { apiVersionOf } from "../internal/resource.ts";
import type { APIGroupVersions, APIResource, DiscoveryData } from "./types.ts";

/**
 * v2 first, then v2beta1 (servers 1.26–1.29), then plain JSON, which makes an older server answer with the
 * classic APIVersions / APIGroupList: one request per root covers every fallback (client-go's
 * `AcceptV2`/`AcceptV2Beta1` order).
 */
export const AGGREGATED_DISCOVERY_ACCEPT = [
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
  "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
  "application/json",
].join(",");

interface GroupVersionKind {
  group?: string;
  version?: string;
  kind?: string;
}

interface AggregatedResource {
  resource: string;
  responseKind?: GroupVersionKind;
  scope?: "Namespaced" | "Cluster";
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: { subresource: string }[];
}

interface AggregatedGroupList {
  kind: "APIGroupDiscoveryList";
  items?: {
    metadata?: { name?: string };
    versions?: { version: string; resources?: AggregatedResource[]; freshness?: string }[];
  }[];
}

interface ClassicVersions {
  kind: "APIVersions";
  versions?: string[];
}

interface ClassicGroupList {
  kind: "APIGroupList";
  groups?: {
    name: string;
    versions?: { groupVersion: string; version: string }[];
    preferredVersion?: { version: string };
  }[];
}

interface ClassicResourceList {
  resources?: {
    name: string;
    singularName?: string;
    namespaced?: boolean;
    kind: string;
    verbs?: string[];
    shortNames?: string[];
    categories?: string[];
  }[];
}

type RootAnswer = AggregatedGroupList | ClassicVersions | ClassicGroupList;

function fromAggregated(list: AggregatedGroupList): { groups: APIGroupVersions[]; resources: APIResource[] } {
  const groups: APIGroupVersions[] = [];
  const resources: APIResource[] = [];
  for (const item of list.items ?? []) {
    const group = item.metadata?.name ?? "";
    // A Stale version is one an aggregated API server stopped reporting: client-go skips it.
    const versions = (item.versions ?? []).filter((v) => v.freshness !== "Stale");
    if (versions.length === 0) continue;
    // Aggregated discovery lists versions in the group's order of preference.
    const preferredVersion = versions[0]?.version ?? "";
    groups.push({ name: group, versions: versions.map((v) => v.version), preferredVersion });
    for (const { version, resources: served } of versions) {
      for (const r of served ?? []) {
        const kind = r.responseKind?.kind ?? "";
        resources.push({
          name: r.resource,
          singularName: r.singularResource || kind.toLowerCase(),
          shortNames: r.shortNames ?? [],
          kind,
          group,
          version,
          apiVersion: apiVersionOf({ group, version }),
          namespaced: r.scope === "Namespaced",
          verbs: r.verbs ?? [],
          categories: r.categories ?? [],
          subresources: (r.subresources ?? []).map((s) => s.subresource),
          preferred: version === preferredVersion,
        });
      }
    }
  }
  return { groups, resources };
}

function classicResources(
  group: string,
  version: string,
  preferred: boolean,
  list: ClassicResourceList,
): APIResource[] {
  const all = list.resources ?? [];
  const subresources = new Map<string, string[]>();
  for (const r of all) {
    const slash = r.name.indexOf("/");
    if (slash < 0) continue;
    const parent = r.name.slice(0, slash);
    subresources.set(parent, [...(subresources.get(parent) ?? []), r.name.slice(slash + 1)]);
  }
  return all
    .filter((r) => !r.name.includes("/"))
    .map((r) => ({
      name: r.name,
      singularName: r.singularName || r.kind.toLowerCase(),
      shortNames: r.shortNames ?? [],
      kind: r.kind,
      group,
      version,
      apiVersion: apiVersionOf({ group, version }),
      namespaced: r.namespaced === true,
      verbs: r.verbs ?? [],
      categories: r.categories ?? [],
      subresources: subresources.get(r.name) ?? [],
      preferred,
    }));
}

async function fromClassic(
  transport: Transport,
  core: ClassicVersions,
  named: ClassicGroupList,
  signal: AbortSignal | undefined,
): Promise<{ groups: APIGroupVersions[]; resources: APIResource[] }> {
  const coreVersions = core.versions ?? [];
  const groups: APIGroupVersions[] = [
    ...(coreVersions.length > 0
      ? [{ name: "", versions: coreVersions, preferredVersion: coreVersions[0] ?? "" }]
      : []),
    ...(named.groups ?? []).map((g) => {
      const versions = (g.versions ?? []).map((v) => v.version);
      return { name: g.name, versions, preferredVersion: g.preferredVersion?.version ?? versions[0] ?? "" };
    }),
  ];
  const perVersion = await Promise.all(
    groups.flatMap((g) =>
      g.versions.map(async (version) => {
        const path = g.name === "" ? `/api/${version}` : `/apis/${g.name}/${version}`;
        try {
          const { body } = await transport.request<ClassicResourceList>({
            path,
            ...(signal ? { signal } : {}),
          });
          return classicResources(g.name, version, version === g.preferredVersion, body);
        } catch (error) {
          // An aggregated API server that is down (503) must not hide every other group, as in kubectl.
          if (signal?.aborted) throw error;
          return [];
        }
      }),
    ),
  );
  return { groups, resources: perVersion.flat() };
}

/**
 * Everything the server serves, core group first, then the groups in the server's priority order.
 * @throws the transport's errors for `/api` and `/apis`; an unreachable group version (an aggregated API
 *   server that is down) is left out, as kubectl does.
 */
export async function fetchDiscovery(transport: Transport, signal?: AbortSignal): Promise<DiscoveryData> {
  const root = (path: string): Promise<RootAnswer> =>
    transport
      .request<RootAnswer>({
        path,
        headers: { accept: AGGREGATED_DISCOVERY_ACCEPT },
        ...(signal ? { signal } : {}),
      })
      .then((response) => response.body);
  const [core, named] = await Promise.all([root("/api"), root("/apis")]);

  const parts = await Promise.all([
    core.kind === "APIGroupDiscoveryList"
      ? fromAggregated(core)
      : fromClassic(transport, core as ClassicVersions, { kind: "APIGroupList" }, signal),
    named.kind === "APIGroupDiscoveryList"
      ? fromAggregated(named)
      : fromClassic(transport, { kind: "APIVersions" }, named as ClassicGroupList, signal),
  ]);
  return {
    groups: parts.flatMap((p) => p.groups),
    resources: parts.flatMap((p) => p.resources),
  };
}
