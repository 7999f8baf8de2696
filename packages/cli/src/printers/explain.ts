/**
 * `kubectl explain` output from an OpenAPI v3 document: the `plaintext` template of kubectl's
 * pkg/explain/v2 (templates/plaintext.tmpl), rendered the same way — KIND/VERSION header, `FIELD:` line
 * with the type and enum, DESCRIPTION wrapped at 76 columns by go-wordwrap, FIELDS with `<type>`,
 * `-required-` and short enum lists, or the indented tree of `--recursive`. Map keys are walked in sorted
 * order, as Go templates range over maps.
 */
import { goValue } from "./go-format.ts";
import { wrapWords } from "./word-wrap.ts";

/** A JSON schema object of the document (`$ref`, `properties`, `items`, `allOf`…). */
type Schema = Record<string, unknown>;

/** What to explain: kubectl's GroupVersionResource and the field path after it. */
export interface ExplainRequest {
  group: string;
  version: string;
  /** The resource's plural (`deployments`), as in the document's paths. */
  resource: string;
  /** `["spec", "containers"]` for `pods.spec.containers`; empty for the kind itself. */
  fieldPath: readonly string[];
  recursive: boolean;
}

/**
 * kubectl's output for `request`: `text` is what it writes to stdout, `error` (when set) the line it then
 * writes to stderr before exiting 1 — kubectl has already printed the KIND/VERSION header when a field is
 * missing, so `text` may be non-empty with an error.
 */
export interface ExplainResult {
  text: string;
  error?: string;
}

/** Renders `kubectl explain` for `request` from the group-version's OpenAPI v3 `document`. */
export function explainText(document: Schema, request: ExplainRequest): ExplainResult {
  const gvr = `${request.group}/${request.version}, Resource=${request.resource}`;
  const gvk = findGroupVersionKind(document, request);
  if (gvk === undefined) return { text: "", error: `error: GVR (${gvr}) not found in OpenAPI schema` };
  const header =
    (truthy(gvk.group) ? `GROUP:      ${goValue(gvk.group)}\n` : "") +
    `KIND:       ${goValue(gvk.kind)}\nVERSION:    ${goValue(gvk.version)}\n\n`;
  const schema = Object.entries(objectAt(document, "components", "schemas"))
    .sort(([a], [b]) => compare(a, b))
    .map(([, value]) => asSchema(value))
    .find((value) => asList(value["x-kubernetes-group-version-kind"]).some((entry) => deepEqual(entry, gvk)));
  if (schema === undefined)
    return { text: header, error: `error: GVK ${goValue(gvk)} not found in OpenAPI schema` };
  const context: Context = { document, recursive: request.recursive };
  const body = output(context, schema, request.fieldPath, new Set());
  if (body === "") {
    const missing = missingField(context, schema, request.fieldPath) ?? request.fieldPath.at(-1) ?? "";
    return { text: header, error: `error: field ${JSON.stringify(missing)} does not exist` };
  }
  return { text: `${header}${body}\n` };
}

interface Context {
  document: Schema;
  recursive: boolean;
}

/**
 * The GVK in the `x-kubernetes-group-version-kind` of the resource's operations: its list and item paths,
 * cluster-scoped then namespaced, the first of get/post/put/patch/delete that has one (as the template
 * searches; a later path found overrides an earlier one, as there).
 */
function findGroupVersionKind(document: Schema, request: ExplainRequest): Schema | undefined {
  const prefix = request.group === "" ? "/api" : `/apis/${request.group}`;
  const base = `${prefix}/${request.version}`;
  const searchPaths = [
    `${base}/${request.resource}`,
    `${base}/${request.resource}/{name}`,
    `${base}/namespaces/{namespace}/${request.resource}`,
    `${base}/namespaces/{namespace}/${request.resource}/{name}`,
  ];
  const paths = objectAt(document, "paths");
  let gvk: unknown;
  for (const searchPath of searchPaths) {
    const operations = paths[searchPath];
    if (!truthy(operations)) continue;
    for (const method of ["get", "post", "put", "patch", "delete"]) {
      const operation = asSchema(operations)[method];
      if (!truthy(operation)) continue;
      gvk = asSchema(operation)["x-kubernetes-group-version-kind"];
      if (truthy(gvk)) break;
    }
  }
  return truthy(gvk) ? asSchema(gvk) : undefined;
}

