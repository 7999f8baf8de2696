/**
 * The registry: which class represents a kind. Explicit and injectable (STYLE.md §9): an `Api` uses the
 * process-wide {@link defaultRegistry} unless given its own. A kind resolves to the class registered for it,
 * else its built-in class (`builtins.ts`), else a generic class built from discovery. Together with
 * `parse-kind.ts` this is the only place that turns a kind spelling into a class.
 */
import type { Discovery } from "../discovery/discovery.ts";
import type { APIResource, DiscoveryData } from "../discovery/types.ts";
import { UnknownKindError } from "../errors.ts";
import { apiVersionOf } from "../internal/resource.ts";
import { type APIObjectClass, newClass } from "./api-object.ts";
import { builtinClasses } from "./builtins.ts";
import { kindSpelling, matchApiVersionKind, matchKind, nearestKinds, splitApiVersion } from "./parse-kind.ts";

export { kindSpelling };

/** A resolved kind: where its objects live (`group`, `version`, `plural`, `namespaced`) and what it serves. */
export interface KindInfo {
  /** `""` for the core group. */
  readonly group: string;
  readonly version: string;
  /** `v1`, `apps/v1`. */
  readonly apiVersion: string;
  readonly kind: string;
  /** The URL segment: `pods`. */
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
  /** Verbs the server allows; empty when the kind came from a class rather than discovery. */
  readonly verbs: readonly string[];
  readonly categories: readonly string[];
  /** `status`, `scale`, … */
  readonly subresources: readonly string[];
}

/** A kind as verbs accept it: any spelling of the grammar (`"deploy"`, `"deployments.apps"`…) or a class. */
export type KindArg = string | APIObjectClass;

function infoFromResource(r: APIResource): KindInfo {
  return {
    group: r.group,
    version: r.version,
    apiVersion: r.apiVersion,
    kind: r.kind,
    plural: r.name,
    singular: r.singularName,
    shortNames: r.shortNames,
    namespaced: r.namespaced,
    verbs: r.verbs,
    categories: r.categories,
    subresources: r.subresources,
  };
}

const key = (apiVersion: string, kind: string): string => `${apiVersion}\u0000${kind}`;

let builtinIndex: ReadonlyMap<string, APIObjectClass> | undefined;

/** The built-in class of `apiVersion` and `kind`; the index is built on the first lookup, not at import. */
function builtinClass(apiVersion: string, kind: string): APIObjectClass | undefined {
  builtinIndex ??= new Map(builtinClasses.map((cls) => [key(cls.apiVersion, cls.kind), cls]));
  return builtinIndex.get(key(apiVersion, kind));
}

/** Options of {@link Registry}. */
export interface RegistryOptions {
  /**
   * Whether kinds without a registered class resolve to their built-in class (`Pod`, `Deployment`…, one
   * for each kind of the groups listed in the README) before falling back to a generic class. `false` gives a
   * registry that knows only what is registered in it: every other kind gets a generic class.
   * @default true
   */
  builtins?: boolean | undefined;
}

/**
 * Classes by kind. A kind resolves to the class registered for it in this registry, else its built-in class
 * (unless the registry was created with `builtins: false`), else a generic class made from discovery.
 * Register a subclass to have the verbs return it for its kind: in this registry it overrides the built-in.
 * Built-in classes exist for one version of each kind (its group's preferred version in Kubernetes 1.33:
 * `autoscaling/v2` HorizontalPodAutoscaler, not `autoscaling/v1`); other versions get generic classes.
 * @example
 * class MyPod extends Pod { greet() { return `hello ${this.name}`; } }
 * const registry = new Registry(); registry.register(MyPod);
 * const k = await api({ registry }); // k.get("po") returns MyPod instances; every other kind its built-in
 */
export class Registry {
  readonly #classes = new Map<string, APIObjectClass>();
  readonly #generic = new Map<string, APIObjectClass>();
  readonly #builtins: boolean;

  /** A registry with nothing registered: built-in kinds resolve to their classes unless `builtins: false`. */
  constructor(options: RegistryOptions = {}) {
    this.#builtins = options.builtins ?? true;
  }

  /**
   * Use `cls` for objects of its `apiVersion` and `kind` (replacing any class registered before for them).
   * @throws {TypeError} when the class has no static `kind` or `apiVersion` (a programming error).
   */
  register(cls: APIObjectClass): void {
    if (!cls.kind || !cls.apiVersion)
      throw new TypeError("a registered class needs static `kind` and `apiVersion`");
    this.#classes.set(key(cls.apiVersion, cls.kind), cls);
  }

