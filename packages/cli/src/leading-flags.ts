import { connectionFlags } from "./flags.ts";

/**
 * Splits `--context x -v 6 version …` into kubectl's global flags in front (with their values) and the rest:
 * kubectl takes its global flags before the command's words too.
 */
export function leadingGlobalFlags(tokens: readonly string[]): { flags: string[]; rest: string[] } {
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