/** The template's `output`: follows the field path, then prints the FIELD line, DESCRIPTION and FIELDS. */
function output(
  context: Context,
  schema: Schema,
  fieldPath: readonly string[],
  history: Set<string>,
): string {
  const ref = refOf(schema);
  const next = new Set(history).add(ref);
  const resolved = resolveRef(ref, context.document) ?? schema;
  const [first, ...rest] = fieldPath;
  if (first === undefined) {
    let text = "DESCRIPTION:\n";
    text += `${indent(4, wrapWords(description(context.document, resolved) || "<empty>", 76))}\n`;
    const docs = externalDocs(resolved, 0);
    if (docs !== "") text += `\n${docs}`;
    const fields = fieldList(context, resolved, 1, new Set());
    if (fields !== "") text += `FIELDS:\n${fields}`;
    return text;
  }
  if (ref !== "" && history.has(ref)) return ""; // a cycle
  const properties = asSchema(resolved.properties);
  if (truthy(properties[first])) {
    const subschema = asSchema(properties[first]);
    let text = "";
    if (rest.length === 0)
      text = `FIELD: ${first} <${typeGuess(context.document, subschema)}>\n${longEnum(subschema)}\n\n`;
    return text + output(context, subschema, rest, new Set());
  }
  if (truthy(resolved.items)) return output(context, asSchema(resolved.items), fieldPath, next);
  if (isMapSchema(resolved.additionalProperties))
    return output(context, asSchema(resolved.additionalProperties), fieldPath, next);
  for (const alternative of asList(resolved.allOf)) {
    const text = output(context, asSchema(alternative), fieldPath, next);
    if (text !== "") return text;
  }
  return "";
}

/**
 * The first field of `fieldPath` that does not exist. kubectl names the last field of the path instead
 * (`pods.spec.nope.deeper` → `"deeper"`), a bug: we name the one that is missing (README lists this).
 */
function missingField(context: Context, schema: Schema, fieldPath: readonly string[]): string | undefined {
  for (let length = 1; length <= fieldPath.length; length++)
    if (output(context, schema, fieldPath.slice(0, length), new Set()) === "") return fieldPath[length - 1];
  return undefined;
}

/** The template's `fieldList`: one entry per property (sorted), recursing into fields with `recursive`. */
function fieldList(context: Context, schema: Schema, level: number, history: Set<string>): string {
  const ref = refOf(schema);
  if (ref !== "" && history.has(ref)) return "";
  const next = new Set(history).add(ref);
  const resolved = resolveRef(ref, context.document) ?? schema;
  let text = "";
  const properties = asSchema(resolved.properties);
  for (const name of Object.keys(properties).sort(compare)) {
    text += fieldDetail(context, resolved, name, level);
    if (context.recursive) text += fieldList(context, asSchema(properties[name]), level + 1, next);
  }
  for (const alternative of asList(resolved.allOf))
    text += fieldList(context, asSchema(alternative), level, next);
  if (truthy(resolved.items)) text += fieldList(context, asSchema(resolved.items), level, next);
  if (isMapSchema(resolved.additionalProperties))
    text += fieldList(context, asSchema(resolved.additionalProperties), level, next);
  return text;
}

/** The template's `fieldDetail`: `name\t<type> -required-`, the enum, and (not recursive) the description. */
function fieldDetail(context: Context, parent: Schema, name: string, level: number): string {
  const indentAmount = level * 2;
  const field = asSchema(asSchema(parent.properties)[name]);
  let text = `${indent(indentAmount, name)}\t<${typeGuess(context.document, field)}>`;
  if (asList(parent.required).includes(name)) text += " -required-";
  text += shortEnum(field, indentAmount);
  text += "\n";
  if (context.recursive) return text;
  const about = typeof field.description === "string" && field.description !== "" ? field.description : "";
  text += `${indent(indentAmount + 2, wrapWords(about || "<no description>", 78 - indentAmount))}\n`;
  const docs = externalDocs(field, indentAmount + 2);
  if (docs !== "") text += `\n${docs}`;
  return `${text}\n`;
}

/** `EXTERNAL DOCS:` with its description and URL, indented by `amount`; empty when there are none. */
function externalDocs(schema: Schema, amount: number): string {
  if (!truthy(schema.externalDocs)) return "";
  const docs = asSchema(schema.externalDocs);
  let text = `${indent(amount, "EXTERNAL DOCS:")}\n`;
  if (typeof docs.description === "string" && docs.description !== "")
    text += `${indent(amount + 4, wrapWords(docs.description, 76 - amount))}\n`;
  if (typeof docs.url === "string" && docs.url !== "") text += `${indent(amount + 4, `URL: ${docs.url}`)}\n`;
  return text;
}

