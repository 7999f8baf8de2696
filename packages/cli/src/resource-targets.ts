/**
 * Resource arguments resolved to kinds, shared by the commands that take kubectl's `TYPE NAME…` or `-f`
 * (`get`, `describe`, `wait`): categories (`all`), kubectl's wording for an unknown type, and the kind
 * prefix of its output (`pod/web`).
 */
import type { Api, KindInfo, KubeObject, ServerError } from "@kr8s/core";
import { UsageError } from "./errors.ts";
import type { ManifestObject } from "./manifests.ts";
import type { ResourceRequest } from "./resource-args.ts";

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
 * @throws {UsageError} `the server doesn't have a resource type "bogus"` (for `bogus.example.com` too: kubectl
 *   names the resource part).
 */
export async function lookupKind(k: Api, type: string): Promise<KindInfo> {
  const { resource, group } = parseGroupResource(type);
  if (resource === "") throw new UsageError(`the server doesn't have a resource type ""`);
  // kubectl lower-cases the resource, not the group: `deployments.APPS` names no group.
  if (group !== group.toLowerCase())
    throw new UsageError(`the server doesn't have a resource type ${JSON.stringify(resource)}`);
  const { UnknownKindError } = await import("@kr8s/core");
  try {
    // `deployments.` is kubectl's `deployments` in the group "" (which matches every group).
    const info = await k.lookupKind(group === "" ? resource : type);
    if (isShortName(type, info)) {
      // kubectl matches names and kinds in any case, short names only as declared (`PO` is no type).
      if (!info.shortNames.includes(type))
        throw new UsageError(`the server doesn't have a resource type ${JSON.stringify(type)}`);
      await warnOfShortNameNamesakes(k, type, info);
    }
    return info;
  } catch (error) {
    // kubectl names the resource part of the spelling only (`pods.bogus` → "pods"), as its builder does.
    if (error instanceof UnknownKindError)
      throw new UsageError(`the server doesn't have a resource type ${JSON.stringify(resource)}`);
    throw error;
  }
}

/**
 * apimachinery's `schema.ParseGroupResource`: the resource before the first dot, the group after it
 * (`deployments.apps` → deployments, apps; `widgets.v1.example.com` → widgets, v1.example.com).
 */
export function parseGroupResource(spelling: string): { resource: string; group: string } {
  const dot = spelling.indexOf(".");
  return dot < 0
    ? { resource: spelling, group: "" }
    : { resource: spelling.slice(0, dot), group: spelling.slice(dot + 1) };
}

/** Whether bare `type` named `info` by one of its short names (in any case) rather than a name or kind. */
function isShortName(type: string, info: KindInfo): boolean {
  const spelling = type.toLowerCase();
  return (
    ![info.plural, info.singular, info.kind.toLowerCase()].includes(spelling) &&
    info.shortNames.some((s) => s.toLowerCase() === spelling)
  );
}

/** Short names warned of already: kubectl's expander warns once per run. */
const warnedShortNames = new Set<string>();

/**
 * kubectl's warning (its shortcut expander's) when the short name `type` also belongs to other resources,
 * which it does not mean: `Warning: short name "ev" could also match lower priority resource
 * events.events.k8s.io`, on stderr.
 */
export async function warnOfShortNameNamesakes(
  k: Api,
  type: string,
  info: Pick<KindInfo, "group" | "plural">,
): Promise<void> {
  if (warnedShortNames.has(type)) return;
  warnedShortNames.add(type);
  for (const r of await k.apiResources()) {
    if ((r.group === info.group && r.name === info.plural) || !r.shortNames.includes(type)) continue;
    const name = r.group ? `${r.name}.${r.group}` : r.name;
    process.stderr.write(
      `Warning: short name ${JSON.stringify(type)} could also match lower priority resource ${name}\n`,
    );
  }
}

