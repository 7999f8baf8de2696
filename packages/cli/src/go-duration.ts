/**
 * Go's `time.ParseDuration`, which kubectl's duration flags (`--timeout=30s`) use: a sign, then one or
 * more decimal numbers each with a unit (`ns`, `us`, `µs`, `ms`, `s`, `m`, `h`), like `1h30m` or `1.5s`;
 * `0` needs no unit. Returns milliseconds, or undefined for anything else.
 */
export function parseGoDuration(text: string): number | undefined {
  if (text === "0" || text === "+0" || text === "-0") return 0;
  // µs is either U+00B5 (micro sign) or U+03BC (Greek mu), written as escapes: the CLI's bundle stays ASCII,
  // which Node reads and V8 compiles faster (scripts/bundle.ts).
  const match = /^([+-]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/.exec(text);
  if (!match) return undefined;
  let ms = 0;
  for (const [, number = "", unit = ""] of (match[2] ?? "").matchAll(
    /(\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/g,
  ))
    ms += Number(number) * UNIT_MS[unit]!;
  return match[1] === "-" ? -ms : ms;
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  "\u00b5s": 1e-3,
  "\u03bcs": 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Why Go's `time.ParseDuration` refuses `text`, in its words: `time: missing unit in duration "1"` (a number
 * without a unit), `time: unknown unit "d" in duration "1d"`, else `time: invalid duration "…"`. Walks the
 * text as Go does, number then unit, and reports the first problem.
 */
export function goDurationError(text: string): string {
  const quoted = JSON.stringify(text);
  const invalid = `time: invalid duration ${quoted}`;
  let rest = text.replace(/^[+-]/, "");
  if (rest === "") return invalid;
  while (rest !== "") {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest);
    const [whole = "", integer = "", fraction] = number ?? [];
    if (integer === "" && (fraction ?? "") === "") return invalid;
    rest = rest.slice(whole.length);
    const unit = /^[^\d.]*/.exec(rest)?.[0] ?? "";
    if (unit === "") return `time: missing unit in duration ${quoted}`;
    if (!(unit in UNIT_MS)) return `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`;
    rest = rest.slice(unit.length);
  }
  return invalid;
}
