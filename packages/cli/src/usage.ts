/**
 * Command-line mistakes turned into kubectl's messages (cobra's wording, as kubectl 1.32 and 1.33 print it): what oclif reports
 * as a parse error or an unknown command becomes a {@link UsageError} with the text kubectl prints for the
 * same mistake.
 */
import type { Interfaces } from "@oclif/core";
import { distance } from "fastest-levenshtein";
import { UsageError } from "./errors.ts";

/** A flag as oclif describes it: enough to name it the way cobra does. */
interface FlagShape {
  char?: string;
  type?: string;
}

/** The command a parse error happened in. */
export interface ParseContext {
  /** The binary, e.g. `kr8s`. */
  bin: string;
  /** The command's words, e.g. `auth whoami`. */
  commandPath: string;
  /** The arguments after the command's words. */
  argv: readonly string[];
  /** The command's flags (its own and the global ones), by name. */
  flags: Readonly<Record<string, FlagShape>>;
}

/**
 * kubectl's message for an error oclif raised while parsing a command line, or undefined when `error` is
 * not a command-line mistake.
 */
export function usageErrorFromParse(error: unknown, context: ParseContext): UsageError | undefined {
  if (error instanceof UsageError) return error;
  if (!(error instanceof Error)) return undefined;
  const seeHelp = [`See '${context.bin} ${context.commandPath} --help' for usage.`];
  const kind = error.constructor.name;
  if (kind === "NonExistentFlagsError") {
    const flag = (error as Error & { flags?: string[] }).flags?.[0] ?? "";
    return new UsageError(unknownFlag(flag), { details: seeHelp });
  }
  if (kind === "UnexpectedArgsError") {
    return extraArguments((error as Error & { args?: unknown[] }).args ?? []);
  }
  const missing = /^Flag --([\w-]+) expects (?:a value|one of these values)/.exec(error.message);
  if (missing) {
    const name = missing[1] ?? "";
    const char = context.flags[name]?.char;
    const short = char !== undefined && !context.argv.includes(`--${name}`);
    return new UsageError(`flag needs an argument: ${short ? `'${char}' in -${char}` : `--${name}`}`, {
      details: seeHelp,
    });
  }
  // A flag value oclif could not convert (`-v abc`): oclif wraps the reason as "Parsing --v \n\t<reason>".
  const invalid = /^Parsing --([\w-]+) \n\t([^\n]*)/.exec(error.message);
  if (invalid) {
    const name = invalid[1] ?? "";
    const char = context.flags[name]?.char;
    const label = char === undefined ? `--${name}` : `-${char}, --${name}`;
    const reason = invalid[2] ?? "";
    // oclif's integer flags say "Expected an integer but received: abc"; pflag's say what strconv.ParseInt says.
    const integer = /^Expected an integer but received: (.*)$/.exec(reason);
    const value = integer?.[1];
    const text =
      value === undefined
        ? `invalid argument for "${label}" flag: ${reason}`
        : `invalid argument ${JSON.stringify(value)} for "${label}" flag: strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`;
    return new UsageError(text, { details: seeHelp });
  }
  if ("parse" in error) {
    // Any other parse failure of oclif's: its first line, in cobra's shape.
    return new UsageError(error.message.split("\n")[0] ?? error.message, { details: seeHelp });
  }
  return undefined;
}

/** cobra's wording for an unknown flag: `unknown flag: --bogus`, `unknown shorthand flag: 'x' in -x`. */
function unknownFlag(token: string): string {
  if (token.startsWith("--")) return `unknown flag: ${token.split("=")[0] ?? token}`;
  return `unknown shorthand flag: '${token.charAt(1)}' in ${token}`;
}

/** kubectl's check for arguments a command does not take (`kubectl version extra`). */
function extraArguments(args: readonly unknown[]): UsageError {
  return new UsageError(`extra arguments: [${args.map(String).join(" ")}]`);
}

/**
 * kubectl's error for a command line whose words name no command. oclif joins the words it could not
 * match into one id (`auth:whoamii`, `version:extra`); `argv` is what followed them.
 * - under a known command: its extra arguments (`error: extra arguments: [extra]`);
 * - under a topic: `error: unknown command "whoamii"` and `See 'kr8s auth -h' for help and examples`
 *   (kubectl's group commands);
 * - at the top: cobra's `error: unknown command "foo" for "kr8s"` with "Did you mean this?" suggestions;
 * - a flag before any command that is not a global flag: `error: unknown flag: --bogus`.
 */
export function unknownCommandError(config: Interfaces.Config, id: string): UsageError {
  const words = id.split(":");
  const first = words[0] ?? "";
  if (first.startsWith("-")) {
    return new UsageError(unknownFlag(first), { details: [`See '${config.bin} --help' for usage.`] });
  }
  for (let i = words.length - 1; i > 0; i--) {
    const prefix = words.slice(0, i).join(":");
    if (config.findCommand(prefix)) return extraArguments(words.slice(i));
    if (config.findTopic(prefix)) {
      return new UsageError(`unknown command ${JSON.stringify(words[i])}`, {
        details: [`See '${config.bin} ${words.slice(0, i).join(" ")} -h' for help and examples`],
      });
    }
  }
  const topLevel = [
    ...new Set([
      ...config.commands.filter((c) => !c.hidden).map((c) => c.id.split(":")[0] ?? c.id),
      ...config.topics.filter((t) => !t.hidden).map((t) => t.name.split(":")[0] ?? t.name),
    ]),
  ].sort();
  const suggestions = suggestionsFor(first, topLevel);
  const didYouMean =
    suggestions.length > 0 ? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}`).join("\n")}` : "";
  return new UsageError(
    `unknown command ${JSON.stringify(first)} for ${JSON.stringify(config.bin)}${didYouMean}`,
  );
}

/**
 * cobra's `SuggestionsFor`: the names within a Levenshtein distance of 2 of what was typed, ignoring case,
 * or that start with it.
 */
export function suggestionsFor(typed: string, names: readonly string[]): string[] {
  const lower = typed.toLowerCase();
  return names.filter(
    (name) => distance(lower, name.toLowerCase()) <= 2 || name.toLowerCase().startsWith(lower),
  );
}
