/**
 * The API server's warnings: `Warning: 299 - "text"` response headers (RFC 7234 §5.5 syntax; a deprecated
 * API version, a field the server dropped…), read as client-go's `rest/warnings.go` reads them.
 */
import { debuglog } from "node:util";

/** One warning the API server sent with a response. */
export interface ServerWarning {
  /** The warn-code; the API server sends 299 ("miscellaneous persistent warning"). */
  code: number;
  /** The warn-agent: the server's name, or `-`. */
  agent: string;
  /** The text, unquoted. */
  text: string;
}

/**
 * Called once per warning of each response (so the same text may come again on a later request: a CLI
 * deduplicates, as kubectl does). Only warnings with code 299 and a non-empty text are passed on, as
 * client-go's warning handlers do.
 */
export type WarningHandler = (warning: ServerWarning) => void;

const log = debuglog("kr8s");

/** The default {@link WarningHandler}: a library prints nothing unasked, so warnings go to `NODE_DEBUG=kr8s`. */
export const debugWarningHandler: WarningHandler = (warning) => log("server warning: %s", warning.text);

/**
 * The warnings of the `Warning` header values (undici gives one string, or an array when the header is
 * repeated), each value a comma-separated list of `code agent "text" ["date"]`. A malformed value ends the
 * parsing of that value only: its well-formed warnings before the fault are kept.
 */
export function parseWarnings(header: string | string[] | undefined): ServerWarning[] {
  if (header === undefined) return [];
  return (Array.isArray(header) ? header : [header]).flatMap(parseWarningValue);
}

// warning-value = warn-code SP warn-agent SP warn-text [ SP warn-date ]; warn-text/date are quoted-strings.
const WARNING = /^\s*(\d{3}) +([^\s",]+) +"((?:[^"\\]|\\.)*)"(?: +"(?:[^"\\]|\\.)*")?\s*(,|$)/s;

function parseWarningValue(value: string): ServerWarning[] {
  const warnings: ServerWarning[] = [];
  let rest = value;
  while (rest.trim() !== "") {
    const match = WARNING.exec(rest);
    if (!match) break;
    const [all, code = "", agent = "", quoted = ""] = match;
    warnings.push({ code: Number(code), agent, text: quoted.replace(/\\(.)/gs, "$1") });
    rest = rest.slice(all.length);
  }
  return warnings;
}

/** Passes each 299 warning of `headers` with a text to `handler`. */
export function handleWarnings(
  headers: Record<string, string | string[] | undefined>,
  handler: WarningHandler,
): void {
  for (const warning of parseWarnings(headers.warning)) {
    if (warning.code === 299 && warning.text !== "") handler(warning);
  }
}