/**
 * The kinds of a command line's resource arguments, as kubectl's resource builder resolves them, before
 * anything is fetched:
 * - a type that names a category the server's discovery declares (`all`, `api-extensions`, a CRD's own;
 *   spelled exactly, `ALL` is no category) becomes the category's resources, in discovery order, where
 *   {@link ResourceRequest.categories} allows it;
 * - types without names that come to one kind (`po,pods`, `all,po`) are fetched once, at the first place;
 * - `CATEGORY NAME…` is refused when the category has several types, as kubectl refuses it.
 * @throws {UsageError} `you must specify only one resource`; `the server doesn't have a resource type "x"`.
 */
export async function resolveRequests(k: Api, requests: readonly ResourceRequest[]): Promise<Target[]> {
  const resolved: Target[] = [];
  const seen = new Set<string>();
  for (const request of requests) {
    const kinds = request.categories
      ? await typeOrCategory(k, request.type)
      : [await lookupKind(k, request.type)];
    if (kinds.length > 1 && request.names.length > 0)
      throw new UsageError("you must specify only one resource");
    for (const info of kinds) {
      // cli-runtime's resourceMappings: a list of types maps each kind once (names, as pairs, are not merged).
      const key = `${info.apiVersion}/${info.kind}`;
      if (request.names.length === 0 && seen.has(key)) continue;
      seen.add(key);
      resolved.push({ info, names: [...request.names] });
    }
  }
  return resolved;
}

/** The kinds a type names: a category's (kubectl looks for a category first), else the type's own. */
async function typeOrCategory(k: Api, type: string): Promise<KindInfo[]> {
  const category = await categoryKinds(k, type);
  if (category) return category;
  try {
    return [await lookupKind(k, type)];
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // An unknown type has made discovery be read again from the server: a category added since the cached
    // discovery was written is known now.
    const fresh = await categoryKinds(k, type);
    if (fresh) return fresh;
    throw error;
  }
}

/**
 * The kinds of a category (cli-runtime's discovery category expander), or undefined when no served
 * resource declares it.
 */
async function categoryKinds(k: Api, category: string): Promise<KindInfo[] | undefined> {
  const resources = (await k.apiResources()).filter((r) => r.categories.includes(category));
  if (resources.length === 0) return undefined;
  const kinds: KindInfo[] = [];
  for (const resource of resources) kinds.push(await k.lookupKind(exactSpelling(resource)));
  return kinds;
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
  /** From manifests: each name's object's index in them, the place of its errors among `-f`'s errors. */
  positions?: number[] | undefined;
  /**
   * From manifests naming another namespace than `-n`'s: kubectl's error for each of these objects that
   * exists, reported instead of it (cli-runtime's builder checks the namespace of what it has read, so an
   * object that does not exist is NotFound in its own namespace).
   */
  wrongNamespace?: string | undefined;
}

/**
 * A manifest object kubectl cannot resolve, with its message: a kind the server does not serve, or (with
 * `-A`) a namespaced object that names no namespace.
 */
export interface Unmapped {
  unmapped: string;
  /** The object's index in the manifests (see {@link Target.positions}). */
  position: number;
}

/** kubectl's error for a manifest object in another namespace than `-n`'s (cli-runtime's builder). */
function namespaceMismatch(own: string, explicitNamespace: string, quote: (text: string) => string): string {
  return (
    `the namespace from the provided object ${quote(own)} does not match the namespace ` +
    `${quote(explicitNamespace)}. You must pass '--namespace=${own}' to perform this operation.`
  );
}

/** How `-n` and `-A` apply to the objects of manifests (see {@link fromManifests}). */
export interface ManifestNamespaceOptions {
  explicitNamespace?: string | undefined;
  allNamespaces?: boolean | undefined;
}

