/**
 * The values a template sees, as Go sees them after kubectl's JSON decoding into `interface{}`
 * (apimachinery's `util/json.Unmarshal`, which keeps integers as `int64`): `bigint` is an int64 (a JSON
 * integer), `number` a float64 (any other JSON number), {@link GoInt} an `int` (integer and character
 * constants written in the template, lengths, range indexes), `string`, `boolean`, `null` (a nil
 * interface: JSON null), arrays (`[]interface {}`) and plain objects (`map[string]interface {}`).
 * `undefined` is Go's invalid `reflect.Value` (a missing key, a field of nothing), printed `<no value>`.
 */
export type GoValue = unknown;

/** A Go `int` (as opposed to data's `int64`): the same arithmetic, another name for `%T`. */
export class GoInt {
  readonly value: bigint;
  constructor(value: bigint | number) {
    this.value = BigInt(value);
  }
}

/** The integer of an `int` or `int64`, else undefined. */
export function intValue(value: GoValue): bigint | undefined {
  if (typeof value === "bigint") return value;
  return value instanceof GoInt ? value.value : undefined;
}

const INT64_MIN = -(2 ** 63);
const INT64_MAX = 2 ** 63;

/**
 * JSON data as kubectl's template sees it: integers (in int64's range) become `int64` (bigint), other
 * numbers stay float64 — apimachinery's `util/json.Unmarshal`, which kubectl's printer uses.
 */
export function fromJson(value: unknown): GoValue {
  if (typeof value === "number")
    return Number.isInteger(value) && value >= INT64_MIN && value < INT64_MAX ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(fromJson);
  if (value !== null && typeof value === "object") {
    const out: Record<string, GoValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fromJson(v);
    return out;
  }
  return value;
}

/** A Go function callable from a template: arguments in, a value out; a thrown error is Go's error result. */
export type GoFunction = (...args: GoValue[]) => GoValue;

/** A function value, as `call` receives it; data from JSON never holds one. */
export class GoFunctionValue {
  readonly fn: GoFunction;
  constructor(fn: GoFunction) {
    this.fn = fn;
  }
}

/** A JSON object decoded as Go's `map[string]interface {}`. */
export function isMap(value: GoValue): value is Record<string, GoValue> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Go's `%T`: the dynamic type's name. */
export function goTypeName(value: GoValue): string {
  if (value === null || value === undefined) return "<nil>";
  switch (typeof value) {
    case "number":
      return "float64";
    case "bigint":
      return "int64";
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "function":
    case "object":
    case "symbol":
    case "undefined":
    default:
      if (Array.isArray(value)) return "[]interface {}";
      if (value instanceof GoInt) return "int";
      if (value instanceof GoFunctionValue) return "func(...interface {}) (interface {}, error)";
      return "map[string]interface {}";
  }
}

/** Map keys in Go's printing and ranging order (byte order of the strings). */
export function sortedKeys(map: Record<string, GoValue>): string[] {
  return Object.keys(map).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** text/template's truth: false, 0, nil, an empty string, slice or map are false; so is no value. */
export function isTrue(value: GoValue): boolean {
  if (value === null || value === undefined) return false;
  switch (typeof value) {
    case "boolean":
      return value;
    case "number":
      return value !== 0;
    case "bigint":
      return value !== 0n;
    case "string":
      return value.length > 0;
    case "function":
    case "object":
    case "symbol":
    case "undefined":
    default:
      if (Array.isArray(value)) return value.length > 0;
      if (value instanceof GoInt) return value.value !== 0n;
      if (value instanceof GoFunctionValue) return true;
      return Object.keys(value).length > 0;
  }
}
