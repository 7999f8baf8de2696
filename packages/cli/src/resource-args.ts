/**
 * kubectl's resource arguments (`ResourceTypeOrNameArgs` of cli-runtime's resource builder): `TYPE[,TYPE…]
 * [NAME…]` or `TYPE/NAME…`, and the `all` category. Pure parsing here; the command resolves the types.
 */
import { UsageError } from "./errors.ts";

/** One requested type, with the names asked for (none: every object of the type). */
export interface ResourceRequest {
  /** The spelling as typed: `po`, `deployments.apps`, `all`. */
  type: string;
  names: string[];
  /**
   * Whether the type may name a category (`all`, `api-extensions`, a CRD's own): kubectl expands categories
   * in `TYPE[,TYPE…]` and `TYPE NAME…`, not in `TYPE/NAME…` nor in `TYPE,TYPE NAME…`, which it reads as
   * `TYPE/NAME` pairs (`get all/web` is an unknown type "all").
   */
  categories: boolean;
}

/** client-go's refusal of a request for the object named `""` (kubectl reports it per name, in order). */
export const EMPTY_NAME = "resource name may not be empty";

/**
 * The requests of a command line, in order. `svc/a svc/b` becomes one request with two names; `po,svc x`
 * asks for `x` of each type, as kubectl does.
 * @throws {UsageError} kubectl's messages for a type given both alone and in `type/name` form, and for an
 * empty type or name.
 */
export function parseResourceArgs(args: readonly string[]): ResourceRequest[] {
  if (args.some((arg) => arg.includes("/"))) {
    // cli-runtime's builder: every argument in type/name form or none (`hasCombinedTypeArgs`), then each
    // split at its one slash (`splitResourceTypeName`).
    if (!args.every((arg) => arg.includes("/")))
      throw new UsageError(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kr8s get resource/<resource_name>' instead of 'kr8s get resource resource/<resource_name>'",
      );
    const requests: ResourceRequest[] = [];
    for (const arg of args) {
      const [type = "", name = "", ...more] = arg.split("/");
      if (more.length > 0)
        throw new UsageError("arguments in resource/name form may not have more than one slash");
      // `pod,svc/web`: one resource, one name, or this error.
      if (type === "" || name === "" || type.includes(","))
        throw new UsageError(`arguments in resource/name form must have a single resource and name`);
      const last = requests.at(-1);
      // Consecutive names of one type share a request (and a table), like kubectl's printer.
      if (last?.type === type) last.names.push(name);
      else requests.push({ type, names: [name], categories: false });
    }
    return requests;
  }
  const [types, ...names] = args;
  if (types === undefined) return [];
  // An empty type (`get ''`, `get po,`) is kept: kubectl refuses it as an unknown resource type.
  const split = types.split(",");
  // kubectl rewrites `po,svc x` as `po/x svc/x`: an empty name leaves `po/`, which it refuses as such.
  if (split.length > 1 && names.includes(""))
    throw new UsageError("arguments in resource/name form must have a single resource and name");
  const categories = names.length === 0 || split.length === 1;
  return split.map((type) => ({ type, names: [...names], categories }));
}

/**
 * Whether the arguments name exactly one object (`pod x`, `pod/x`): kubectl then prints it unwrapped. (A
 * category of several types with a name, `all x`, is refused before anything is printed.)
 */
export function namesSingleObject(requests: readonly ResourceRequest[]): boolean {
  return requests.length === 1 && requests[0]?.names.length === 1;
}

/**
 * kubectl's refusal of names with a label or field selector, in the words of the check that meets it first:
 * the resource builder's own for `TYPE/NAME` arguments, its name-and-selector check for `TYPE NAME`.
 * @throws {UsageError} `selectors and the all flag cannot be used when passing resource/name arguments`, or
 *   `name cannot be provided when a selector is specified`.
 */
export function refuseNamesWithSelector(
  args: readonly string[],
  requests: readonly ResourceRequest[],
  selecting: boolean,
): void {
  if (!selecting || !requests.some((r) => r.names.length > 0)) return;
  throw new UsageError(
    args.some((arg) => arg.includes("/"))
      ? "selectors and the all flag cannot be used when passing resource/name arguments"
      : "name cannot be provided when a selector is specified",
  );
}
