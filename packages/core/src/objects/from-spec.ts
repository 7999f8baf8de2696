/**
 * `objectFromSpec`: an object's JSON → an instance of the class registered for its `apiVersion` and `kind`
 * (a user's subclass when one is registered), else of a generic class for that kind.
 */
import type { Api } from "../api.ts";
import { InvalidObjectError } from "../errors.ts";
import { type APIObject, type APIObjectClass, type KubeObject, newClass } from "./api-object.ts";
import { defaultRegistry, type Registry } from "./registry.ts";

/** Options of {@link objectFromSpec}. */
export interface ObjectFromSpecOptions {
  /** The client the object's verbs use. @default the process's default `api()` */
  api?: Api | undefined;
  /** Where classes are looked up. @default the `api`'s registry, else `defaultRegistry` */
  registry?: Registry | undefined;
}

/**
 * Generic classes of kinds without a registered class, one per apiVersion and kind. Their `plural` is
 * empty: the verbs then resolve the kind through discovery (never guessing the plural), and learn there
 * whether it is namespaced.
 */
const generic = new Map<string, APIObjectClass>();

function genericClass(apiVersion: string, kind: string): APIObjectClass {
  const key = `${apiVersion}\u0000${kind}`;
  let cls = generic.get(key);
  if (!cls) {
    cls = newClass({ apiVersion, kind, plural: "" });
    generic.set(key, cls);
  }
  return cls;
}

/**
 * Wraps an object's JSON (not copied) in the class registered for its `apiVersion` and `kind`, else in a
 * generic class for the kind (whose verbs learn the rest from discovery).
 * @example
 * const pod = objectFromSpec({ apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec });
 * await pod.create();
 * @throws {InvalidObjectError} when `spec` is not an object with a `kind` and an `apiVersion`.
 */
export function objectFromSpec(spec: KubeObject, options: ObjectFromSpecOptions = {}): APIObject {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec))
    throw new InvalidObjectError(
      "a spec must be a Kubernetes object (a plain JSON object with apiVersion, kind, metadata)",
    );
  const { apiVersion, kind } = spec;
  if (typeof kind !== "string" || kind === "")
    throw new InvalidObjectError("the object has no `kind`", {
      suggestions: ["set `kind`, e.g. `kind: Pod`"],
    });
  if (typeof apiVersion !== "string" || apiVersion === "")
    throw new InvalidObjectError(`the ${kind} has no \`apiVersion\``, {
      suggestions: ["set `apiVersion`, e.g. `apiVersion: v1`"],
    });
  const registry = options.registry ?? options.api?.registry ?? defaultRegistry;
  const cls: APIObjectClass<KubeObject> = registry.get(apiVersion, kind) ?? genericClass(apiVersion, kind);
  return new cls(spec, { api: options.api });
}
