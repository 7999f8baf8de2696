/**
 * kubectl's `config set PROPERTY_NAME` paths (its `navigation_step_parser.go` and `modifyConfig`): a dotted
 * walk over client-go's internal `api.Config`, whose field names are its JSON tags. A map key (an entry's
 * name) runs up to the first word that names a field of the entry, so names may contain dots
 * (`clusters.a.b.server` is cluster `a.b`).
 */
import { KubeConfigError } from "../errors.ts";
import type { KubeConfigList } from "./document.ts";
import { KUBECONFIG_SCHEMA, type Shape } from "./schema.ts";

/** How kubectl parses a value for a field: as is, Go's `strconv.ParseBool`, or base64 bytes. */
export type PropertyType = "string" | "bool" | "bytes";

/** Where a `config set` value goes. */
export type PropertyTarget =
  | { kind: "current-context" }
  /** `kind` and `apiVersion`: kubectl accepts them and writes its own values back, so nothing changes. */
  | { kind: "ignored" }
  | { kind: "preference"; field: string; type: PropertyType }
  | { kind: "entry"; list: KubeConfigList; name: string; field: string; type: PropertyType };

/** The file's name of each field the internal type (which `config set` walks) names otherwise. */
const FILE_NAMES: Record<string, string> = {
  "act-as": "as",
  "act-as-uid": "as-uid",
  "act-as-groups": "as-groups",
  "act-as-user-extra": "as-user-extra",
};

/** The file's name of a field kubectl's `config` paths name by the internal type's name (`act-as` → `as`). */
export function fileFieldName(name: string): string {
  return FILE_NAMES[name] ?? name;
}

/** The shape of a field of a struct in the kubeconfig schema, looked up by its internal name. */
function fieldShape(struct: Shape | undefined, name: string): Shape | undefined {
  if (struct === undefined || typeof struct === "string" || !("fields" in struct)) return undefined;
  const file = FILE_NAMES[name] ?? name;
  // The file's names of the renamed fields are not names of the internal type.
  if (file === name && Object.values(FILE_NAMES).includes(name)) return undefined;
  return Object.hasOwn(struct.fields, file) ? struct.fields[file] : undefined;
}

/** The body of a `clusters`/`users`/`contexts` entry in the schema. */
function entryShape(list: KubeConfigList): Shape | undefined {
  const shape = fieldShape(KUBECONFIG_SCHEMA, list);
  return shape !== undefined && typeof shape !== "string" && "named" in shape ? shape.of : undefined;
}

/**
 * Where `property` points, as kubectl's `config set` reads it.
 * @param mapKeys - the names a map holds, for kubectl's "can't set a map to a value" message (the
 *   entries of `clusters` etc.; `[]` for the other maps). kubectl prints the map itself (names and Go
 *   pointers); kr8s prints the names.
 * @throws {KubeConfigError} kubectl's words: `unable to parse bogus after [] at api.Config`,
 *   `can't set a map to a value: map[a b]`, `unable to parse one or more field values of P`,
 *   `unrecognized slice type. string`.
 */
export function setPropertyTarget(
  property: string,
  mapKeys: (list: KubeConfigList) => readonly string[],
): PropertyTarget {
  const [head = "", ...rest] = property.split(".");
  switch (head) {
    case "current-context":
    case "kind":
    case "apiVersion":
      return scalarTarget(property, head, rest);
    case "preferences": {
      const [field, ...more] = rest;
      if (field === undefined)
        // kubectl prints its parser's internals here (`unable to locate path config.navigationStep{…}`).
        throw new KubeConfigError(`unable to set ${property}: name one of its fields (colors)`);
      return { kind: "preference", field, type: valueType(preferenceShape(property, field, more)) };
    }
    case "clusters":
    case "users":
    case "contexts":
      return entryTarget(property, head, rest, mapKeys);
    default:
      throw new KubeConfigError(`unable to parse ${property} after [] at api.Config`);
  }
}

/** `clusters.NAME.FIELD` and the like: the name runs up to the first word that is a field of the entry. */
function entryTarget(
  property: string,
  list: KubeConfigList,
  rest: readonly string[],
  mapKeys: (list: KubeConfigList) => readonly string[],
): PropertyTarget {
  const at = fieldIndex(list, rest);
  if (at < 0) throw mapError(mapKeys(list));
  const name = rest.slice(0, at).join(".");
  const field = rest[at] ?? "";
  if (at < rest.length - 1) throw tooDeep(property);
  const shape = fieldShape(entryShape(list), field);
  if (typeof shape === "object" && "fields" in shape)
    // exec and auth-provider are pointers kubectl cannot walk (it panics when no field follows them).
    throw new KubeConfigError(`unable to parse one or more field values of ${property}`, {
      suggestions: [`set ${field} with \`kr8s config set-credentials ${name} --${field}-…\``],
    });
  return { kind: "entry", list, name, field: FILE_NAMES[field] ?? field, type: valueType(shape) };
}