  /**
   * Forgets `cls`; true if it was registered. The kind resolves to its built-in class again (if it has one
   * and the registry uses built-ins): built-in classes are not registered, so `unregister(Pod)` is false.
   */
  unregister(cls: APIObjectClass): boolean {
    const k = key(cls.apiVersion, cls.kind);
    if (this.#classes.get(k) !== cls) return false;
    return this.#classes.delete(k);
  }

  /**
   * The class for `apiVersion` and `kind` (exact, as in an object's JSON): the registered one, else the
   * built-in one (unless `builtins: false`), else undefined.
   * @example
   * new Registry().get("apps/v1", "Deployment"); // Deployment
   */
  get(apiVersion: string, kind: string): APIObjectClass | undefined {
    return (
      this.#classes.get(key(apiVersion, kind)) ??
      (this.#builtins ? builtinClass(apiVersion, kind) : undefined)
    );
  }

  /** The class of a resolved kind ({@link Registry.get}), else a generic class for it (one per kind, reused). */
  classFor(info: KindInfo): APIObjectClass {
    const known = this.get(info.apiVersion, info.kind);
    if (known) return known;
    const k = key(info.apiVersion, info.kind);
    const genericKey = `${k}\u0000${info.plural}\u0000${String(info.namespaced)}`;
    let generic = this.#generic.get(genericKey);
    if (!generic) {
      generic = newClass({
        kind: info.kind,
        apiVersion: info.apiVersion,
        plural: info.plural,
        singular: info.singular,
        shortNames: info.shortNames,
        namespaced: info.namespaced,
        scalable: info.subresources.includes("scale"),
      });
      this.#generic.set(genericKey, generic);
    }
    return generic;
  }
}

/** The registry an `Api` uses unless given its own: the built-in classes, and whatever is registered in it. */
export const defaultRegistry = new Registry();

/** A resolved kind and the class its objects are wrapped in. */
export interface ResolvedKind {
  readonly info: KindInfo;
  readonly cls: APIObjectClass;
}

/**
 * Resolves a kind spelling (or class) against discovery. A miss refreshes discovery once (unless this call
 * just read it from the server), so a CRD established a moment ago resolves.
 * @throws {UnknownKindError} naming the spelling and its nearest served spellings.
 */
export async function resolveKind(
  kind: KindArg,
  discovery: Discovery,
  registry: Registry,
  signal?: AbortSignal,
): Promise<ResolvedKind> {
  if (typeof kind !== "string") {
    if (kind.plural) return { cls: kind, info: infoFromClass(kind) };
    const { info } = await resolveApiVersionKind(kind.apiVersion, kind.kind, discovery, registry, signal);
    return { cls: kind, info };
  }
  const found = await matchWithRefresh(discovery, signal, (data) => matchKind(kind, data));
  if (!found.resource) throw new UnknownKindError(kind, nearestKinds(kind, found.data));
  const info = infoFromResource(found.resource);
  return { info, cls: registry.classFor(info) };
}

/**
 * Resolves the `apiVersion` and `kind` of an object (exact, as the server reads them), refreshing discovery
 * once on a miss.
 * @throws {UnknownKindError} when the cluster serves no such kind in that version.
 */
export async function resolveApiVersionKind(
  apiVersion: string,
  kind: string,
  discovery: Discovery,
  registry: Registry,
  signal?: AbortSignal,
): Promise<ResolvedKind> {
  const found = await matchWithRefresh(discovery, signal, (data) =>
    matchApiVersionKind(apiVersion, kind, data),
  );
  if (!found.resource) {
    const spelling = kindSpelling(apiVersion, kind);
    throw new UnknownKindError(spelling, nearestKinds(spelling, found.data));
  }
  const info = infoFromResource(found.resource);
  return { info, cls: registry.classFor(info) };
}

async function matchWithRefresh(
  discovery: Discovery,
  signal: AbortSignal | undefined,
  match: (data: DiscoveryData) => APIResource | undefined,
): Promise<{ data: DiscoveryData; resource: APIResource | undefined }> {
  const first = await discovery.read(signal);
  const resource = match(first.data);
  if (resource || first.fromServer) return { data: first.data, resource };
  const data = await discovery.refresh(signal);
  return { data, resource: match(data) };
}

/** A class that knows its plural needs no discovery. */
function infoFromClass(cls: APIObjectClass): KindInfo {
  const { group, version } = splitApiVersion(cls.apiVersion);
  return {
    group,
    version,
    apiVersion: apiVersionOf({ group, version }),
    kind: cls.kind,
    plural: cls.plural,
    singular: cls.singular || cls.kind.toLowerCase(),
    shortNames: cls.shortNames,
    namespaced: cls.namespaced,
    verbs: [],
    categories: [],
    subresources: cls.scalable ? ["scale"] : [],
  };
}
