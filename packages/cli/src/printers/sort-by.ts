import type { JsonPath } from "@kr8s/core";
import { UsageError } from "../errors.ts";
import { isQuantity, parseQuantity } from "./describe/quantity.ts";

/**
 * kubectl's `--sort-by` order (kubectl's `sorter.go`): the first value the path finds in each object;
 * numbers by value, strings by their characters (`cfg10` before `cfg2`, as kubectl v1.32 prints them)
 * unless both are resource quantities, which compare by amount (`9` < `10` < `1k`, as `isLess` does),
 * false before true; objects where the path finds nothing first, then those where it finds `null` (an
 * event's unset `lastTimestamp`: `isLess` puts a nil interface before any value). Stable: equal keys keep
 * the server's order (also for objects without the field, whose order in kubectl is its sort algorithm's).
 * @throws {UsageError} when the path finds maps or lists in two objects or more, which kubectl cannot sort
 *   either.
 */
export function sortByPath<T>(items: readonly T[], path: JsonPath, objectOf: (item: T) => unknown): T[] {
  const keyed = items.map((item) => ({ item, key: path.execute(objectOf(item)).flat()[0] }));
  const unsortable = keyed.filter(({ key }) => typeof key === "object" && key !== null).map(({ key }) => key);
  // kubectl dies with a Go log line (`… is an unsortable type: interface, err: unsortable type:
  // map[string]interface {}`) once it compares two such values (one alone is only compared with objects
  // that lack the field, which sort first); the meaning, said plainly.
  if (unsortable.length > 1)
    throw new UsageError(
      `cannot sort by ${path.template}: it finds ${Array.isArray(unsortable[0]) ? "a list" : "a map"}; sort by a field that holds a string, a number or a boolean`,
    );
  return keyed.sort((a, b) => compareValues(a.key, b.key)).map(({ item }) => item);
}

function compareValues(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  if (typeof a === "string" && typeof b === "string" && isQuantity(a) && isQuantity(b)) {
    const difference = parseQuantity(a).nanos - parseQuantity(b).nanos;
    return difference < 0n ? -1 : difference > 0n ? 1 : 0;
  }
  const x = typeof a === "string" ? a : JSON.stringify(a);
  const y = typeof b === "string" ? b : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
