import { carriesGoBytes, goBytesOf } from "../../go-bytes.ts";
import { GoFunctionValue, GoInt, goTypeName, intValue, isMap, sortedKeys, type GoValue } from "./values.ts";

/** One `%` directive's flags, width and precision (Go's `fmt.fmtFlags`). */
export interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number | undefined;
  precision: number | undefined;
}

/** No flags, width or precision: plain `%v`. */
export const PLAIN: Spec = {
  minus: false,
  plus: false,
  sharp: false,
  space: false,
  zero: false,
  width: undefined,
  precision: undefined,
};

/** Go's `fmt.Sprint`: operands printed with `%v`, a space between two operands when neither is a string. */
export function sprint(args: readonly GoValue[]): string {
  let out = "";
  args.forEach((arg, i) => {
    const isString = typeof arg === "string";
    if (i > 0 && !isString && typeof args[i - 1] !== "string") out += " ";
    out += formatValue(arg, "v", PLAIN);
  });
  return out;
}

/** Go's `fmt.Sprintln`: operands printed with `%v`, always separated by a space, then a newline. */
export function sprintln(args: readonly GoValue[]): string {
  return `${args.map((arg) => formatValue(arg, "v", PLAIN)).join(" ")}\n`;
}

/**
 * Go's `fmt.Sprintf` for the values a template holds: verbs `v s d q x X o b c U e E f F g G t T %`,
 * flags `+ - # 0 space`, width and precision; wrong verbs, missing and extra operands are reported
 * inline as Go does (`%!d(string=a)`, `%!s(MISSING)`, `%!(EXTRA int=2)`).
 */
export function sprintf(format: string, args: readonly GoValue[]): string {
  let out = "";
  let argIndex = 0;
  let reordered = false;
  let i = 0;
  while (i < format.length) {
    const percent = format.indexOf("%", i);
    if (percent < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, percent);
    i = percent + 1;
    const spec: Spec = { ...PLAIN };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === "+") spec.plus = true;
      else if (c === "-") spec.minus = true;
      else if (c === "#") spec.sharp = true;
      else if (c === " ") spec.space = true;
      else if (c === "0") spec.zero = true;
      else break;
    }
    // `[n]` picks operand n (1-based) for what follows; Go then reports no extra operands.
    let badIndex = false;
    const argNumber = (): void => {
      const index = /^\[(\d+)\]/.exec(format.slice(i));
      if (!index) return;
      const n = Number(index[1]);
      i += index[0].length;
      reordered = true;
      if (n < 1 || n > args.length) badIndex = true;
      else argIndex = n - 1;
    };
    /** A `*` width or precision: the next operand, an int. */
    const starArg = (): number | undefined => {
      const value = argIndex < args.length ? intValue(args[argIndex]) : undefined;
      argIndex++;
      return value === undefined ? undefined : Number(value);
    };
    argNumber();
    if (format[i] === "*") {
      i++;
      const star = starArg();
      if (star === undefined) out += "%!(BADWIDTH)";
      else if (star < 0) {
        spec.minus = true;
        spec.width = -star;
      } else spec.width = star;
    } else {
      const width = /^\d+/.exec(format.slice(i));
      if (width) {
        spec.width = Number(width[0]);
        i += width[0].length;
      }
    }
    if (format[i] === ".") {
      i++;
      argNumber();
      if (format[i] === "*") {
        i++;
        const star = starArg();
        if (star === undefined || star < 0) out += "%!(BADPREC)";
        else spec.precision = star;
      } else {
        const precision = /^\d+/.exec(format.slice(i));
        spec.precision = precision ? Number(precision[0]) : 0;
        if (precision) i += precision[0].length;
      }
    }
    argNumber();
    if (i >= format.length) {
      out += "%!(NOVERB)";
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) ?? 0);
    i += verb.length;
    if (verb === "%") {
      out += "%";
      continue;
    }
    if (badIndex) {
      out += `%!${verb}(BADINDEX)`;
      continue;
    }
    if (argIndex >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatValue(args[argIndex++], verb, spec);
  }
  if (!reordered && argIndex < args.length) {
    const extra = args
      .slice(argIndex)
      .map((arg) => (arg === null ? "<nil>" : `${goTypeName(arg)}=${formatValue(arg, "v", PLAIN)}`));
    out += `%!(EXTRA ${extra.join(", ")})`;
  }
  return out;
}

