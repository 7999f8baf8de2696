import { connectionFlags } from "./flags.ts";

/**
 * Splits `--context x -v 6 version …` into kubectl's global flags in front (with their values) and the rest:
 * kubectl takes its global flags before the command's words too. A boolean flag
 * (`--insecure-skip-tls-verify`) is one token, as in pflag: its value only ever follows `=`.
 */
export function leadingGlobalFlags(tokens: readonly string[]): { flags: string[]; rest: string[] } {
  const globalFlags = new Map<string, boolean>(
    Object.entries(connectionFlags).flatMap(([name, flag]) => {
      const takesValue = flag.type !== "boolean";
      return [
        [`--${name}`, takesValue] as const,
        ...("char" in flag && flag.char ? [[`-${flag.char}`, takesValue] as const] : []),
      ];
    }),
  );
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] ?? "";
    const name = token.startsWith("--") ? (token.split("=")[0] ?? token) : token.slice(0, 2);
    const takesValue = globalFlags.get(name);
    if (takesValue === undefined) break;
    // `--name value` and `-n value` take the next token; `--name=value` and `-nvalue` carry it.
    i += token === name && takesValue ? 2 : 1;
  }
  return { flags: tokens.slice(0, Math.min(i, tokens.length)), rest: tokens.slice(i) };
}
