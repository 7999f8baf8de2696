/** `patch` (merge, JSON, strategic merge, apply patches) and `apply` (server-side apply). */
import { InvalidArgumentError } from "../errors.ts";
import { resourcePath } from "../internal/resource.ts";
import { signalOption, type VerbContext } from "../internal/verb-context.ts";
import type { APIObject, KubeObject } from "../objects/api-object.ts";
import type { KindArg } from "../objects/registry.ts";
import { wrap } from "./get.ts";
import { prepareObjects, writeEach, writeQuery, type ObjectInput, type WriteOptions } from "./write-input.ts";

/** The field manager kr8s records for server-side apply unless told otherwise (kubectl records `kubectl`). */
export const DEFAULT_FIELD_MANAGER = "kr8s";

/**
 * Patch types and the media type each is sent with: `merge` (RFC 7386), `json` (RFC 6902 operations),
 * `strategic` (built-in kinds only: lists merge by key), `apply` (server-side apply).
 */
export const PATCH_CONTENT_TYPES = {
  merge: "application/merge-patch+json",
  json: "application/json-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
} as const;

/** A patch type of {@link PATCH_CONTENT_TYPES}. */
export type PatchType = keyof typeof PATCH_CONTENT_TYPES;

/** Options of `patch`. */
export interface PatchOptions extends WriteOptions {
  /** @default "strategic" (kubectl's default; custom resources need `merge`, `json` or `apply`) */
  type?: PatchType | undefined;
  /** Take fields owned by other managers (`apply` patches only). */
  force?: boolean | undefined;
  /** Patch a subresource: `status`, `scale`. */
  subresource?: string | undefined;
}

/** Options of `apply`. */
export interface ApplyOptions extends WriteOptions {
  /** Take fields owned by other field managers instead of failing with a ConflictError (`--force-conflicts`). */
  force?: boolean | undefined;
}

/** Implementation of `Api.patch`; see there. */
export async function patch(
  ctx: VerbContext,
  kind: KindArg,
  name: string,
  body: unknown,
  options: PatchOptions = {},
): Promise<APIObject> {
  const type = options.type ?? "strategic";
  const contentType = PATCH_CONTENT_TYPES[type] as string | undefined;
  if (contentType === undefined)
    throw new InvalidArgumentError(`unknown patch type "${String(type)}"`, {
      suggestions: [`use one of ${Object.keys(PATCH_CONTENT_TYPES).join(", ")}`],
    });
  if (type === "json" && !Array.isArray(body))
    throw new InvalidArgumentError("a JSON patch is a list of operations", {
      suggestions: ['e.g. [{ op: "replace", path: "/metadata/labels/app", value: "web" }]'],
    });
  const { info, cls } = await ctx.resolve(kind, options.signal);
  const namespace = info.namespaced ? (options.namespace ?? ctx.namespace) : undefined;
  const { body: result } = await ctx.transport.request<KubeObject>({
    method: "PATCH",
    path: resourcePath(info, { namespace, name, subresource: options.subresource }),
    query: {
      ...writeQuery({
        ...options,
        fieldManager: options.fieldManager ?? (type === "apply" ? DEFAULT_FIELD_MANAGER : undefined),
      }),
      force: type === "apply" && options.force ? true : undefined,
    },
    body,
    contentType,
    ...signalOption(options.signal),
  });
  return wrap(ctx, cls, info, result);
}

/**
 * The applied configuration of an object: as given, minus `metadata.managedFields` (an object read from the
 * server carries them, and the server refuses an apply that sets them). The input is not modified.
 */
function appliedConfiguration(object: KubeObject): KubeObject {
  if (object.metadata?.managedFields === undefined) return object;
  const { managedFields: _, ...metadata } = object.metadata;
  return { ...object, metadata };
}

/** Implementation of `Api.apply`; see there. */
export async function apply(
  ctx: VerbContext,
  objects: ObjectInput | readonly ObjectInput[],
  options: ApplyOptions = {},
): Promise<APIObject[]> {
  const prepared = await prepareObjects(ctx, objects, { ...options, nameRequired: true });
  return writeEach(ctx, "apply", prepared, async (object) => {
    const { body } = await ctx.transport.request<KubeObject>({
      method: "PATCH",
      path: resourcePath(object.info, { namespace: object.namespace, name: object.name }),
      query: {
        ...writeQuery({ ...options, fieldManager: options.fieldManager ?? DEFAULT_FIELD_MANAGER }),
        force: options.force ? true : undefined,
      },
      // JSON is YAML: the apply media type accepts it as it is.
      body: appliedConfiguration(object.body),
      contentType: PATCH_CONTENT_TYPES.apply,
      ...signalOption(options.signal),
    });
    return body;
  });
}
