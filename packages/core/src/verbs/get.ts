/** The read verbs: `get` (everything at once, as an array) and `list` (objects as pages arrive). */
import { InvalidArgumentError } from "../errors.ts";
import { listPages, resourcePath, type ListPagesOptions } from "../internal/resource.ts";
import { signalOption, type VerbContext } from "../internal/verb-context.ts";
import type { APIObject, APIObjectClass, KubeObject } from "../objects/api-object.ts";
import type { KindArg, KindInfo } from "../objects/registry.ts";
import { requestNamespace, type NamespaceOption } from "./namespace.ts";
import { nameList, type Names } from "./names.ts";
import { fromTableOrList, TABLE_ACCEPT, mergeTables, type Table } from "./table.ts";

/**
 * Options of `get` and `list`: the API's own names, as the paged list takes them (`internal/resource.ts`),
 * with the client's namespace rules instead of "omitted = all".
 */
export interface ListOptions extends Omit<ListPagesOptions, "namespace" | "headers" | "query"> {
  /** A namespace, or `ALL`. Ignored for cluster-scoped kinds. @default the client's namespace */
  namespace?: NamespaceOption | undefined;
}

/** Options of `get`. */
export interface GetOptions extends ListOptions {
  /** Return plain JSON objects instead of `APIObject`s (the fastest path: nothing is wrapped). */
  raw?: boolean | undefined;
  /**
   * Ask for the server's `Table` (the columns `kubectl get` prints), with the plain form as fallback. `get`
   * then returns one Table holding every row. `includeObject` is the server's option (`None`, `Metadata`,
   * `Object`). @default "Metadata" when `asTable` is set
   */
  asTable?: boolean | undefined;
  includeObject?: "None" | "Metadata" | "Object" | undefined;
  /**
   * Read a subresource of each named object instead (`status`, `scale`: kubectl's `get --subresource`); the
   * server answers with the subresource's own kind (a `Scale` for `scale`). Names only.
   * @throws {InvalidArgumentError} without names.
   */
  subresource?: string | undefined;
}

function pagesOptions(options: ListOptions, namespace: string | undefined): ListPagesOptions {
  // Only the list's own options: `raw`/`asTable` and friends stay with `get`.
  const {
    labelSelector,
    fieldSelector,
    limit,
    resourceVersion,
    resourceVersionMatch,
    timeoutSeconds,
    signal,
  } = options;
  return {
    namespace,
    labelSelector,
    fieldSelector,
    limit,
    resourceVersion,
    resourceVersionMatch,
    timeoutSeconds,
    signal,
  };
}

/**
 * Puts `kind`/`apiVersion` on a list item (the server leaves them out of list items) and wraps it. Two
 * property writes, no copy: large lists stay at the cost of parsing them.
 */
export function wrap(
  ctx: VerbContext,
  cls: APIObjectClass<KubeObject>,
  info: KindInfo,
  item: KubeObject,
): APIObject {
  item.apiVersion ??= info.apiVersion;
  item.kind ??= info.kind;
  return new cls(item, { api: ctx.api });
}

function checkNames(names: string[], options: GetOptions): void {
  if (names.length === 0) {
    if (options.subresource !== undefined)
      throw new InvalidArgumentError("a subresource can only be read by name", {
        suggestions: ["give the names of the objects whose subresource you want"],
      });
    return;
  }
  if (options.labelSelector !== undefined || options.fieldSelector !== undefined)
    throw new InvalidArgumentError("names cannot be combined with a labelSelector or fieldSelector", {
      suggestions: ["give either names or selectors, as with kubectl"],
    });
}

/** Implementation of `Api.get`; see there. */
export async function get(
  ctx: VerbContext,
  kind: KindArg,
  names: Names,
  options: GetOptions = {},
): Promise<APIObject[] | KubeObject[] | Table[]> {
  const list = nameList(names);
  checkNames(list, options);
  const { info, cls } = await ctx.resolve(kind, options.signal);
  const namespace = requestNamespace(info, options.namespace, ctx.namespace);
  if (list.length > 0 && info.namespaced && namespace === undefined)
    throw new InvalidArgumentError("an object cannot be retrieved by name across all namespaces", {
      suggestions: ["give a namespace (kubectl's wording and rule)"],
    });
  const headers = options.asTable ? { accept: TABLE_ACCEPT } : undefined;
  const query = options.asTable ? { includeObject: options.includeObject } : undefined;

  let items: unknown[];
  if (list.length > 0) {
    items = await Promise.all(
      list.map(async (name) => {
        const { body } = await ctx.transport.request<unknown>({
          path: resourcePath(info, { namespace, name, subresource: options.subresource }),
          ...(headers ? { headers } : {}),
          ...(query ? { query } : {}),
          ...signalOption(options.signal),
        });
        return body;
      }),
    );
  } else {
    items = [];
    for await (const page of listPages<unknown>(ctx.transport, info, {
      ...pagesOptions(options, namespace),
      ...(headers ? { headers } : {}),
      ...(query ? { query } : {}),
    })) {
      if (options.asTable) items.push(page);
      else for (const item of page.items) items.push(item);
    }
  }
  if (options.asTable) return [mergeTables(items.map((answer) => fromTableOrList(answer)))];
  if (options.raw) return items as KubeObject[];
  return (items as KubeObject[]).map((item) => wrap(ctx, cls, info, item));
}

/** Implementation of `Api.list`; see there. */
export async function* list(
  ctx: VerbContext,
  kind: KindArg,
  options: ListOptions & { raw?: boolean | undefined } = {},
): AsyncGenerator<APIObject | KubeObject, void, undefined> {
  const { info, cls } = await ctx.resolve(kind, options.signal);
  const namespace = requestNamespace(info, options.namespace, ctx.namespace);
  for await (const page of listPages<KubeObject>(ctx.transport, info, pagesOptions(options, namespace))) {
    if (options.raw) yield* page.items;
    else for (const item of page.items) yield wrap(ctx, cls, info, item);
  }
}
