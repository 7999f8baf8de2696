/** `create` (POST) and `replace` (PUT). */
import { resourcePath } from "../internal/resource.ts";
import { signalOption, type VerbContext } from "../internal/verb-context.ts";
import type { APIObject, KubeObject } from "../objects/api-object.ts";
import { prepareObjects, writeEach, writeQuery, type ObjectInput, type WriteOptions } from "./write-input.ts";

/** Implementation of `Api.create`; see there. */
export async function create(
  ctx: VerbContext,
  objects: ObjectInput | readonly ObjectInput[],
  options: WriteOptions = {},
): Promise<APIObject[]> {
  const prepared = await prepareObjects(ctx, objects, { ...options, nameRequired: false });
  return writeEach(ctx, "create", prepared, async (object) => {
    const { body } = await ctx.transport.request<KubeObject>({
      method: "POST",
      path: resourcePath(object.info, { namespace: object.namespace }),
      query: writeQuery(options),
      body: object.body,
      ...signalOption(options.signal),
    });
    return body;
  });
}

/** Implementation of `Api.replace`; see there. */
export async function replace(
  ctx: VerbContext,
  object: ObjectInput,
  options: WriteOptions = {},
): Promise<APIObject> {
  const prepared = await prepareObjects(ctx, object, { ...options, nameRequired: true });
  const [result] = await writeEach(ctx, "replace", prepared, async (p) => {
    const { body } = await ctx.transport.request<KubeObject>({
      method: "PUT",
      path: resourcePath(p.info, { namespace: p.namespace, name: p.name }),
      query: writeQuery(options),
      body: p.body,
      ...signalOption(options.signal),
    });
    return body;
  });
  return result as APIObject;
}
