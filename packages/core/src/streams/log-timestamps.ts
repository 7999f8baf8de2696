/** Log line timestamps, apart from the log streaming code (logs.ts) that the package's index loads on first use. */

/** Timestamps compare as strings once the fraction has 9 digits: `…:05Z` → `…:05.000000000Z`. */
export function normalizeTimestamp(timestamp: string): string {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(timestamp);
  if (!match) return timestamp;
  const [, seconds = "", fraction = "", zone = ""] = match;
  const utc = zone === "Z" ? `${seconds}` : new Date(`${seconds}${zone}`).toISOString().slice(0, 19);
  return `${utc}.${fraction.padEnd(9, "0").slice(0, 9)}Z`;
}