/** What a `config unset` path removes. */
export type UnsetTarget =
  | { kind: "current-context" }
  /** `kind` and `apiVersion`: kubectl accepts them and writes its own values back, so nothing changes. */
  | { kind: "ignored" }
  /** All preferences, or one field of them. */
  | { kind: "preferences"; field?: string }
  /** A whole list (`users`). */
  | { kind: "list"; list: KubeConfigList }
  /** One entry, or one field of it (the file's name of the field: `as` for `act-as`). */
  | { kind: "entry"; list: KubeConfigList; name: string; field?: string };

/**
 * Where `property` points, as kubectl's `config unset` reads it (its `newNavigationSteps`): as
 * {@link setPropertyTarget}, but a path may end at a list, an entry, a map or a struct. A name runs up to
 * the first word that names a field of the entry, else to the end (`users.a.b` is user `a.b`). Nothing can
 * be removed from inside a field: kubectl cannot walk into exec, auth-provider or a list, and panics inside
 * `extensions`; kr8s refuses them all in kubectl's words.
 * @throws {KubeConfigError} `you must specify a property`, `unable to parse bogus after [] at api.Config`,
 *   `unable to parse one or more field values of P`.
 */
export function unsetPropertyTarget(property: string): UnsetTarget {
  if (property === "") throw new KubeConfigError("you must specify a property");
  const [head = "", ...rest] = property.split(".");
  switch (head) {
    case "current-context":
    case "kind":
    case "apiVersion":
      return scalarTarget(property, head, rest);
    case "preferences": {
      const [field, ...more] = rest;
      if (field === undefined) return { kind: "preferences" };
      preferenceShape(property, field, more);
      return { kind: "preferences", field };
    }
    case "clusters":
    case "users":
    case "contexts": {
      if (rest.length === 0) return { kind: "list", list: head };
      const at = fieldIndex(head, rest);
      if (at < 0) return { kind: "entry", list: head, name: rest.join(".") };
      if (at < rest.length - 1) throw tooDeep(property);
      const field = rest[at] ?? "";
      return { kind: "entry", list: head, name: rest.slice(0, at).join("."), field: fileFieldName(field) };
    }
    default:
      throw new KubeConfigError(`unable to parse ${property} after [] at api.Config`);
  }
}

/** `current-context`, `kind` and `apiVersion`: values, so nothing may follow them. */
function scalarTarget(
  property: string,
  head: "current-context" | "kind" | "apiVersion",
  rest: readonly string[],
): { kind: "current-context" } | { kind: "ignored" } {
  if (rest.length > 0) throw tooDeep(property);
  return head === "current-context" ? { kind: "current-context" } : { kind: "ignored" };
}

/** The shape of `preferences.FIELD`, nothing following it. */
function preferenceShape(property: string, field: string, more: readonly string[]): Shape {
  const shape = fieldShape(fieldShape(KUBECONFIG_SCHEMA, "preferences"), field);
  if (shape === undefined)
    throw new KubeConfigError(`unable to parse ${property} after [{preferences}] at api.Preferences`);
  if (more.length > 0) throw tooDeep(property);
  return shape;
}

/**
 * Where the entry's name ends in `NAME…FIELD…` (kubectl's findNameStep): the index of the first word after
 * the first that names a field of the entry, or -1 when none does (all of it is the name).
 */
function fieldIndex(list: KubeConfigList, rest: readonly string[]): number {
  const entry = entryShape(list);
  return rest.findIndex((word, i) => i > 0 && fieldShape(entry, word) !== undefined);
}

/**
 * How a value is parsed for a field of this shape.
 * @throws {KubeConfigError} kubectl's words for a list (`unrecognized slice type. string`) or a map.
 */
function valueType(shape: Shape | undefined): PropertyType {
  if (shape === "string" || shape === "bytes") return shape;
  if (shape === "boolean") return "bool";
  if (typeof shape === "object" && "list" in shape)
    throw new KubeConfigError("unrecognized slice type. string");
  // `extensions` and `act-as-user-extra`: kubectl prints the (empty) map it reached.
  throw mapError([]);
}

/** kubectl's words for a path that goes on after a value (`contexts.dev.namespace.deep`). */
function tooDeep(property: string): KubeConfigError {
  return new KubeConfigError(`unable to parse one or more field values of ${property}`);
}

/** kubectl's words for a path that ends at a map; kubectl prints the map, kr8s its keys. */
function mapError(keys: readonly string[]): KubeConfigError {
  return new KubeConfigError(`can't set a map to a value: map[${[...keys].sort().join(" ")}]`);
}

const GO_TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const GO_FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);

/**
 * Go's `strconv.ParseBool`.
 * @throws {KubeConfigError} `strconv.ParseBool: parsing "maybe": invalid syntax`
 */
export function parseGoBoolValue(value: string): boolean {
  if (GO_TRUE.has(value)) return true;
  if (GO_FALSE.has(value)) return false;
  throw new KubeConfigError(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
}
