import { FunctionError, type TemplateFunction } from "./exec.ts";
import { isPrint, sprint, sprintf, sprintln } from "./fmt.ts";
import { GoFunctionValue, GoInt, goTypeName, intValue, isMap, isTrue, type GoValue } from "./values.ts";
import { goBytesOf, stringFromGoBytes } from "../../go-bytes.ts";

/** Go's `basicKind` classes, for the comparison functions. */
function kindOf(value: GoValue): "bool" | "int" | "float" | "string" | "other" {
  if (value instanceof GoInt) return "int";
  switch (typeof value) {
    case "boolean":
      return "bool";
    case "bigint":
      return "int";
    case "number":
      return "float";
    case "string":
      return "string";
    case "function":
    case "object":
    case "symbol":
    case "undefined":
    default:
      return "other";
  }
}

const isNil = (value: GoValue): boolean => value === null || value === undefined;

/**
 * `eq` as kubectl v1.33.1 (Go 1.24.2) runs it: values of different kinds are an error unless one is nil; maps and
 * slices cannot be compared. (A later Go added the two types to "incompatible types for comparison".)
 */
function eq(arg1: GoValue, ...rest: GoValue[]): boolean {
  if (rest.length === 0) throw new FunctionError("missing argument for comparison");
  const k1 = kindOf(arg1);
  for (const arg of rest) {
    const k2 = kindOf(arg);
    if (k1 !== k2) {
      if (!isNil(arg1) && !isNil(arg)) throw new FunctionError("incompatible types for comparison");
      continue;
    }
    if (k1 === "other") {
      if (isNil(arg1) || isNil(arg)) {
        if (isNil(arg1) && isNil(arg)) return true;
        continue;
      }
      throw new FunctionError(`non-comparable type ${sprint([arg])}: ${goTypeName(arg)}`);
    }
    if (k1 === "int" ? intValue(arg1) === intValue(arg) : arg1 === arg) return true;
  }
  return false;
}

function lt(a: GoValue, b: GoValue): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === "other" || kb === "other") throw new FunctionError("invalid type for comparison");
  if (ka !== kb) throw new FunctionError("incompatible types for comparison");
  if (ka === "bool") throw new FunctionError("invalid type for comparison");
  if (ka === "string") return Buffer.compare(goBytesOf(a as string), goBytesOf(b as string)) < 0;
  if (ka === "int") return (intValue(a) ?? 0n) < (intValue(b) ?? 0n);
  return (a as number) < (b as number);
}

function toIndex(value: GoValue, what: string): number {
  const int = intValue(value);
  if (int !== undefined) return Number(int);
  if (value === null || value === undefined) throw new FunctionError(`cannot index ${what} with nil`);
  throw new FunctionError(`cannot index ${what} with type ${goTypeName(value)}`);
}

function index(item: GoValue, ...keys: GoValue[]): GoValue {
  let value = item;
  for (const key of keys) {
    // The first item is nil before anything is indexed; a nil reached by indexing is a nil interface.
    if (value === undefined || value === null)
      throw new FunctionError(value === item ? "index of untyped nil" : "index of nil pointer");
    if (Array.isArray(value) || typeof value === "string") {
      const i = toIndex(key, "slice/array");
      const length = typeof value === "string" ? goBytesOf(value).length : value.length;
      if (i < 0 || i >= length) throw new FunctionError(`index out of range: ${i}`);
      value = typeof value === "string" ? BigInt(goBytesOf(value)[i] ?? 0) : value[i];
    } else if (isMap(value)) {
      if (key === null || key === undefined)
        throw new FunctionError("value is nil; should be of type string");
      if (typeof key !== "string")
        throw new FunctionError(`value has type ${goTypeName(key)}; should be string`);
      value = Object.hasOwn(value, key) ? value[key] : null;
    } else {
      throw new FunctionError(`can't index item of type ${goTypeName(value)}`);
    }
  }
  return value;
}

