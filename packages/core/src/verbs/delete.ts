/** `delete`: DeleteOptions in the request body, where the server reads them. */
import { InvalidArgumentError, NotFoundError, PartialWriteError } from "../errors.ts";
import { resourcePath } from "../internal/resource.ts";
import { signalOption, type VerbContext } from "../internal/verb-context.ts";
import type { KindArg } from "../objects/registry.ts";
import { nameList, type Names } from "./names.ts";

/** Options of `delete`: the fields of the API's `DeleteOptions`, plus where and how. */
export interface DeleteOptions {
  /** @default the client's namespace (namespaced kinds) */
  namespace?: string | undefined;
  /**
   * What happens to dependents: `Background` (the server's default for most kinds: the owner goes at once,
   * the garbage collector removes dependents after), `Foreground` (dependents first; the owner stays with a
   * `foregroundDeletion` finalizer until they are gone), `Orphan` (dependents are kept, owner references
   * removed).
   */
  propagationPolicy?: "Background" | "Foreground" | "Orphan" | undefined;
  /** Seconds before a pod is killed; `0` with kubectl's `--force` removes it immediately. */
  gracePeriodSeconds?: number | undefined;
  /** Let the server check the deletion without doing it. */
  dryRun?: boolean | "All" | undefined;
  /** Only delete if the object still has this UID / resourceVersion. */
  preconditions?: { uid?: string; resourceVersion?: string } | undefined;
  /** An object that is already gone is not an error (kubectl's `--ignore-not-found`). */
  ignoreNotFound?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * The `DeleteOptions` body. It goes in the body, not the query: the server decodes a non-empty body over the
 * query parameters, so options split between the two would be partly ignored.
 */
export function deleteOptionsBody(options: DeleteOptions): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries({
      apiVersion: "v1",
      kind: "DeleteOptions",
      propagationPolicy: options.propagationPolicy,
      gracePeriodSeconds: options.gracePeriodSeconds,
      dryRun: options.dryRun === true || options.dryRun === "All" ? ["All"] : undefined,
      preconditions: options.preconditions,
    }).filter(([, value]) => value !== undefined),
  );
}

/** Implementation of `Api.delete`; see there. */
export async function deleteObjects(
  ctx: VerbContext,
  kind: KindArg,
  names: Names,
  options: DeleteOptions = {},
): Promise<void> {
  const list = nameList(names);
  if (list.length === 0)
    throw new InvalidArgumentError("delete needs at least one name", {
      suggestions: ["pass the names of the objects to delete"],
    });
  const { info } = await ctx.resolve(kind, options.signal);
  const namespace = info.namespaced ? (options.namespace ?? ctx.namespace) : undefined;
  const body = deleteOptionsBody(options);
  const label = (name: string): string =>
    `${info.kind} ${namespace === undefined ? name : `${namespace}/${name}`}`;
  for (const [index, name] of list.entries()) {
    try {
      await ctx.transport.request({
        method: "DELETE",
        path: resourcePath(info, { namespace, name }),
        body,
        ...signalOption(options.signal),
      });
    } catch (error) {
      if (options.ignoreNotFound && error instanceof NotFoundError) continue;
      if (list.length === 1) throw error;
      throw new PartialWriteError(
        "delete",
        list.slice(0, index).map(label),
        list.slice(index).map(label),
        error,
      );
    }
  }
}
