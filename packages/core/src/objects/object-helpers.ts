/**
 * What the kind helpers (`core/`, `apps/`, `batch/`) share: reading an object's latest state through the
 * Api verbs, who controls an object, and JSON without unset fields. Internal: not exported from the package's index.
 */
import type { OwnerReference } from "kubernetes-types/meta/v1.js";
import type { Api } from "../api.ts";
import type { APIObject, APIObjectClass, KubeObjectShape } from "./api-object.ts";

/**
 * Reads `object` again from the server and puts the answer in `object.raw`, so the getters show the
 * server's current state.
 * @throws {NotFoundError} when the object no longer exists.
 */
export async function refreshRaw<Raw extends KubeObjectShape>(k: Api, object: APIObject<Raw>): Promise<Raw> {
  const [latest] = await k.get(object.constructor as APIObjectClass, object.name, {
    ...(object.namespace === undefined ? {} : { namespace: object.namespace }),
    raw: true,
  });
  object.raw = latest as unknown as Raw;
  return object.raw;
}

/** The owner reference marked `controller: true`, if any (apimachinery's `GetControllerOf`). */
export function controllerOf(object: KubeObjectShape): OwnerReference | undefined {
  return object.metadata?.ownerReferences?.find((ref) => ref.controller === true);
}

/** Whether the object with `uid` is `object`'s controller (`metav1.IsControlledBy`). */
export function isControlledBy(object: KubeObjectShape, uid: string | undefined): boolean {
  return uid !== undefined && controllerOf(object)?.uid === uid;
}

/** `fields` without the ones that are `undefined`, so generated JSON has no holes (`exactOptionalPropertyTypes`). */
export function definedFields<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
