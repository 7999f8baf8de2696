/**
 * Resource arguments resolved to kinds, shared by the commands that take kubectl's `TYPE NAME…` or `-f`
 * (`get`, `describe`, `wait`): kubectl's wording for an unknown type, and the kind prefix of its output (`pod/web`).
 */
import type { Api, KindInfo } from "@kr8s/core";
import { UsageError } from "./errors.ts";
import type { ManifestObject } from "./manifests.ts";

/** A spelling that names exactly one served resource: `deployments.v1.apps`, `pods/v1` for the core group. */
export function exactSpelling(resource: { name: string; group: string; version: string }): string {
  return resource.group
    ? `${resource.name}.${resource.version}.${resource.group}`
    : `${resource.name}/${resource.version}`;
}

/** kubectl's kind prefix: the Kind lower-cased, with its group (`pod`, `deployment.apps`). */
export function kindLabel(info: KindInfo): string {
  const kind = info.kind.toLowerCase();
  return info.group ? `${kind}.${info.group}` : kind;
}

/**
 * The kind of a request, with kubectl's wording when the cluster does not serve it (without kr8s's
 * suggestions, so that scripts matching kubectl's message keep working).
 * @throws {UsageError} `the server doesn't have a resource type "bogus"`
 */
export async function lookupKind(k: Api, type: string): Promise<KindInfo> {
  if (type === "") throw new UsageError(`the server doesn't have a resource type ""`);
  const { UnknownKindError } = await import("@kr8s/core");
  try {
    return await k.lookupKind(type);
  } catch (error) {
    if (error instanceof UnknownKindError)
      throw new UsageError(`the server doesn't have a resource type ${JSON.stringify(error.kind)}`);
    throw error;
  }
}

/**
 * kubectl's refusal of `-A` with names of a namespaced kind (a cluster-scoped one, `get ns default -A`, is
 * fine: a name means one object there).
 * @throws {UsageError} `a resource cannot be retrieved by name across all namespaces`
 */
export function refuseNamesAcrossNamespaces(
  allNamespaces: boolean,
  targets: readonly { info: KindInfo; names: readonly string[] }[],
): void {
  if (allNamespaces && targets.some((t) => t.info.namespaced && t.names.length > 0))
    throw new UsageError("a resource cannot be retrieved by name across all namespaces");
}

/** A type to fetch: its kind, the names asked for (none: all), and the namespace when not the client's. */
export interface Target {
  info: KindInfo;
  names: string[];
  namespace?: string | undefined;
}

/** A manifest object whose kind the server does not serve, with kubectl's message for it. */
export interface Unmapped {
  unmapped: string;
}

/**
 * The objects named by manifests (`-f`): each one's kind from its apiVersion and kind, its namespace from
 * its metadata (else the client's); consecutive objects of one kind and namespace share a table.
 * @param options.keepUnmapped - an object of a kind the server does not serve becomes an {@link Unmapped}
 *   in its place (`get` reports it with the other errors, as kubectl does); without it, the first one
 *   stops the command.
 * @throws {UsageError} kubectl's `resource mapping not found for name: "x" namespace: "" from "f.yaml": no
 *   matches for kind "Bogus" in version "v1"` (and its hint `ensure CRDs are installed first`).
 */
export async function fromManifests(
  k: Api,
  manifests: readonly ManifestObject[],
  options: { keepUnmapped: true },
): Promise<(Target | Unmapped)[]>;
export async function fromManifests(k: Api, manifests: readonly ManifestObject[]): Promise<Target[]>;
export async function fromManifests(
  k: Api,
  manifests: readonly ManifestObject[],
  options: { keepUnmapped?: boolean } = {},
): Promise<(Target | Unmapped)[]> {
  const { UnknownKindError } = await import("@kr8s/core");
  const { quote } = await import("./printers/go-template/fmt.ts");
  const targets: (Target | Unmapped)[] = [];
  for (const { object, source } of manifests) {
    const apiVersion = object.apiVersion ?? "";
    const slash = apiVersion.lastIndexOf("/");
    const group = slash < 0 ? "" : apiVersion.slice(0, slash);
    const version = apiVersion.slice(slash + 1);
    const kind = object.kind ?? "";
    let info: KindInfo;
    try {
      info = await k.lookupKind(group ? `${kind}.${group}/${version}` : `${kind}/${version}`);
    } catch (error) {
      if (!(error instanceof UnknownKindError)) throw error;
      // cli-runtime's mapping error (its hint on a second line), for the object as the file names it.
      const unmapped =
        `resource mapping not found for name: ${quote(object.metadata?.name ?? "")} namespace: ` +
        `${quote(object.metadata?.namespace ?? "")} from ${quote(source)}: no matches for kind ` +
        `${quote(kind)} in version ${quote(apiVersion)}\nensure CRDs are installed first`;
      if (!options.keepUnmapped) throw new UsageError(unmapped);
      targets.push({ unmapped });
      continue;
    }
    const namespace = info.namespaced ? (object.metadata?.namespace ?? k.namespace) : undefined;
    const name = object.metadata?.name ?? "";
    const last = targets.at(-1);
    if (
      last &&
      "info" in last &&
      last.info.plural === info.plural &&
      last.info.group === info.group &&
      last.namespace === namespace
    )
      last.names.push(name);
    else targets.push({ info, names: [name], namespace });
  }
  return targets;
}