function slice(item: GoValue, ...indexes: GoValue[]): GoValue {
  if (item === undefined) throw new FunctionError("slice of untyped nil");
  if (item === null) throw new FunctionError("slice of nil pointer");
  if (indexes.length > 3) throw new FunctionError(`too many slice indexes: ${indexes.length}`);
  if (!Array.isArray(item) && typeof item !== "string")
    throw new FunctionError(`can't slice item of type ${goTypeName(item)}`);
  if (typeof item === "string" && indexes.length === 3)
    throw new FunctionError("cannot 3-index slice a string");
  const bytes = typeof item === "string" ? goBytesOf(item) : undefined;
  const length = bytes ? bytes.length : (item as GoValue[]).length;
  const bounds = [0, length];
  indexes.forEach((i, n) => {
    const x = toIndex(i, "slice/array");
    if (x < 0 || x > length) throw new FunctionError(`index out of range: ${x}`);
    bounds[n] = x;
  });
  const [from = 0, to = length] = bounds;
  if (from > to) throw new FunctionError(`invalid slice index: ${from} > ${to}`);
  // A slice may cut a rune: its bytes stay as they are, as in Go.
  return bytes ? stringFromGoBytes(bytes.subarray(from, to)) : (item as GoValue[]).slice(from, to);
}

function length(item: GoValue): GoInt {
  // No value at all makes Go's reflection panic, which text/template reports as the call's error.
  if (item === undefined) throw new FunctionError("reflect: call of reflect.Value.Type on zero Value");
  if (item === null) throw new FunctionError("len of nil pointer");
  if (typeof item === "string") return new GoInt(goBytesOf(item).length);
  if (Array.isArray(item)) return new GoInt(item.length);
  if (isMap(item)) return new GoInt(Object.keys(item).length);
  throw new FunctionError(`len of type ${goTypeName(item)}`);
}

/** Go's `template.HTMLEscapeString`. */
function html(text: string): string {
  return text.replace(
    /[&'<>"\0]/g,
    (c) => ({ "&": "&amp;", "'": "&#39;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "\0": "\uFFFD" })[c] ?? c,
  );
}

/** Go's `template.JSEscapeString`. */
function js(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\\" || ch === "'" || ch === '"') out += `\\${ch}`;
    else if ("<>&=`".includes(ch) || !isPrint(ch))
      out += `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
    else out += ch;
  }
  return out;
}

/** Go's `url.QueryEscape`. */
function urlquery(text: string): string {
  return [...goBytesOf(text)]
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9\-_.~]/.test(c)) return c;
      if (c === " ") return "+";
      return `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
    })
    .join("");
}

/** The text of html/js/urlquery's arguments: one string as is, else `fmt.Sprint` of them all. */
function argText(args: GoValue[]): string {
  return args.length === 1 && typeof args[0] === "string" ? args[0] : sprint(args);
}

/** kubectl's `exists`: true when `index item indices…` would find every index (a key present, an index in range). */
function exists(item: GoValue, ...indices: GoValue[]): boolean {
  let value = item;
  for (const key of indices) {
    if (Array.isArray(value) || typeof value === "string") {
      const i = intValue(key);
      if (i === undefined) return false;
      const length = typeof value === "string" ? goBytesOf(value).length : value.length;
      if (i < 0n || i >= BigInt(length)) return false;
      value = typeof value === "string" ? BigInt(goBytesOf(value)[Number(i)] ?? 0) : value[Number(i)];
    } else if (isMap(value)) {
      if (typeof key !== "string" || !Object.hasOwn(value, key)) return false;
      value = value[key];
    } else {
      return false;
    }
  }
  return true;
}

/**
 * kubectl's `base64decode`: standard base64 with padding (line breaks ignored, as Go's decoder does).
 * @throws {FunctionError} Go's `base64 decode failed: illegal base64 data at input byte N`.
 */
export function base64decode(text: string): string {
  const clean = text.replace(/[\r\n]/g, "");
  const bad = clean.search(/[^A-Za-z0-9+/=]|=[^=]|^(?:[^=]{4})*[^=]?=|^(?:.{4})*.{1,3}$/);
  if (bad >= 0 || clean.length % 4 !== 0) {
    const at = bad < 0 ? clean.length - (clean.length % 4) : badByte(clean);
    throw new FunctionError(`base64 decode failed: illegal base64 data at input byte ${at}`);
  }
  // Go's string of the bytes: what is not UTF-8 is written out as it is (see go-bytes.ts).
  return stringFromGoBytes(Buffer.from(clean, "base64"));
}

/** Where Go's decoder stops: the first byte outside the alphabet or a misplaced `=`, else the short end. */
function badByte(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? "";
    if (c === "=") return i % 4 < 2 ? i : text.length - (text.length % 4 === 0 ? 0 : text.length % 4);
    if (!/[A-Za-z0-9+/]/.test(c)) return i;
  }
  return text.length - (text.length % 4);
}

