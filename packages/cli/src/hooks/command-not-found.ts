import type { Hook } from "@oclif/core";
import { normalizeArgv } from "@oclif/core/help";
import { connectionFlags } from "../flags.ts";

/**
 * oclif calls this when the words of a command line name no command. kubectl takes its global flags
 * before the command too (`kubectl -v 6 version`), which oclif reads as a command named `-v`: those flags
 * move behind the command's words (before its own flags: the last of a flag given twice wins) and it runs. Anything else is a mistake, printed as kubectl prints it (exit 1).
 */
const hook: Hook.CommandNotFound = async function ({ config, id, argv = [] }) {
  const { flags, rest } = leadingGlobalFlags([id, ...argv]);
  let unknown = id;
  if (flags.length > 0 && rest.length > 0) {
    const [commandId = "", ...args] = normalizeArgv(config, rest);
    if (config.findCommand(commandId)) return config.runCommand(commandId, [...flags, ...args]);
    unknown = commandId;
  }
  const { unknownCommandError } = await import("../usage.ts");
  process.stderr.write(unknownCommandError(config, unknown).render());
  this.exit(1);
};
export default hook;

/** Splits `--context x -v 6 version …` into the global flags in front (with their values) and the rest. */
function leadingGlobalFlags(tokens: readonly string[]): { flags: string[]; rest: string[] } {
  const takesValue = new Set(
    Object.entries(connectionFlags).flatMap(([name, flag]) => [
      `--${name}`,
      ...("char" in flag && flag.char ? [`-${flag.char}`] : []),
    ]),
  );
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] ?? "";
    const name = token.startsWith("--") ? (token.split("=")[0] ?? token) : token.slice(0, 2);
    if (!takesValue.has(name)) break;
    // `--name value` and `-n value` take the next token; `--name=value` and `-nvalue` carry it.
    i += token === name ? 2 : 1;
  }
  return { flags: tokens.slice(0, Math.min(i, tokens.length)), rest: tokens.slice(i) };
}