/** One operand printed with one verb, as Go's `printArg`/`printValue` do for our value kinds. */
export function formatValue(value: GoValue, verb: string, spec: Spec): string {
  if (verb === "T") return pad(goTypeName(value), spec);
  if (verb === "v" && spec.sharp) return goSyntax(value, { ...spec, sharp: false }, false);
  if (value === null || value === undefined) return verb === "v" ? pad("<nil>", spec) : `%!${verb}(<nil>)`;
  switch (typeof value) {
    case "boolean":
      return verb === "v" || verb === "t" ? pad(String(value), spec) : badVerb(value, verb);
    case "bigint":
      return formatInt(value, verb, spec);
    case "number":
      return formatFloat(value, verb, spec);
    case "string":
      return formatString(value, verb, spec);
    case "function":
    case "object":
    case "symbol":
    case "undefined":
    default:
      break;
  }
  if (value instanceof GoInt) return formatInt(value.value, verb, spec, value);
  if (Array.isArray(value)) return `[${value.map((v) => formatElement(v, verb, spec)).join(" ")}]`;
  if (value instanceof GoFunctionValue) return pad("0x1", spec);
  if (isMap(value)) {
    const entries = sortedKeys(value).map(
      (k) => `${formatElement(k, verb, spec)}:${formatElement(value[k], verb, spec)}`,
    );
    return `map[${entries.join(" ")}]`;
  }
  return badVerb(value, verb);
}

/**
 * Go's `%#v` (its `sharpV` printing): values in Go syntax, `"quoted"` strings, `[]interface {}{…}` and
 * `map[string]interface {}{"k":v, …}` (keys sorted) with their elements padded one by one; a nil element
 * is `interface {}(nil)`, a nil operand `<nil>`.
 */
function goSyntax(value: GoValue, spec: Spec, nested: boolean): string {
  if (value === null || value === undefined)
    return nested ? `${pad("interface {}", spec)}(nil)` : pad("<nil>", spec);
  if (typeof value === "string") return pad(quote(value), spec);
  if (typeof value === "boolean") return pad(String(value), spec);
  if (typeof value === "number") return formatFloat(value, "v", spec);
  const integer = intValue(value);
  if (integer !== undefined) return formatInt(integer, "d", spec);
  if (Array.isArray(value))
    return `[]interface {}{${value.map((element) => goSyntax(element, spec, true)).join(", ")}}`;
  if (isMap(value)) {
    const entries = sortedKeys(value).map(
      (key) => `${pad(quote(key), spec)}:${goSyntax(value[key], spec, true)}`,
    );
    return `map[string]interface {}{${entries.join(", ")}}`;
  }
  return `(${goTypeName(value)})(0x1)`;
}

/** An element of a slice or map: a nil element prints `<nil>` whatever the verb. */
function formatElement(value: GoValue, verb: string, spec: Spec): string {
  return value === null || value === undefined ? pad("<nil>", spec) : formatValue(value, verb, spec);
}

function badVerb(value: GoValue, verb: string): string {
  return `%!${verb}(${goTypeName(value)}=${formatValue(value, "v", PLAIN)})`;
}

/** Pads to the width with spaces (left or right), or zeros after the sign when `0` is set. */
/**
 * Pads to the width: spaces on the right with `-`; with `0`, zeros on the left (after the sign for
 * numbers, as Go's `fmtInteger`/`fmtFloat`; before anything for text, as Go's `padString`); else spaces.
 */
function pad(text: string, spec: Spec, zeros: "text" | "number" | "never" = "text"): string {
  const width = spec.width ?? 0;
  const length = [...text].length;
  if (length >= width) return text;
  const fill = width - length;
  if (spec.minus) return text + " ".repeat(fill);
  if (spec.zero && zeros !== "never") {
    const sign = zeros === "number" && /^[+\- ]/.test(text) ? text.slice(0, 1) : "";
    return sign + "0".repeat(fill) + text.slice(sign.length);
  }
  return " ".repeat(fill) + text;
}

function signed(negative: boolean, digits: string, spec: Spec): string {
  if (negative) return `-${digits}`;
  if (spec.plus) return `+${digits}`;
  if (spec.space) return ` ${digits}`;
  return digits;
}