/** text/template's built-in functions and kubectl's two (`exists`, `base64decode`), by name. */
export const FUNCTIONS: ReadonlyMap<string, TemplateFunction> = new Map<string, TemplateFunction>([
  [
    "and",
    {
      params: ["any", "...any"],
      call: (_args, { lazy, count }) => {
        let value = lazy(0);
        for (let i = 1; i < count && isTrue(value); i++) value = lazy(i);
        return value;
      },
    },
  ],
  [
    "or",
    {
      params: ["any", "...any"],
      call: (_args, { lazy, count }) => {
        let value = lazy(0);
        for (let i = 1; i < count && !isTrue(value); i++) value = lazy(i);
        return value;
      },
    },
  ],
  ["not", { params: ["any"], call: ([a]) => !isTrue(a) }],
  ["len", { params: ["any"], call: ([a]) => length(a) }],
  ["index", { params: ["any", "...any"], call: ([item, ...keys]) => index(item, ...keys) }],
  ["slice", { params: ["any", "...any"], call: ([item, ...keys]) => slice(item, ...keys) }],
  ["print", { params: ["...any"], call: (args) => sprint(args.map(nilOf)) }],
  ["println", { params: ["...any"], call: (args) => sprintln(args.map(nilOf)) }],
  [
    "printf",
    { params: ["string", "...any"], call: ([format, ...args]) => sprintf(format as string, args.map(nilOf)) },
  ],
  ["eq", { params: ["any", "...any"], call: ([a, ...rest]) => eq(a, ...rest) }],
  ["ne", { params: ["any", "any"], call: ([a, b]) => !eq(a, b) }],
  ["lt", { params: ["any", "any"], call: ([a, b]) => lt(a, b) }],
  ["le", { params: ["any", "any"], call: ([a, b]) => lt(a, b) || eq(a, b) }],
  ["gt", { params: ["any", "any"], call: ([a, b]) => !(lt(a, b) || eq(a, b)) }],
  ["ge", { params: ["any", "any"], call: ([a, b]) => !lt(a, b) }],
  ["html", { params: ["...any"], call: (args) => html(argText(args.map(nilOf))) }],
  ["js", { params: ["...any"], call: (args) => js(argText(args.map(nilOf))) }],
  ["urlquery", { params: ["...any"], call: (args) => urlquery(argText(args.map(nilOf))) }],
  [
    "call",
    {
      params: ["any", "...any"],
      call: ([fn, ...args], { argText }) => {
        if (fn === null || fn === undefined) throw new FunctionError("call of nil");
        if (!(fn instanceof GoFunctionValue))
          throw new FunctionError(`non-function ${argText(0)} of type ${goTypeName(fn)}`);
        return fn.fn(...args);
      },
    },
  ],
  ["exists", { params: ["any", "...any"], call: ([item, ...keys]) => exists(item, ...keys) }],
  ["base64decode", { params: ["string"], call: ([text]) => base64decode(text as string) }],
]);

/** No value passed to an `interface{}` parameter becomes nil. */
function nilOf(value: GoValue): GoValue {
  return value === undefined ? null : value;
}
