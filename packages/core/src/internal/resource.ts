/**
 * The seam between the verbs (`verbs/`), watch (`watch/`) and the transport: which resource a call is about
 * (a {@link ResourceRef}, produced by discovery from any kind spelling) and the paths and paged lists every
 * verb family shares. Internal: never exported from the package's index.
 */
import type { Query } from "../http/query.ts";
import type { Transport } from "../http/transport.ts";
import { InvalidArgumentError } from "../errors.ts";
import { invalidPathSegment } from "./path-segment.ts";

/** One resource as discovery describes it: enough to build every URL of it. */
export interface ResourceRef {
  /** API group; `""` for the core group. */
  readonly group: string;
  readonly version: string;
  /** `Pod`, `Deployment`… */
  readonly kind: string;
  /** The URL segment, from discovery (never guessed from the kind): `pods`, `deployments`. */
  readonly plural: string;
  readonly namespaced: boolean;
}

/** `v1` for the core group, `apps/v1` otherwise. */
export function apiVersionOf(ref: Pick<ResourceRef, "group" | "version">): string {
  return ref.group === "" ? ref.version : `${ref.group}/${ref.version}`;
}

/** Where a resource lives: a namespace (namespaced kinds only; omitted = all namespaces), a name, a subresource. */
export interface ResourcePathOptions {
  namespace?: string | undefined;
  name?: string | undefined;
  subresource?: string | undefined;
}

/**
 * `/api/v1/namespaces/ns/pods/name/status`, `/apis/apps/v1/deployments` (all namespaces)…
 * Segments are percent-encoded. A namespace given for a cluster-scoped resource is ignored, as kubectl does.
 * @throws {InvalidArgumentError} for a namespace or name client-go refuses in a path (`a/b`, `..`, `x%y`).
 */
export function resourcePath(ref: ResourceRef, options: ResourcePathOptions = {}): string {
  const parts = [ref.group === "" ? "/api" : `/apis/${encodeURIComponent(ref.group)}`, ref.version];
  if (ref.namespaced && options.namespace !== undefined)
    parts.push("namespaces", encodeURIComponent(pathSegment("namespace", options.namespace)));
  parts.push(ref.plural);
  if (options.name !== undefined) parts.push(encodeURIComponent(pathSegment("resource name", options.name)));
  if (options.subresource !== undefined) parts.push(options.subresource);
  return parts.join("/");
}

/** Pods of the core group: the path of the pod verbs and streams that need no discovery (exec, logs, evictions). */
const PODS: ResourceRef = { group: "", version: "v1", kind: "Pod", plural: "pods", namespaced: true };

/**
 * `/api/v1/namespaces/<ns>/pods/<name>[/<subresource>]`, checked and encoded as {@link resourcePath} does.
 * @throws {InvalidArgumentError} for a namespace or name client-go refuses in a path.
 */
export function podPath(namespace: string, name: string, subresource?: string): string {
  return resourcePath(PODS, { namespace, name, subresource });
}

function pathSegment(what: "namespace" | "resource name", value: string): string {
  const invalid = invalidPathSegment(what, value);
  if (invalid !== undefined) throw new InvalidArgumentError(invalid);
  return value;
}

/** A label or field selector: the API's string form, or an object of `key: value` equalities. */
export type Selector = string | Readonly<Record<string, string>>;

/** The API's string form of a selector (`{app: "web", tier: "db"}` → `app=web,tier=db`). */
export function selectorString(selector: Selector | undefined): string | undefined {
  if (selector === undefined) return undefined;
  if (typeof selector === "string") return selector === "" ? undefined : selector;
  const parts = Object.entries(selector).map(([key, value]) => `${key}=${value}`);
  return parts.length === 0 ? undefined : parts.join(",");
}

/** One page of a list response, as the server sends it (items left as parsed JSON). */
export interface ListPage<T = unknown> {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

/** Options of {@link listPages}: the API's own names. */
export interface ListPagesOptions {
  /** Omitted = all namespaces (namespaced kinds) or the cluster (cluster-scoped kinds). */
  namespace?: string | undefined;
  labelSelector?: Selector | undefined;
  fieldSelector?: Selector | undefined;
  /** Page size. @default 500 (kubectl's `--chunk-size`) */
  limit?: number | undefined;
  resourceVersion?: string | undefined;
  resourceVersionMatch?: string | undefined;
  timeoutSeconds?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Extra request headers (e.g. the Table `Accept`). */
  headers?: Record<string, string> | undefined;
  /** Extra query parameters, repeated on every page (e.g. the Table's `includeObject`). */
  query?: Query | undefined;
}

/**
 * The pages of a list, following `continue` until the server returns none. Every page repeats the selectors
 * and the page size (the server requires the same query with a continue token); `resourceVersion` goes on the
 * first request only, as client-go's pager does.
 * @throws the transport's errors (`ServerError` 410 `Expired` when a continue token is too old).
 */
export async function* listPages<T = unknown>(
  transport: Transport,
  ref: ResourceRef,
  options: ListPagesOptions = {},
): AsyncGenerator<ListPage<T>, void, undefined> {
  const base: Query = {
    ...options.query,
    labelSelector: selectorString(options.labelSelector),
    fieldSelector: selectorString(options.fieldSelector),
    limit: options.limit ?? 500,
    timeoutSeconds: options.timeoutSeconds,
  };
  let continueToken: string | undefined;
  let first = true;
  do {
    const query: Query = first
      ? {
          ...base,
          resourceVersion: options.resourceVersion,
          resourceVersionMatch: options.resourceVersionMatch,
        }
      : { ...base, continue: continueToken };
    const { body } = await transport.request<ListPage<T>>({
      method: "GET",
      path: resourcePath(ref, { namespace: options.namespace }),
      query,
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    first = false;
    yield { ...body, items: body.items ?? [], metadata: body.metadata ?? {} };
    continueToken = body.metadata?.continue || undefined;
  } while (continueToken !== undefined);
}
