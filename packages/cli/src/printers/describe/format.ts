/** Go's formatting of values as kubectl's describers print them. */

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const two = (n: number): string => String(n).padStart(2, "0");

/**
 * A timestamp as Go's `time.RFC1123Z` in the local time zone (`Mon, 02 Jan 2006 15:04:05 -0700`), as
 * kubectl prints creation and start times. `undefined` (an unset time) prints Go's zero time, as kubectl
 * does (`Mon, 01 Jan 0001 00:00:00 +0000`).
 */
export function rfc1123z(timestamp: string | null | undefined): string {
  if (!timestamp) return "Mon, 01 Jan 0001 00:00:00 +0000";
  const date = new Date(timestamp);
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const zone = `${sign}${two(Math.trunc(Math.abs(offset) / 60))}${two(Math.abs(offset) % 60)}`;
  return `${DAYS[date.getDay()] ?? ""}, ${two(date.getDate())} ${MONTHS[date.getMonth()] ?? ""} ${date.getFullYear()} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())} ${zone}`;
}

/**
 * Go's `%v` of a value decoded from JSON (strings, float64 numbers, bools, nil, slices and maps), as the
 * generic describer prints fields it has no describer for.
 */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return "<nil>";
  if (typeof value === "string") return value;
  if (typeof value === "number") return goFloat(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(goValue).join(" ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `map[${entries.map(([k, v]) => `${k}:${goValue(v)}`).join(" ")}]`;
  }
  // JSON has no other values; a bigint or symbol cannot come from the server.
  return typeof value === "bigint" ? value.toString() : "";
}

/**
 * A JSON number as Go prints it: integers exactly (they decode to int64), other numbers as `%v` of a
 * float64 (`%g` with the shortest representation: exponent form from 1e21 up and below 1e-4).
 */
function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const exponent = Math.floor(Math.log10(Math.abs(n)));
  if (exponent < -4 || exponent >= 21) {
    const [mantissa = "", exp = "0"] = n.toExponential().split("e");
    const e = Number(exp);
    return `${mantissa}e${e < 0 ? "-" : "+"}${two(Math.abs(e))}`;
  }
  return String(n);
}

/** Go's `%q` of a string, for the few values kubectl quotes. */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}
