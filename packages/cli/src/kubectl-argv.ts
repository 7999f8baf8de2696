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
  /** `,` for a pflag `StringSlice` (flags.ts `stringSlice`): each value is a CSV record of values. */
  delimiter?: string;
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
    } else if (written.value !== undefined || i + 1 < argv.length) {
      const value = written.value ?? argv[i + 1] ?? "";
      const values = flag.delimiter === "," ? sliceOf(value, written.name, flag, commandPath) : [value];
      parsed.push({ name: written.name, tokens: values.map((v) => `--${written.name}=${v}`) });
      i += written.value === undefined ? 2 : 1;
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
 * A `StringSlice` flag's value as pflag reads it (`readAsCSV`: Go's `encoding/csv`, one record): `a,b` is
 * two values, `"a,b"` one, `a, b` keeps the space, `''` none at all.
 * @throws {UsageError} kubectl's message for a value Go's CSV reader refuses (`parse error on line 1,
 *   column 2: bare " in non-quoted-field`).
 */
function sliceOf(value: string, name: string, flag: ArgvFlag, commandPath: string): string[] {
  if (value === "") return [];
  const record = csvRecord(value);
  if (Array.isArray(record)) return record;
  const label = flag.char ? `-${flag.char}, --${name}` : `--${name}`;
  throw new UsageError(
    `invalid argument ${JSON.stringify(value)} for ${JSON.stringify(label)} flag: parse error on line ${record.line}, column ${record.column}: ${record.problem}`,
    { details: [`See '${commandPath} --help' for usage.`] },
  );
}

/**
 * The first record of `text` as Go's `csv.Reader` reads it (comma-separated, `"` quoting with `""` for a
 * quote, no trimming), or where and why it refuses it (line and column 1-based, the column in bytes).
 */
function csvRecord(text: string): string[] | { line: number; column: number; problem: string } {
  const fields: string[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const column = (at: number): number => Buffer.byteLength(text.slice(lineStart, at)) + 1;
  for (;;) {
    if (text[i] === '"') {
      let field = "";
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) {
          // Go reports the end of the text.
          for (const match of text.slice(i).matchAll(/\n/g)) {
            line++;
            lineStart = i + (match.index ?? 0) + 1;
          }
          return { line, column: column(text.length), problem: 'extraneous or missing " in quoted-field' };
        }
        const part = text.slice(i, quote);
        for (const match of part.matchAll(/\n/g)) {
          line++;
          lineStart = i + (match.index ?? 0) + 1;
        }
        field += part;
        i = quote + 1;
        if (text[i] === '"') {
          field += '"';
          i++;
          continue;
        }
        break;
      }
      fields.push(field);
      if (i >= text.length || text[i] === "\n" || text.startsWith("\r\n", i)) return fields;
      if (text[i] !== ",")
        return { line, column: column(i - 1), problem: 'extraneous or missing " in quoted-field' };
      i++;
      continue;
    }
    const end = text.slice(i).search(/[,\n]|\r\n/);
    const field = end < 0 ? text.slice(i) : text.slice(i, i + end);
    const bare = field.indexOf('"');
    if (bare >= 0) return { line, column: column(i + bare), problem: 'bare " in non-quoted-field' };
    fields.push(field);
    if (end < 0 || text[i + end] !== ",") return fields;
    i += end + 1;
  }
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
