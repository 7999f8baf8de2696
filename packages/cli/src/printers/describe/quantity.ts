/**
 * Kubernetes resource quantities (apimachinery's `resource.Quantity`) as far as the describers need them:
 * parsing, adding, milli-values for percentages, and Go's canonical `String()` of a sum. Exact: amounts
 * are bigints of nano-units.
 */

const NANO = 1_000_000_000n;

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIXES = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

export interface Quantity {
  /** The amount in nano-units (rounded up to a nano-unit, as apimachinery rounds). */
  nanos: bigint;
  /** How `String()` writes it: 1024-based suffixes (`Mi`) or 1000-based ones (`k`, `m`). */
  binary: boolean;
}

export const ZERO: Quantity = { nanos: 0n, binary: false };

const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

/** Whether apimachinery's `ParseQuantity` takes `text`: a number with at least one digit, then a suffix. */
export function isQuantity(text: string): boolean {
  return QUANTITY.test(text) && /\d/.test(text);
}

/** Parses `100m`, `1.5Gi`, `2k`, `1e3`; anything else is zero (the server has validated the value). */
export function parseQuantity(text: string | undefined): Quantity {
  const match = QUANTITY.exec(text ?? "");
  if (!match) return ZERO;
  const [, sign = "", whole = "", fraction = "", exponent, suffix = ""] = match;
  const binaryIndex = BINARY_SUFFIXES.indexOf(suffix);
  const binary = suffix !== "" && binaryIndex > 0;
  const power10 = exponent ? Number(exponent.slice(1)) : binary ? 0 : (DECIMAL_SUFFIXES[suffix] ?? 0);
  // mantissa = whole.fraction; nanos = mantissa * 10^power10 * 1024^k * 10^9, rounded up.
  const numerator = BigInt(`${whole || "0"}${fraction}`) * 1024n ** BigInt(binary ? binaryIndex : 0);
  const scale = 9 + power10 - fraction.length;
  let nanos: bigint;
  if (scale >= 0) nanos = numerator * 10n ** BigInt(scale);
  else {
    const divisor = 10n ** BigInt(-scale);
    nanos = (numerator + divisor - 1n) / divisor;
  }
  return { nanos: sign === "-" ? -nanos : nanos, binary };
}

/** The sum, written the way the first one is (Go's `Add` keeps the receiver's format). */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, binary: a.binary };
}

/** Go's `MilliValue()`: rounded up to a whole milli-unit. */
export function milliValue(q: Quantity): bigint {
  return ceilDiv(q.nanos, 1_000_000n);
}

/** Go's `Value()`: rounded up to a whole unit. */
export function value(q: Quantity): bigint {
  return ceilDiv(q.nanos, NANO);
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

/** Go's canonical `String()`: `0`, `300m`, `1500m`, `2k`, `192Mi`. */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return "0";
  const negative = q.nanos < 0n;
  const nanos = negative ? -q.nanos : q.nanos;
  const sign = negative ? "-" : "";
  // Binary only for whole amounts of at least 1024; smaller or fractional ones are written in decimal.
  if (q.binary && nanos % NANO === 0n && nanos / NANO >= 1024n) {
    const units = nanos / NANO;
    let index = 0;
    let mantissa = units;
    while (index < BINARY_SUFFIXES.length - 1 && mantissa % 1024n === 0n) {
      mantissa /= 1024n;
      index++;
    }
    return `${sign}${mantissa}${BINARY_SUFFIXES[index] ?? ""}`;
  }
  let exponent = -9;
  let mantissa = nanos;
  while (exponent < 18 && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exponent += 3;
  }
  const suffix = Object.entries(DECIMAL_SUFFIXES).find(([, e]) => e === exponent)?.[0] ?? "";
  return `${sign}${mantissa}${suffix}`;
}

/** A quantity's text as Go's `Quantity.String()` prints it (`1500m`, `1Gi`); absent is `0`. */
export function quantityString(text: string | undefined): string {
  return formatQuantity(parseQuantity(text ?? "0"));
}
