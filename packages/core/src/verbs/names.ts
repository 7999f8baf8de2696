/** Object names as `get` and `delete` take them. */
import { InvalidArgumentError } from "../errors.ts";

/** Names as `get`/`delete` take them: one, several, or none (`get`: every object matching the options). */
export type Names = string | readonly string[] | undefined;

/**
 * The names as a list, each checked for the one mistake a client can see: an empty name, or a `kind/name`
 * pair passed as a name.
 * @throws {InvalidArgumentError}
 */
export function nameList(names: Names): string[] {
  const list = names === undefined ? [] : typeof names === "string" ? [names] : [...names];
  for (const name of list)
    if (name === "" || name.includes("/"))
      throw new InvalidArgumentError(`"${name}" is not a valid object name`, {
        suggestions: ["names are DNS subdomains such as `web-1`; pass the kind separately"],
      });
  return list;
}