/** The template's `description`: the schema's own, then those of its allOf, items and map values. */
function description(document: Schema, schema: Schema): string {
  const resolved = resolveRef(schema.$ref, document) ?? schema;
  if (!truthy(resolved)) return "";
  let text =
    typeof resolved.description === "string" && resolved.description !== ""
      ? `${resolved.description}\n`
      : "";
  for (const alternative of asList(resolved.allOf)) text += description(document, asSchema(alternative));
  if (truthy(resolved.items)) text += description(document, asSchema(resolved.items));
  if (isMapSchema(resolved.additionalProperties))
    text += description(document, asSchema(resolved.additionalProperties));
  return text;
}

/** The template's `typeGuess`: `string`, `Object`, `[]Container`, `map[string]Quantity`… */
function typeGuess(document: Schema, schema: Schema): string {
  if (truthy(schema.items)) return `[]${typeGuess(document, asSchema(schema.items))}`;
  if (isMapSchema(schema.additionalProperties))
    return `map[string]${typeGuess(document, asSchema(schema.additionalProperties))}`;
  const allOf = asList(schema.allOf);
  if (allOf.length === 1 && !truthy(schema.properties)) return typeGuess(document, asSchema(allOf[0]));
  const ref = refOf(schema);
  if (ref !== "") {
    const target = resolveRef(ref, document);
    const type = target?.type;
    if (!truthy(target) || !truthy(type) || type === "object")
      return (ref.split("/").at(-1) ?? "").split(".").at(-1) || "Object";
    return goValue(type);
  }
  if (schema.type === "object") return "Object";
  return truthy(schema.type) ? goValue(schema.type) : "Object";
}

/** The enum after a field's line: `\n  enum: A, B, C, D, ....` (at most four values). */
function shortEnum(schema: Schema, indentAmount: number): string {
  const values = asList(schema.enum);
  if (values.length === 0) return "";
  const shown = values.slice(0, 4).map(enumText).join(", ");
  return `\n${" ".repeat(indentAmount)}enum: ${shown}${values.length > 4 ? ", ...." : ""}`;
}

/** The enum under the FIELD line: `ENUM:` and every value on its own line. */
function longEnum(schema: Schema): string {
  const values = asList(schema.enum);
  if (values.length === 0) return "";
  return `ENUM:${values.map((value) => `\n    ${enumText(value)}`).join("")}`;
}

/** An enum value as the template prints it; the empty string shows as `""`. */
function enumText(value: unknown): string {
  return value === "" ? '""' : goValue(value);
}

/** The template's `resolveRef`: a `#/components/schemas/…` reference looked up in the document. */
function resolveRef(ref: unknown, document: Schema): Schema | undefined {
  if (typeof ref !== "string" || !ref.startsWith("#")) return undefined;
  let current: unknown = document;
  for (const key of decodeURIComponent(ref.slice(1)).split("/")) {
    if (key === "") continue;
    const next = asSchema(current)[key];
    if (typeof next !== "object" || next === null || Array.isArray(next)) return undefined;
    current = next;
  }
  return current as Schema;
}

function refOf(schema: Schema): string {
  return typeof schema.$ref === "string" ? schema.$ref : "";
}

/** `additionalProperties` that is a schema (not `true`/`false`) and not empty: the object is a map. */
function isMapSchema(value: unknown): boolean {
  return typeof value !== "boolean" && truthy(value);
}

/** Go template truth: false, 0, nil, and empty strings, lists and maps are false. */
function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

function asSchema(value: unknown): Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Schema) : {};
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function objectAt(document: Schema, ...keys: string[]): Schema {
  let current: Schema = document;
  for (const key of keys) current = asSchema(current[key]);
  return current;
}

/** Go's `reflect.DeepEqual` on decoded JSON. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every((key) => Object.hasOwn(b, key) && deepEqual((a as Schema)[key], (b as Schema)[key]))
  );
}

/** Go compares strings by their bytes; map keys of these documents are ASCII, where that is code order. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The template's `indent`: `amount` spaces before the text and after each of its line breaks. */
function indent(amount: number, text: string): string {
  const pad = " ".repeat(amount);
  return pad + text.replaceAll("\n", `\n${pad}`);
}
