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
  return `${DAYS[date.getDay()] ?? ""}, ${two(date.getDate())} ${MONTHS[date.getMonth()] ?? ""} ${date.getFullYear()} ${clock(date)} ${zoneOffset(date)}`;
}

/** `15:04:05` in the local time zone. */
function clock(date: Date): string {
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** The local time zone's offset at `date`, as Go's `-0700`. */
function zoneOffset(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  return `${sign}${two(Math.trunc(Math.abs(offset) / 60))}${two(Math.abs(offset) % 60)}`;
}

/**
 * A timestamp as Go's `time.Time.String()` in the local time zone (`2006-01-02 15:04:05 -0700 MST`), as
 * kubectl prints a `metav1.Time` with `%s`. The zone's abbreviation is Intl's (`UTC`, `PST`; Go's tzdata
 * may name some zones differently, `CET` where Intl says `GMT+1`).
 */
export function goTimeString(timestamp: string | undefined): string {
  if (!timestamp) return "0001-01-01 00:00:00 +0000 UTC";
  const date = new Date(timestamp);
  const name =
    new Intl.DateTimeFormat("en-US", { timeZoneName: "short" })
      .formatToParts(date)
      .find((part) => part.type === "timeZoneName")?.value ?? "";
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${clock(date)} ${zoneOffset(date)} ${name}`;
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
