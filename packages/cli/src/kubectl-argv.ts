/**
 * Command lines written for kubectl (spf13/pflag) turned into ones oclif reads the same way, before oclif
 * parses them:
 * - a boolean flag takes its value after `=` (`--no-headers=true`, `--watch=false`, `-A=false`), in any
 *   spelling Go's `strconv.ParseBool` accepts; `--flag value` gives a boolean no value, as in pflag;
 * - a flag that takes one value and is given twice keeps the last one (`-n a … -n b`), where oclif would
 *   refuse the second; flags that take several (`-f`, `-L`: flags.ts `stringArray`, `stringSlice`) keep every one.
 * Unknown flags and everything after `--` are left as they are, for oclif to report or pass on.
 */
import { UsageError } from "./errors.ts";

/** What the rewriting needs to know of one of the command's flags (a subset of oclif's flag shape). */
export interface ArgvFlag {
  /** oclif's flag type: `boolean`, or `option` for a flag that takes a value. */
  type: string;
  char?: string;
  /** A flag that may be given several times, each value kept. */
  multiple?: boolean;
  /** A boolean that oclif also reads as `--no-<name>` (needed to say `false` to a flag whose default is true). */
  allowNo?: boolean;
}

const GO_TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const GO_FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);

/** `value` read as Go's `strconv.ParseBool` reads it, or undefined for a spelling it refuses (`yes`, ``). */
function parseGoBool(value: string): boolean | undefined {
  if (GO_TRUE.has(value)) return true;
  if (GO_FALSE.has(value)) return false;
  return undefined;
}

/** One flag as it was written: the tokens it spans, or the boolean it says. */
interface Occurrence {
  name: string;
  /**
   * The flag and its value as `--name=value` (a value may start with `-`: `-l -x` selects on `-x`), or the
   * flag alone as written when no value follows it.
   */
  tokens: string[];
  boolean?: boolean;
}

/**
 * `argv` (the words after the command's) rewritten for oclif, following pflag's reading of them.
 * @param flags The command's flags and the global ones, by name.
 * @param commandPath The binary and the command's words (`kr8s get`), for the usage line of an error.
 * @throws {UsageError} kubectl's message (`error: invalid argument "maybe" for "--no-headers" flag:
 * strconv.ParseBool: …`) for a boolean value Go's `strconv.ParseBool` refuses.
 */
export function kubectlArgv(
  argv: readonly string[],
  flags: Readonly<Record<string, ArgvFlag>>,
  commandPath: string,
): string[] {
  const byChar = new Map(
    Object.entries(flags).flatMap(([name, flag]) => (flag.char ? [[flag.char, name] as const] : [])),
  );
  const parsed: (Occurrence | string)[] = [];
  let i = 0;
  while (i < argv.length) {
    const token = argv[i] ?? "";
    if (token === "--") break;
    const written = flagToken(token, byChar);
    const flag = written && flags[written.name];
    if (!written || !flag || (flag.type === "boolean" && written.glued)) {
      // `-Aw` (two booleans in one word) is oclif's to read, as are unknown flags.
      parsed.push(negation(token, flags) ?? token);
      i++;
    } else if (flag.type === "boolean") {
      const value =
        written.value === undefined ? true : goBool(written.value, written.name, flag, commandPath);
      parsed.push({ name: written.name, tokens: [], boolean: value });
      i++;
    } else if (written.value !== undefined) {
      parsed.push({ name: written.name, tokens: [`--${written.name}=${written.value}`] });
      i++;
    } else if (i + 1 < argv.length) {
      parsed.push({ name: written.name, tokens: [`--${written.name}=${argv[i + 1] ?? ""}`] });
      i += 2;
    } else {
      // No value: left as written (the last occurrence), for oclif's "flag needs an argument".
      parsed.push({ name: written.name, tokens: [token] });
      i++;
    }
  }
  const last = new Map<string, Occurrence>();
  for (const item of parsed) if (typeof item !== "string") last.set(item.name, item);
  const out = parsed.flatMap((item) => {
    if (typeof item === "string") return [item];
    if (!flags[item.name]?.multiple && last.get(item.name) !== item) return [];
    if (item.boolean === undefined) return item.tokens;
    if (item.boolean) return [`--${item.name}`];
    // A false boolean without `--no-` is the flag left out (its default is false).
    return flags[item.name]?.allowNo ? [`--no-${item.name}`] : [];
  });
  return [...out, ...argv.slice(i)];
}

/**
 * `--name`, `--name=value`, `-c`, `-c=value` and `-cvalue` (pflag's forms), by the flag's long name; `undefined`
 * for a positional argument or a short flag no flag has.
 */
function flagToken(
  token: string,
  byChar: ReadonlyMap<string, string>,
): { name: string; value?: string; glued?: boolean } | undefined {
  if (token.startsWith("--")) {
    const eq = token.indexOf("=");
    return eq < 0 ? { name: token.slice(2) } : { name: token.slice(2, eq), value: token.slice(eq + 1) };
  }
  if (!token.startsWith("-") || token.length < 2) return undefined;
  const name = byChar.get(token.charAt(1));
  if (name === undefined) return undefined;
  const rest = token.slice(2);
  if (rest === "") return { name };
  // pflag reads `-o=` as the value `=` (only a longer `-o=x` drops the `=`).
  return rest.startsWith("=") && rest.length > 1
    ? { name, value: rest.slice(1) }
    : { name, value: rest, glued: true };
}

/** oclif's own `--no-<name>` of a boolean with `allowNo`: one more occurrence of that flag. */
function negation(token: string, flags: Readonly<Record<string, ArgvFlag>>): Occurrence | undefined {
  const name = token.startsWith("--no-") ? token.slice(5) : undefined;
  const flag = name === undefined ? undefined : flags[name];
  if (name === undefined || flag?.type !== "boolean" || !flag.allowNo) return undefined;
  return { name, tokens: [], boolean: false };
}

/**
 * A boolean flag's value read as Go's `strconv.ParseBool` reads it (pflag's `boolValue.Set`).
 * @throws {UsageError} kubectl's message for a value it refuses.
 */
function goBool(value: string, name: string, flag: ArgvFlag, commandPath: string): boolean {
  const parsed = parseGoBool(value);
  if (parsed !== undefined) return parsed;
  const label = flag.char ? `-${flag.char}, --${name}` : `--${name}`;
  throw new UsageError(
    `invalid argument ${JSON.stringify(value)} for ${JSON.stringify(label)} flag: strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`,
    { details: [`See '${commandPath} --help' for usage.`] },
  );
}
