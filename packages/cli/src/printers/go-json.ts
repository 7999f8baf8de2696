/**
 * JSON exactly as `kubectl get -o json` writes it: Go's `json.MarshalIndent` of unstructured objects, so
 * keys sorted at every level, 4-space indent, and `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c`…
 * (Go escapes them for safe embedding in HTML). Ends with a newline.
 */
export function formatGoJson(value: unknown): string {
  return `${goEscape(JSON.stringify(sortKeys(value), null, 4))}\n`;
}

/**
 * One line of compact JSON as Go's `json.Marshal` writes it (what `kubectl get -w -o json
 * --output-watch-events` prints per event): `value`'s own key order — sort maps with {@link sortKeys}
 * first — and Go's HTML escapes. Ends with a newline.
 */
export function formatGoJsonLine(value: unknown): string {
  return `${goEscape(JSON.stringify(value))}\n`;
}

/** Go's escapes of `<`, `>`, `&`, U+2028 and U+2029 (they can only occur inside strings: safe on the text). */
export function goEscape(text: string): string {
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A copy of `value` whose objects list their keys in byte order, as Go marshals maps. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(byteOrder))
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/** Go compares strings by their UTF-8 bytes; for JavaScript's UTF-16 this differs only above U+FFFF. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