/**
 * The objects named by manifests (`-f`): each one's kind from its apiVersion and kind, its namespace from
 * its metadata (else the client's); consecutive objects of one kind and namespace share a table.
 * @param options.keepUnmapped - an object of a kind the server does not serve (or, with `-A`, without a
 *   namespace) becomes an {@link Unmapped} in its place (`get` reports it with the other errors, as kubectl
 *   does); without it, the first one stops the command.
 * @param options.explicitNamespace - `-n`'s value when given: an object naming another namespace gets
 *   {@link Target.wrongNamespace}, for the command to report if it exists.
 * @param options.allNamespaces - `-A`: objects keep their own namespaces and -n is not enforced; a
 *   namespaced object without one is an error, as in kubectl.
 * @throws {UsageError} kubectl's `resource mapping not found for name: "x" namespace: "" from "f.yaml": no
 *   matches for kind "Bogus" in version "v1"` (and its hint `ensure CRDs are installed first`).
 */
export async function fromManifests(
  k: Api,
  manifests: readonly ManifestObject[],
  options: ManifestNamespaceOptions & { keepUnmapped: true },
): Promise<(Target | Unmapped)[]>;
export async function fromManifests(
  k: Api,
  manifests: readonly ManifestObject[],
  options?: ManifestNamespaceOptions,
): Promise<Target[]>;
export async function fromManifests(
  k: Api,
  manifests: readonly ManifestObject[],
  options: ManifestNamespaceOptions & { keepUnmapped?: boolean } = {},
): Promise<(Target | Unmapped)[]> {
  const { UnknownKindError } = await import("@kr8s/core");
  const { quote } = await import("./printers/go-template/fmt.ts");
  const targets: (Target | Unmapped)[] = [];
  for (const [position, { object, source }] of manifests.entries()) {
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
      targets.push({ unmapped, position });
      continue;
    }
    const name = object.metadata?.name ?? "";
    const own = object.metadata?.namespace || undefined;
    if (info.namespaced && options.allNamespaces && own === undefined) {
      const unnamespaced = `no namespace set on resource ${info.group}/${info.version}, Resource=${info.plural} ${quote(name)}`;
      if (!options.keepUnmapped) throw new UsageError(unnamespaced);
      targets.push({ unmapped: unnamespaced, position });
      continue;
    }
    const { explicitNamespace } = options;
    const wrongNamespace =
      info.namespaced &&
      !options.allNamespaces &&
      explicitNamespace !== undefined &&
      own !== undefined &&
      own !== explicitNamespace
        ? namespaceMismatch(own, explicitNamespace, quote)
        : undefined;
    const namespace = info.namespaced ? (own ?? k.namespace) : undefined;
    const last = targets.at(-1);
    if (
      last &&
      "info" in last &&
      last.info.plural === info.plural &&
      last.info.group === info.group &&
      last.namespace === namespace
    ) {
      last.names.push(name);
      last.positions?.push(position);
    } else targets.push({ info, names: [name], namespace, positions: [position], wrongNamespace });
  }
  return targets;
}

/**
 * kubectl's answer when a named object is not found in a namespace other than `default`: if the namespace
 * itself does not exist, that is the error shown (`namespaces "typo" not found`), as cli-runtime's
 * `Info.Get` does.
 */
export async function missingNamespace(
  k: Api,
  info: KindInfo,
  namespace: string,
  error: ServerError,
): Promise<ServerError> {
  if (error.reason !== "NotFound" || !info.namespaced || namespace === "default") return error;
  const { NotFoundError } = await import("@kr8s/core");
  try {
    await k.get("namespaces/v1", namespace, { raw: true });
  } catch (nsError) {
    if (nsError instanceof NotFoundError) return nsError;
  }
  return error;
}

/**
 * A listed object with the `apiVersion` and `kind` that list items lack (kubectl's decoder sets them: its
 * printers and describers show them).
 */
export function withTypeMeta<T extends KubeObject>(object: T, info: KindInfo): T {
  return { ...object, apiVersion: object.apiVersion ?? info.apiVersion, kind: object.kind ?? info.kind };
}
