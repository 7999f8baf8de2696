/**
 * How kubectl's JSONPath prints values: scalars as Go's `fmt.Print` does (`1e+06` for a large float, `null`
 * for null), maps and lists as Go's `encoding/json` does (keys sorted, `<`, `>`, `&` escaped). A number
 * with no fraction prints as an integer: JSON text read by JavaScript cannot tell `1.0` from `1`, while
 * kubectl keeps integers as int64 and prints only true floats in Go's float form.
 */

/** A float literal of a template (`{1.0}`): Go keeps it a float64, which matters to filter comparisons. */
export class GoFloat {
  readonly value: number;

  constructor(value: number) {
    this.value = value;
  }

  toJSON(): number {
    return this.value;
  }
}

/** A value as kubectl prints one result: scalars as text, maps and lists as compact JSON. */
export function printValue(value: unknown): string {
  if (Array.isArray(value) || isMap(value)) return goJSON(value);
  return scalarText(value);
}

/** A scalar as Go's `fmt.Print` writes it (`null` for null, as client-go prints it). */
export function scalarText(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof GoFloat) return goFloat(value.value);
  if (typeof value === "number") return Number.isInteger(value) ? integerText(value) : goFloat(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  return goJSON(value);
}

/**
 * `encoding/json`'s output: map keys sorted bytewise, `<`, `>`, `&`, U+2028 and U+2029 escaped; `indent`
 * as `json.MarshalIndent` takes it (omitted: compact).
 */
export function goJSON(value: unknown, indent = ""): string {
  return escapeHTML(serialize(value, indent, ""));
}

function serialize(value: unknown, indent: string, current: string): string {
  if (value instanceof GoFloat) return JSON.stringify(value.value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const inner = current + indent;
    const items = value.map((item) => serialize(item ?? null, indent, inner));
    return indent === "" ? `[${items.join(",")}]` : `[\n${inner}${items.join(`,\n${inner}`)}\n${current}]`;
  }
  if (isMap(value)) {
    const keys = Object.keys(value).sort(compareBytes);
    if (keys.length === 0) return "{}";
    const inner = current + indent;
    const separator = indent === "" ? ":" : ": ";
    const entries = keys.map(
      (key) => `${JSON.stringify(key)}${separator}${serialize(value[key] ?? null, indent, inner)}`,
    );
    return indent === ""
      ? `{${entries.join(",")}}`
      : `{\n${inner}${entries.join(`,\n${inner}`)}\n${current}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Go sorts map keys by their UTF-8 bytes; code point order is the same thing. */
function compareBytes(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

function escapeHTML(json: string): string {
  return json.replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof GoFloat);
}

function integerText(value: number): string {
  return Math.abs(value) < 1e21 ? BigInt(value).toString() : goFloat(value);
}

/**
 * Go's `%v` of a float64: the shortest digits that round-trip, in exponent form (`1.5e-07`, `1e+06`) when
 * the exponent is below -4 or at least 6 — strconv's rule for `'g'` with the shortest precision.
 */
export function goFloat(value: number): string {
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
  const [mantissa = "", exponentText = "0"] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return String(value);
}
