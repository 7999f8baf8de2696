/**
 * JSON exactly as `kubectl get -o json` writes it: Go's `json.MarshalIndent` of unstructured objects, so
 * keys sorted at every level, 4-space indent, and `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c`…
 * (Go escapes them for safe embedding in HTML). Ends with a newline.
 */
export function formatGoJson(value: unknown): string {
  return `${goEscape(stringify(sortKeys(value), "    ", ""))}\n`;
}

/**
 * Indented JSON as Go's `json.MarshalIndent` writes a typed value (`config view`, `version`): `value`'s own
 * key order — a `Map` from {@link sortKeys} for a Go map inside it — and Go's HTML escapes. Ends with a
 * newline.
 */
export function formatGoJsonInOrder(value: unknown): string {
  return `${goEscape(stringify(value, "    ", ""))}\n`;
}

/**
 * One line of compact JSON as Go's `json.Marshal` writes it (what `kubectl get -w -o json
 * --output-watch-events` prints per event): `value`'s own key order — sort maps with {@link sortKeys}
 * first — and Go's HTML escapes. Ends with a newline.
 */
export function formatGoJsonLine(value: unknown): string {
  return `${goEscape(stringify(value, "", ""))}\n`;
}

/** Go's escapes of `<`, `>`, `&`, U+2028 and U+2029 (they can only occur inside strings: safe on the text). */
export function goEscape(text: string): string {
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A copy of `value` whose objects are `Map`s listing their keys in byte order, as Go marshals maps: a plain
 * object cannot hold that order, JavaScript lists integer-like keys (`"1"`, `"10"`) first. For the printers
 * of this module, which write a `Map` in its own order; other code should not read the copy.
 */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  return new Map(
    Object.keys(record)
      .sort(byteOrder)
      .map((key) => [key, sortKeys(record[key])]),
  );
}

/**
 * `JSON.stringify(value, null, indent)` (an empty `indent`: compact), that writes a `Map` as an object in
 * its entries' order (see {@link sortKeys}). `undefined` members are left out, as by `JSON.stringify`.
 */
function stringify(value: unknown, indent: string, outer: string): string {
  if (value === null || value === undefined || typeof value === "function") return "null";
  if (typeof value !== "object") return JSON.stringify(value) ?? "null";
  const inner = outer + indent;
  const open = indent ? `\n${inner}` : "";
  const close = indent ? `\n${outer}` : "";
  const separator = indent ? `,\n${inner}` : ",";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[${open}${value.map((item) => stringify(item, indent, inner)).join(separator)}${close}]`;
  }
  const entries = value instanceof Map ? [...(value as Map<string, unknown>)] : Object.entries(value);
  const members = entries
    .filter(([, member]) => member !== undefined)
    .map(([key, member]) => `${JSON.stringify(key)}:${indent ? " " : ""}${stringify(member, indent, inner)}`);
  return members.length === 0 ? "{}" : `{${open}${members.join(separator)}${close}}`;
}

/** Go compares strings by their UTF-8 bytes; for JavaScript's UTF-16 this differs only above U+FFFF. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
