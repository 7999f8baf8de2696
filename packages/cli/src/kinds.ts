/** Resolving the types users type (`po`, `deploy.apps`) the way kubectl reports failures. */
import type { Api, KindInfo } from "@kr8s/core";
import { UsageError } from "./errors.ts";

/** A spelling that names exactly one served resource: `deployments.v1.apps`, `pods/v1` for the core group. */
export function exactSpelling(resource: { name: string; group: string; version: string }): string {
  return resource.group
    ? `${resource.name}.${resource.version}.${resource.group}`
    : `${resource.name}/${resource.version}`;
}

/**
 * The kind of a request, with kubectl's wording when the cluster does not serve it (without kr8s's
 * suggestions, so that scripts matching kubectl's message keep working).
 * @throws {UsageError} `the server doesn't have a resource type "bogus"`
 */
export async function lookupKind(k: Api, type: string): Promise<KindInfo> {
  const { UnknownKindError } = await import("@kr8s/core");
  try {
    return await k.lookupKind(type);
  } catch (error) {
    if (error instanceof UnknownKindError)
      throw new UsageError(`the server doesn't have a resource type ${JSON.stringify(error.kind)}`);
    throw error;
  }
}
