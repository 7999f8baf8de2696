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
