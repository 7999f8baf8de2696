/**
 * kubectl's `key=value` / `key-` arguments (`cmdutil.ParsePairs`), as `config set-credentials
 * --exec-env` and `--auth-provider-arg` take them.
 */
import { UsageError } from "./errors.ts";

/** What a list of pair arguments asks for: keys to set (the last value wins) and keys to remove. */
export interface Pairs {
  set: Map<string, string>;
  remove: string[];
}

/**
 * Parses `key=value` (set; the value may contain `=`) and `key-` (remove) arguments.
 * @param flag - the flag's name, for the error (`invalid exec-env format: BAD`).
 * @throws {UsageError} naming every argument that is neither (`=x`, `-`, `BAD`), comma-separated, in
 *   kubectl's words.
 */
export function parsePairs(args: readonly string[], flag: string): Pairs {
  const pairs: Pairs = { set: new Map(), remove: [] };
  const invalid: string[] = [];
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq > 0) pairs.set.set(arg.slice(0, eq), arg.slice(eq + 1));
    else if (arg.endsWith("-") && arg !== "-") pairs.remove.push(arg.slice(0, -1));
    else invalid.push(arg);
  }
  if (invalid.length > 0) throw new UsageError(`invalid ${flag} format: ${invalid.join(", ")}`);
  return pairs;
}
