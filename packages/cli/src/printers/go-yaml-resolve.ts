/**
 * Which strings go-yaml v2 (as vendored by sigs.k8s.io/yaml v1.4.0, kubectl v1.32's YAML) double-quotes
 * because, written plain, YAML 1.1 would read them back as another type. go-yaml decides by resolving the
 * plain text (`resolve.go`), whose number and timestamp rules are Go's `strconv.ParseInt`/`ParseUint`/
 * `ParseFloat` and `time.Parse`, and quotes base-60 look-alikes on top (`encode.go`). The rules below are
 * written from those behaviours; `testdata/go-yaml-reference.json` holds what Go itself printed.
 */

/** Words go-yaml's resolver maps to null, booleans, NaN and infinities (YAML 1.1). */
const YAML11_WORDS = new Set([
  "",
  "~",
  "null",
  "Null",
  "NULL",
  "y",
  "Y",
  "yes",
  "Yes",
  "YES",
  "n",
  "N",
  "no",
  "No",
  "NO",
  "true",
  "True",
  "TRUE",
  "false",
  "False",
  "FALSE",
  "on",
  "On",
  "ON",
  "off",
  "Off",
  "OFF",
  ".nan",
  ".NaN",
  ".NAN",
  ".inf",
  ".Inf",
  ".INF",
  "+.inf",
  "+.Inf",
  "+.INF",
  "-.inf",
  "-.Inf",
  "-.INF",
]);

/**
 * Whether go-yaml would read `value`, written as a plain scalar, as anything but a string: then kubectl
 * (and we) double-quote it.
 */
export function plainReadsAsNonString(value: string): boolean {
  if (YAML11_WORDS.has(value)) return true;
  const first = value[0] ?? "";
  // go-yaml only tries numbers and timestamps after a first character that can start one.
  if (first === ".") return isDotFloat(value);
  if (/^[-+0-9]$/.test(first)) {
    if (isTimestamp(value)) return true;
    // go-yaml drops every underscore before asking strconv.
    const plain = value.replaceAll("_", "");
    if (parsesAsGoInteger(plain) || isYamlStyleFloat(plain) || isSignedBinary(plain)) return true;
  }
  return looksBase60(value);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * Go's `strconv.ParseInt(s, 0, 64)` or `ParseUint(s, 0, 64)` succeeds: an optional sign (ParseInt only),
 * a `0x`/`0o`/`0b` prefix in either case or a leading `0` for octal, and a value that fits 64 bits.
 */
function parsesAsGoInteger(text: string): boolean {
  const match = /^([-+]?)(?:0([xXoObB])([0-9a-fA-F]+)|0([0-7]*)|([1-9][0-9]*))$/.exec(text);
  if (!match) return false;
  const [, sign, prefix, prefixedDigits, octalDigits, decimalDigits] = match;
  let magnitude: bigint;
  if (prefix !== undefined && prefixedDigits !== undefined) {
    const digits = { x: /^[0-9a-f]+$/i, o: /^[0-7]+$/, b: /^[01]+$/ }[
      prefix.toLowerCase() as "x" | "o" | "b"
    ];
    if (!digits.test(prefixedDigits)) return false;
    magnitude = BigInt(`0${prefix.toLowerCase()}${prefixedDigits}`);
  } else if (octalDigits !== undefined) {
    magnitude = octalDigits === "" ? 0n : BigInt(`0o${octalDigits}`);
  } else {
    magnitude = BigInt(decimalDigits ?? "0");
  }
  const signed = sign === "-" ? -magnitude : magnitude;
  return (signed >= INT64_MIN && signed <= INT64_MAX) || (sign === "" && magnitude <= UINT64_MAX);
}

/** go-yaml's own float pattern, then Go's `ParseFloat`, which fails on values beyond float64's range. */
function isYamlStyleFloat(text: string): boolean {
  return /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(text) && isFiniteFloat(text);
}

/**
 * go-yaml's binary fallback: after a lower-case `0b` it parses the rest in base 2, a sign included, so
 * `0b-101` is an integer too.
 */
function isSignedBinary(text: string): boolean {
  const match = /^0b([-+])([01]+)$/.exec(text);
  if (!match) return false;
  const magnitude = BigInt(`0b${match[2] ?? "0"}`);
  return match[1] === "-" ? -magnitude >= INT64_MIN : magnitude <= INT64_MAX;
}

/**
 * A string starting with `.` that Go's `ParseFloat` takes as it is (underscores kept): digits may be
 * separated by single underscores, in the fraction and in the exponent.
 */
function isDotFloat(text: string): boolean {
  return (
    /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/.test(text) &&
    isFiniteFloat(text.replaceAll("_", ""))
  );
}

/** Both round to the nearest float64, so JavaScript overflows to Infinity exactly where Go reports a range error. */
function isFiniteFloat(text: string): boolean {
  return Number.isFinite(Number(text));
}

/** go-yaml quotes YAML 1.1 base-60 numbers (`12:30`, `1:20:30.5`) although it no longer reads them. */
function looksBase60(text: string): boolean {
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(text);
}

/**
 * One of go-yaml's timestamp layouts as Go's `time.Parse` reads them: `2006-1-2`, `2006-1-2 15:4:5.999999999`
 * (one or more spaces) and `2006-1-2T15:4:5.999999999Z07:00` (`T` or `t`, the zone required). Month, day,
 * hour, minute and second must be in range; a zone offset may go up to 24 hours and 60 minutes.
 */
function isTimestamp(text: string): boolean {
  const match =
    /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:([Tt])| +)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})?)?$/.exec(
      text,
    );
  if (!match) return false;
  const [, year, month, day, t, hour, minute, second, zone] = match;
  const [y, mo, d] = [Number(year), Number(month), Number(day)];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return false;
  if (hour === undefined) return true;
  // The `T` layout ends with a zone; the space-separated one has none.
  if ((t !== undefined) !== (zone !== undefined)) return false;
  if (Number(hour) >= 24 || Number(minute) >= 60 || Number(second) >= 60) return false;
  if (zone === undefined || zone === "Z") return true;
  return Number(zone.slice(1, 3)) <= 24 && Number(zone.slice(4, 6)) <= 60;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
