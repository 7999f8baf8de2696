/**
 * The arguments of `label()`, `annotate()` and `removeLabel()` turned into one merge patch: kubectl's
 * `key=value` / `key-` spellings (`cmdutil.ParsePairs`) and plain objects, where `null` removes a key.
 */
import { InvalidArgumentError } from "../errors.ts";

/**
 * One argument of `label()` / `annotate()`: `"key=value"` (set; the value is everything after the first
 * `=`), `"key-"` (remove), or an object of keys to set (a `null` value removes the key). Keys may carry a
 * prefix with `/` (`app.kubernetes.io/name=web`).
 */
export type MetadataArg = string | Readonly<Record<string, string | null>>;

/**
 * The `labels` or `annotations` map of a merge patch: a value per key to set, `null` per key to remove.
 * @throws {InvalidArgumentError} for a string that is neither `key=value` nor `key-`, or no argument at all.
 */
export function metadataChanges(
  what: "label" | "annotation",
  args: readonly MetadataArg[],
): Record<string, string | null> {
  const changes: Record<string, string | null> = {};
  for (const arg of args) {
    if (typeof arg !== "string") {
      Object.assign(changes, arg);
      continue;
    }
    // kubectl checks `=` first: `a=b-` sets `a` to `b-`.
    const equals = arg.indexOf("=");
    if (equals > 0) changes[arg.slice(0, equals)] = arg.slice(equals + 1);
    else if (equals < 0 && arg.length > 1 && arg.endsWith("-")) changes[arg.slice(0, -1)] = null;
    else
      // The argument is quoted only when it holds no value (values may be secrets).
      throw new InvalidArgumentError(
        `invalid ${what} spec: ${equals === 0 ? 'no key before "="' : `"${arg}"`}`,
        { suggestions: [`write "key=value" to set a ${what}, "key-" to remove one`] },
      );
  }
  if (Object.keys(changes).length === 0)
    throw new InvalidArgumentError(`no ${what}s given`, {
      suggestions: [`pass "key=value", "key-" or an object such as { app: "web" }`],
    });
  return changes;
}
