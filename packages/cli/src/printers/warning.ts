const YELLOW = "\u001b[33;1m";
const RESET = "\u001b[0m";

/**
 * kubectl's line for a server warning (client-go `rest.WarningWriter`): `Warning: <text>`, with `Warning:`
 * in bold yellow when `color`.
 */
export function warningLine(text: string, color: boolean): string {
  return color ? `${YELLOW}Warning:${RESET} ${text}\n` : `Warning: ${text}\n`;
}

/**
 * Whether kubectl would colour its warnings on `stream` (kubectl `printers.AllowsColorOutput`): a terminal,
 * `TERM` not `dumb`, no `NO_COLOR`.
 */
export function allowsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env.TERM !== "dumb" && env.NO_COLOR === undefined;
}
