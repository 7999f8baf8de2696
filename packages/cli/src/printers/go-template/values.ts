/**
 * The values a template sees, as Go sees them after kubectl's `json.Unmarshal` into `interface{}`:
 * `number` is a float64 (every JSON number), `bigint` is an `int` (integer and character constants
 * written in the template), `string`, `boolean`, `null` (a nil interface: JSON null or a missing map key),
 * arrays (`[]interface {}`) and plain objects (`map[string]interface {}`). `undefined` is Go's invalid
 * `reflect.Value`, the result of a field of nothing, printed as `<no value>`.
 */
export type GoValue = unknown;

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
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof GoFunctionValue)
  );
}

/** Go's `%T`: the dynamic type's name. */
export function goTypeName(value: GoValue): string {
  if (value === null || value === undefined) return "<nil>";
  switch (typeof value) {
    case "number":
      return "float64";
    case "bigint":
      return "int";
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
      if (value instanceof GoFunctionValue) return true;
      return Object.keys(value).length > 0;
  }
}
