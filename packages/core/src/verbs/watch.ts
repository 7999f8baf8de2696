/**
 * `Api.watch`, `Api.watchTable` and `Api.informer`: a kind spelling resolved through discovery, the client's namespace rules
 * (`ALL` for every namespace), and objects wrapped in their classes, on top of `watch/`.
 */
import type { VerbContext } from "../internal/verb-context.ts";
import type { APIObject } from "../objects/api-object.ts";
import type { KindArg } from "../objects/registry.ts";
import { Informer, type InformerOptions } from "../watch/informer.ts";
import type { RawObject, WatchEvent } from "../watch/types.ts";
import { watch as watchResource, type WatchOptions } from "../watch/watch.ts";
import { watchTable, type TableWatchEvent, type TableWatchOptions } from "../watch/table-watch.ts";
import { wrap } from "./get.ts";
import { requestNamespace, type NamespaceOption } from "./namespace.ts";

/** Where a watch or informer looks: a namespace or `ALL`, instead of the low-level "omitted = all". */
interface NamespaceScope {
  /** A namespace, or `ALL`. Ignored for cluster-scoped kinds. @default the client's namespace */
  namespace?: NamespaceOption | undefined;
}

/** Options of `Api.watch`: those of the low-level watch, with the client's namespace rules and `raw`. */
export type ApiWatchOptions = Omit<WatchOptions, "wrap" | "namespace"> &
  NamespaceScope & {
    /** Yield the server's JSON instead of `APIObject`s. */
    raw?: boolean | undefined;
  };

/** Options of `Api.watchTable`: those of the low-level Table watch, with the client's namespace rules. */
export type ApiTableWatchOptions = Omit<TableWatchOptions, "namespace"> & NamespaceScope;

/** Options of `Api.informer`: those of the low-level informer, with the client's namespace rules. */
export type ApiInformerOptions = Omit<InformerOptions, "wrap" | "namespace"> & NamespaceScope;

/** Implementation of `Api.watch`; see there. */
export async function* watchKind(
  ctx: VerbContext,
  kind: KindArg,
  options: ApiWatchOptions = {},
): AsyncGenerator<WatchEvent<APIObject | RawObject>, void, undefined> {
  const { raw, namespace, ...rest } = options;
  const { info, cls } = await ctx.resolve(kind, options.signal);
  const scoped = { ...rest, namespace: requestNamespace(info, namespace, ctx.namespace) };
  if (raw) yield* watchResource(ctx.transport, info, scoped);
  else
    yield* watchResource<APIObject>(ctx.transport, info, {
      ...scoped,
      wrap: (object) => wrap(ctx, cls, info, object),
    });
}

/** Implementation of `Api.watchTable`; see there. */
export async function* watchKindTable(
  ctx: VerbContext,
  kind: KindArg,
  options: ApiTableWatchOptions = {},
): AsyncGenerator<TableWatchEvent, void, undefined> {
  const { namespace, ...rest } = options;
  const { info } = await ctx.resolve(kind, options.signal);
  yield* watchTable(ctx.transport, info, {
    ...rest,
    namespace: requestNamespace(info, namespace, ctx.namespace),
  });
}

/** Implementation of `Api.informer`; see there. */
export async function informerFor(
  ctx: VerbContext,
  kind: KindArg,
  options: ApiInformerOptions = {},
): Promise<Informer<APIObject>> {
  const { namespace, ...rest } = options;
  const { info, cls } = await ctx.resolve(kind);
  return new Informer<APIObject>(ctx.transport, info, {
    ...rest,
    namespace: requestNamespace(info, namespace, ctx.namespace),
    wrap: (object) => wrap(ctx, cls, info, object),
  });
}
