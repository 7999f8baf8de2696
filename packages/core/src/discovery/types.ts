/** What discovery knows about a cluster's resources, in the shapes `apiResources()` hands out. */

/** One resource of one group version, as `kubectl api-resources` shows it (subresources folded in). */
export interface APIResource {
  /** The plural, the URL segment: `pods`, `deployments`. */
  readonly name: string;
  /** `pod`, `deployment`. */
  readonly singularName: string;
  /** `po`, `deploy`; empty when the resource declares none. */
  readonly shortNames: readonly string[];
  readonly kind: string;
  /** `""` for the core group. */
  readonly group: string;
  readonly version: string;
  /** `v1`, `apps/v1`: the `apiVersion` of objects of this resource. */
  readonly apiVersion: string;
  readonly namespaced: boolean;
  /** `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`… */
  readonly verbs: readonly string[];
  /** `all`, … (kubectl's `get all` uses the `all` category). */
  readonly categories: readonly string[];
  /** Subresources served for it: `status`, `scale`, `log`, `exec`… */
  readonly subresources: readonly string[];
  /** Whether `version` is its group's preferred version. */
  readonly preferred: boolean;
}

/** One API group and its versions, the preferred one first. */
export interface APIGroupVersions {
  /** `""` for the core group. */
  readonly name: string;
  /** In the server's order of preference. */
  readonly versions: readonly string[];
  readonly preferredVersion: string;
}

/** Everything discovery returns, in the server's priority order (core group first). */
export interface DiscoveryData {
  readonly groups: readonly APIGroupVersions[];
  /** Every resource of every served group version; subresources only as {@link APIResource.subresources}. */
  readonly resources: readonly APIResource[];
}
