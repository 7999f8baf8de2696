import { createColors } from "picocolors";

/**
 * kubectl's line for a server warning (client-go `rest.WarningWriter`): `Warning: <text>`, with `Warning:`
 * in bold yellow when `color`.
 */
export function warningLine(text: string, color: boolean): string {
  const { bold, yellow } = createColors(color);
  return `${bold(yellow("Warning:"))} ${text}\n`;
}

/**
 * Whether kubectl would colour its warnings on `stream` (kubectl `printers.AllowsColorOutput`): a terminal,
 * `TERM` not `dumb`, no `NO_COLOR`. (Not picocolors' own rule, which looks at stdout, not stderr.)
 */
export function allowsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env.TERM !== "dumb" && env.NO_COLOR === undefined;
}