/** An integer; `original` is the operand as given (a template's `int` or data's `int64`), for `%!z(int=1)`. */
function formatInt(value: bigint, verb: string, spec: Spec, original: GoValue = value): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  let digits: string;
  switch (verb) {
    case "v":
    case "d":
      digits = abs.toString(10);
      break;
    case "x":
      digits = (spec.sharp ? "0x" : "") + abs.toString(16);
      break;
    case "X":
      digits = (spec.sharp ? "0X" : "") + abs.toString(16).toUpperCase();
      break;
    case "o":
      digits = (spec.sharp ? "0" : "") + abs.toString(8);
      break;
    case "b":
      digits = abs.toString(2);
      break;
    case "c":
      return pad(String.fromCodePoint(Number(value)), spec);
    case "q":
      return pad(quoteRune(Number(value)), spec);
    case "U":
      return pad(`U+${abs.toString(16).toUpperCase().padStart(4, "0")}`, spec);
    case "e":
    case "E":
    case "f":
    case "F":
    case "g":
    case "G":
      return badVerb(original, verb);
    default:
      return badVerb(original, verb);
  }
  if (spec.precision !== undefined) digits = digits.padStart(spec.precision, "0");
  return pad(signed(negative, digits, spec), spec, spec.precision === undefined ? "number" : "never");
}

/** Decimal digits and exponent of a float64 (shortest, or rounded to `precision` significant digits). */
function decimal(value: number, precision?: number): { digits: string; exp: number } {
  if (precision === undefined) {
    // JavaScript's shortest round-trip digits are Go's shortest digits.
    const [mantissa = "0", exponent = "0"] = Math.abs(value).toExponential().split("e");
    return { digits: mantissa.replace(".", ""), exp: Number(exponent) };
  }
  const exact = exactDecimal(Math.abs(value));
  const rounded = roundDigits(exact.digits, exact.point, precision);
  return { digits: rounded.digits.padEnd(precision, "0"), exp: rounded.point - 1 };
}

/**
 * The exact decimal value of a float64 (every binary fraction has a finite decimal expansion): digits
 * `d1d2…` and the position of the point (value = 0.d1d2… × 10^point). Go rounds from these digits, so
 * ties such as 0.25 → `%.1f` → `0.2` go to even, where JavaScript's toFixed rounds up.
 */
