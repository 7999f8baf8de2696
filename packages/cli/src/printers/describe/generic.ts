/**
 * kubectl's generic describer (`genericDescriber`, v1.32): for kinds without a describer of their own
 * (custom resources included), every field of the object, nested by indentation, with labels made from
 * the field names (`apiVersion` → `API Version`).
 */
import { goValue } from "./format.ts";
import { describeEvents, printObjectHeader } from "./sections.ts";
import type { DescribedEvent, Described } from "./types.ts";
import { tabbedString, type DescribeWriter } from "./writer.ts";

const ACRONYMS = new Set(["API", "URL", "UID", "OSB", "GUID"]);

/** The character class fatih/camelcase splits on: lower, upper, digit, other. */
function charClass(c: string): number {
  if (/\p{Ll}/u.test(c)) return 1;
  if (/\p{Lu}/u.test(c)) return 2;
  if (/\p{Nd}/u.test(c)) return 3;
  return 4;
}

/** fatih/camelcase's `Split`: `HTTPServer` → `HTTP`, `Server`; `maxSurge` → `max`, `Surge`. */
function splitCamelCase(text: string): string[] {
  const runs: string[][] = [];
  let last = 0;
  for (const c of text) {
    const cls = charClass(c);
    if (cls === last && runs.length > 0) runs.at(-1)?.push(c);
    else runs.push([c]);
    last = cls;
  }
  // An upper-case run followed by a lower-case one gives its last letter to the next word.
  for (let i = 0; i < runs.length - 1; i++) {
    const run = runs[i] ?? [];
    const next = runs[i + 1] ?? [];
    if (charClass(run[0] ?? "") === 2 && charClass(next[0] ?? "") === 1) {
      const moved = run.pop();
      if (moved !== undefined) next.unshift(moved);
    }
  }
  return runs.filter((run) => run.length > 0).map((run) => run.join(""));
}

/**
 * kubectl's `smartLabelFor`: field names of letters (and `-`) split into capitalised words, known
 * acronyms in capitals; any other name as it is.
 */
export function smartLabel(field: string): string {
  if ([...field].some((c) => !/\p{L}/u.test(c) && c !== "-")) return field;
  return splitCamelCase(field)
    .filter((part) => part !== "_")
    .map((part) =>
      ACRONYMS.has(part.toUpperCase()) ? part.toUpperCase() : part.charAt(0).toUpperCase() + part.slice(1),
    )
    .join(" ");
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** kubectl's `printUnstructuredContent`: fields sorted, maps and lists nested, `skip` paths left out. */
function printContent(
  w: DescribeWriter,
  level: number,
  content: Record<string, unknown>,
  prefix: string,
  skip: ReadonlySet<string>,
): void {
  for (const field of Object.keys(content).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (skip.has(path)) continue;
    if (isMap(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      printContent(w, level + 1, value, path, skip);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      for (const child of value as unknown[]) {
        if (isMap(child)) printContent(w, level + 1, child, path, skip);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabel(field)}:\t${goValue(value)}\n`);
    }
  }
}

const SKIPPED = new Set([
  ".metadata.managedFields",
  ".metadata.name",
  ".metadata.namespace",
  ".metadata.labels",
  ".metadata.annotations",
]);

/** Any object, as kubectl's generic describer prints it. `events` undefined: `--show-events=false`. */
export function describeGeneric(
  object: Described & Record<string, unknown>,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  return tabbedString((w) => {
    printObjectHeader(w, object.metadata);
    printContent(w, 0, object, "", SKIPPED);
    if (events) describeEvents(w, events, now);
  });
}
