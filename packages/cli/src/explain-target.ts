/**
 * What `kubectl explain TYPE[.field.path]` asks for (kubectl's pkg/explain `SplitAndParseResourceRequest…`):
 * the first dot-separated word names the resource (plural, singular, Kind or short name); a
 * `resource.group` prefix picks the group; the rest is the field path.
 */
import type { APIResource } from "@kr8s/core";
import { UsageError } from "./errors.ts";

/** A resolved explain argument: kubectl's GroupVersionResource and field path. */
export interface ExplainTarget {
  group: string;
  version: string;
  resource: string;
  fieldPath: string[];
  /** The short name the argument named the resource by (`ev`) and the resource it chose, if it was one. */
  shortName?: { name: string; group: string; plural: string } | undefined;
}

/**
 * kubectl reads the argument as the JSONPath `{.ARGUMENT}` before it looks for the resource, and refuses
 * one whose nodes are not all field names (pkg/explain `jsonPathParse`): the first character, left to
 * right, that its JSONPath lexer cannot take in a field decides kubectl's message. Characters kubectl lets
 * through to the resource lookup (`|`, `:`, `/`…) are left to it here too.
 * @returns the message, or undefined for a path of field names.
 */
export function explainSyntaxError(argument: string): string | undefined {
  const input = argument.replace(/\.$/, "");
  for (const [index, c] of [...input].entries()) {
    if (c === "{" || c === ",")
      return `unrecognized character in action: U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} '${c}'`;
    if (c === "}") return "must pass in 1 jsonpath string";
    // An index, a wildcard, a space (two nodes) or a leading dot (a recursive descent) is not a field.
    if (c === "[" || c === "*" || c === " " || (index === 0 && c === "."))
      return "invalid jsonpath syntax, first node must be field node";
  }
  return undefined;
}

/**
 * Resolves `argument` against the served resources (`resources`, in discovery priority order, one entry
 * per group in its preferred version). With `apiVersion` (`--api-version=group/version`) the resource is
 * the best match of the first word, every later word is a field, and the group-version is the flag's.
 * Without it, the longest `resource.group` that starts the argument chooses the group (kubectl takes the
 * first resource whose name is a prefix, so `events.events.k8s.io` explains core events; README lists this).
 * @returns undefined when no resource has that name.
 * @throws {UsageError} for an `--api-version` with more than one `/` (Go's `ParseGroupVersion`).
 */
export function explainTarget(
  argument: string,
  resources: readonly APIResource[],
  apiVersion?: string,
): ExplainTarget | undefined {
  const input = argument.replace(/\.$/, "");
  const [first = "", ...rest] = input.split(".");
  const word = first.toLowerCase();
  // Names in any case, short names only as declared (`PO` is no type), as kubectl's RESTMapper.
  const candidates = resources.filter(
    (r) =>
      r.name.toLowerCase() === word || r.singularName.toLowerCase() === word || r.shortNames.includes(first),
  );
  const [best] = candidates;
  if (best === undefined) return undefined;
  const byShortName =
    best.name.toLowerCase() !== word && best.singularName.toLowerCase() !== word
      ? { shortName: { name: first, group: best.group, plural: best.name } }
      : {};
  if (apiVersion !== undefined) {
    const parts = apiVersion.split("/");
    if (parts.length > 2) throw new UsageError(`unexpected GroupVersion string: ${apiVersion}`);
    const [group, version] = parts.length === 2 ? parts : ["", parts[0]];
    return {
      group: group ?? "",
      version: version ?? "",
      resource: best.name,
      fieldPath: fields(rest),
      ...byShortName,
    };
  }
  const byGroup = candidates
    .filter((r) => r.group !== "")
    .map((r) => ({ r, prefix: `${r.name}.${r.group}` }))
    .filter(({ prefix }) => input === prefix || input.startsWith(`${prefix}.`))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  if (byGroup)
    return {
      group: byGroup.r.group,
      version: byGroup.r.version,
      resource: byGroup.r.name,
      fieldPath: fields(input.slice(byGroup.prefix.length + 1).split(".")),
    };
  return {
    group: best.group,
    version: best.version,
    resource: best.name,
    fieldPath: fields(rest),
    ...byShortName,
  };
}

function fields(words: readonly string[]): string[] {
  return words.filter((word) => word !== "");
}