function exactDecimal(value: number): { digits: string; point: number } {
  if (value === 0) return { digits: "0", point: 1 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  if (exponent >= 0) {
    const digits = (mantissa << BigInt(exponent)).toString();
    return { digits, point: digits.length };
  }
  // mantissa × 2^-k = mantissa × 5^k / 10^k
  const digits = (mantissa * 5n ** BigInt(-exponent)).toString();
  return { digits, point: digits.length + exponent };
}

/** Keeps `count` leading digits, rounding half to even as Go's `strconv` does (decimal.go `shouldRoundUp`). */
function roundDigits(digits: string, point: number, count: number): { digits: string; point: number } {
  if (count < 0) return { digits: "", point };
  if (digits.length <= count) return { digits, point };
  const head = digits.slice(0, count);
  const rest = digits.slice(count);
  const first = rest[0] ?? "0";
  const up =
    first > "5" ||
    (first === "5" && (/[1-9]/.test(rest.slice(1)) || (count > 0 && Number(head[count - 1]) % 2 === 1)));
  if (!up) return { digits: head, point };
  const bumped = (BigInt(head === "" ? "0" : head) + 1n).toString();
  return head === "" || bumped.length > head.length
    ? { digits: bumped.slice(0, Math.max(count, 1)), point: point + 1 }
    : { digits: bumped, point };
}

/** Go's `%.Nf`: exactly rounded, N digits after the point. */
function fixedPrecision(value: number, precision: number): string {
  const exact = exactDecimal(value);
  const rounded = roundDigits(exact.digits, exact.point, exact.point + precision);
  const { point } = rounded;
  const digits = rounded.digits;
  const integer = point > 0 ? digits.slice(0, point).padEnd(point, "0") : "0";
  const fraction = (point < 0 ? "0".repeat(-point) + digits : digits.slice(Math.max(point, 0)))
    .padEnd(precision, "0")
    .slice(0, precision);
  return precision > 0 ? `${integer}.${fraction}` : integer;
}

/** `%e`'s form of digits `d.ddd` and exponent: at least two exponent digits, as Go prints. */
function exponential(digits: string, exp: number, upper: boolean, keepPoint: boolean): string {
  const mantissa =
    digits.length > 1 || keepPoint ? `${digits[0] ?? "0"}.${digits.slice(1)}` : (digits[0] ?? "0");
  const e = `${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return `${mantissa}${upper ? "E" : "e"}${e}`;
}

/** `%f`'s form of digits whose first digit is at 10^exp, with no exponent. */
function fixed(digits: string, exp: number): string {
  if (exp < 0) return `0.${"0".repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return digits + "0".repeat(exp + 1 - digits.length);
  return `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** Go's `%g`: shortest digits (or `precision` significant ones), `%e` form for exponents < -4 or ≥ the precision. */
function general(value: number, precision: number | undefined, upper: boolean): string {
  if (value === 0) return "0";
  const shortest = precision === undefined;
  const rounded = decimal(value, shortest ? undefined : Math.max(precision, 1));
  const digits = rounded.digits.replace(/0+$/, "") || "0";
  let eprec = shortest ? 6 : Math.max(precision, 1);
  if (!shortest && eprec > digits.length && digits.length >= rounded.exp + 1) eprec = digits.length;
  if (rounded.exp < -4 || rounded.exp >= eprec) return exponential(digits, rounded.exp, upper, false);
  return fixed(digits, rounded.exp);
}

function formatFloat(value: number, verb: string, spec: Spec): string {
  const negative = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  let text: string;
  switch (verb) {
    case "v":
    case "g":
    case "G":
      text = general(abs, spec.precision, verb === "G");
      break;
    case "e":
    case "E": {
      const { digits, exp } = decimal(abs, (spec.precision ?? 6) + 1);
      text = exponential(
        abs === 0 ? "0".repeat((spec.precision ?? 6) + 1) : digits,
        abs === 0 ? 0 : exp,
        verb === "E",
        spec.precision !== 0,
      );
      if (spec.precision === 0) text = text.replace(".", "");
      break;
    }
    case "f":
    case "F":
      text = fixedPrecision(abs, spec.precision ?? 6);
      break;
    default:
      return badVerb(value, verb);
  }
  if (!Number.isFinite(value)) text = value > 0 ? "+Inf" : value < 0 ? "-Inf" : "NaN";
  return pad(signed(negative, text, spec), spec, "number");
}

function formatString(value: string, verb: string, spec: Spec): string {
  const text = spec.precision === undefined ? value : [...value].slice(0, spec.precision).join("");
  switch (verb) {
    case "v":
    case "s":
      return pad(text, spec);
    case "q":
      return pad(spec.sharp && !text.includes("`") ? `\`${text}\`` : quote(text), spec);
    case "x":
    case "X": {
      const hex = [...goBytesOf(text)].map((b) => b.toString(16).padStart(2, "0"));
      const joined = spec.space ? hex.join(" ") : hex.join("");
      return pad(verb === "X" ? joined.toUpperCase() : joined, spec);
    }
    default:
      return badVerb(value, verb);
  }
}

const NAMED_ESCAPES: Record<string, string> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
  "\\": "\\\\",
};

/** Go's `strconv.Quote`: double quotes, Go escapes for control characters, printable text kept. */
export function quote(text: string): string {
  let out = '"';
  for (const ch of text) {
    if (ch === '"') out += '\\"';
    else out += escapeRune(ch);
  }
  return `${out}"`;
}

function quoteRune(code: number): string {
  const ch = String.fromCodePoint(code);
  return `'${ch === "'" ? "\\'" : escapeRune(ch)}'`;
}

function escapeRune(ch: string): string {
  const named = NAMED_ESCAPES[ch];
  if (named) return named;
  const code = ch.codePointAt(0) ?? 0;
  // A byte that is not UTF-8 (carried as U+DC80–U+DCFF, see go-bytes.ts): Go's `\xff`.
  if (carriesGoBytes(ch)) return `\\x${(code - 0xdc00).toString(16).padStart(2, "0")}`;
  if (isPrint(ch)) return ch;
  if (code < 0x80) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, "0")}`;
  return `\\U${code.toString(16).padStart(8, "0")}`;
}

/** Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(ch: string): boolean {
  return ch === " " || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}
