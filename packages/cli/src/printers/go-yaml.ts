/**
 * YAML exactly as `kubectl get -o yaml` writes it. kubectl turns objects into JSON and then into YAML with
 * sigs.k8s.io/yaml, which emits through go-yaml v2: map keys sorted, sequences not indented under their
 * key, YAML 1.1 look-alikes (`"1"`, `"yes"`, timestamps) double-quoted, strings with a line break as
 * literal blocks, and long strings folded at spaces once a line passes 80 columns. The npm `yaml` package
 * quotes and folds differently, so this is a small emitter for JSON values written after go-yaml's
 * `emitterc.go` (scalar analysis, style choice, folding) and `encode.go` (which style a string asks for).
 */

import { goNumber } from "./go-format.ts";
import { plainReadsAsNonString } from "./go-yaml-resolve.ts";

/** A value as JSON parsing yields it. */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const BEST_WIDTH = 80;
const INDENT = 2;

/** The YAML document for `value`, ending with a newline (`{}` for an empty object, as go-yaml). */
export function formatGoYaml(value: unknown): string {
  const out = new Writer();
  emitNode(out, value as Json, 0, "top");
  return out.finish();
}

/** Tracks the column, as go-yaml's emitter does, to fold long scalars. */
class Writer {
  #text = "";
  column = 0;

  write(text: string): void {
    this.#text += text;
    // Any YAML line break (a raw U+2028 in a quoted string too) starts a new line, as in go-yaml's write_break.
    const newline = Math.max(...[...LINE_BREAKS].map((c) => text.lastIndexOf(c)));
    this.column = newline < 0 ? this.column + runes(text) : runes(text.slice(newline + 1));
  }

  /** A line break and `indent` spaces. */
  indent(indent: number): void {
    // After a literal block's last line break the line is already new (go-yaml's write_indent).
    this.write(`${isBreak(this.#text.at(-1)) ? "" : "\n"}${" ".repeat(indent)}`);
  }

  get text(): string {
    return this.#text;
  }

  finish(): string {
    return this.#text.endsWith("\n") ? this.#text : `${this.#text}\n`;
  }
}

function runes(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Where a node is written: at the top of the document, as a mapping value (after `key:`), or as a
 * sequence item (after `- `).
 */
type Place = "top" | "value" | "item";

function isCollection(value: Json): value is Json[] | { [key: string]: Json } {
  return typeof value === "object" && value !== null;
}

function isEmpty(value: Json[] | { [key: string]: Json }): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

/** Writes `value` whose block content (if any) is indented at `indent`. */
function emitNode(out: Writer, value: Json, indent: number, place: Place): void {
  if (!isCollection(value) || isEmpty(value)) {
    if (place !== "top") out.write(" ");
    emitScalarOrEmpty(out, value, indent);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      // A sequence under a key starts on the next line at the key's column (go-yaml does not indent it);
      // a sequence inside a sequence item starts on the item's line.
      if (i > 0 || place === "value") out.indent(indent);
      else if (place === "item") out.write(" ");
      out.write("-");
      emitNode(out, item, indent + INDENT, "item");
    });
    return;
  }
  const keys = Object.keys(value).sort(goYamlKeyOrder);
  keys.forEach((key, i) => {
    if (i > 0 || place === "value") out.indent(indent);
    else if (place === "item") out.write(" ");
    out.write(`${scalarText(key, "key", indent)}:`);
    const child = value[key] as Json;
    // Nested sequences sit at the key's column, nested mappings one level deeper.
    const childIndent = Array.isArray(child) && !isEmpty(child) ? indent : indent + INDENT;
    emitNode(out, child, childIndent, "value");
  });
}

function emitScalarOrEmpty(out: Writer, value: Json, indent: number): void {
  if (Array.isArray(value)) out.write("[]");
  else if (value !== null && typeof value === "object") out.write("{}");
  else if (value === null) out.write("null");
  else if (typeof value === "boolean") out.write(String(value));
  else if (typeof value === "number") out.write(goNumber(value));
  else writeString(out, value, indent);
}

/**
 * go-yaml's `keyList.Less` for string keys: runs of digits compare as numbers (`a2` < `a10`); where a
 * letter meets another character, the other character sorts first, unless digits came just before.
 */
export function goYamlKeyOrder(a: string, b: string): number {
  const ar = [...a];
  const br = [...b];
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ac = ar[i] ?? "";
    const bc = br[i] ?? "";
    if (ac === bc) {
      digits = isDigit(ac);
      continue;
    }
    const al = isLetter(ac);
    const bl = isLetter(bc);
    if (al && bl) return ac < bc ? -1 : 1;
    if (al || bl) return (digits ? al : bl) ? -1 : 1;
    let an = 0n;
    let bn = 0n;
    if (ac === "0" || bc === "0") {
      // A zero after a non-zero digit is inside a number: both numbers then carry that leading part.
      for (let j = i - 1; j >= 0 && isDigit(ar[j] ?? ""); j--) {
        if (ar[j] !== "0") {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai] ?? ""); ai++) an = an * 10n + BigInt(ar[ai] ?? "0");
    let bi = i;
    for (; bi < br.length && isDigit(br[bi] ?? ""); bi++) bn = bn * 10n + BigInt(br[bi] ?? "0");
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ac < bc ? -1 : 1;
  }
  return ar.length - br.length;
}

function isLetter(c: string): boolean {
  return /^\p{L}$/u.test(c);
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

/** What go-yaml's scalar analysis allows for a string. */
interface Analysis {
  blockPlainAllowed: boolean;
  flowPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
  multiline: boolean;
}

const LINE_BREAKS = "\r\n\u0085\u2028\u2029";
const isBreak = (c: string | undefined): boolean => c !== undefined && c !== "" && LINE_BREAKS.includes(c);
const isSpace = (c: string | undefined): boolean => c === " ";
const isBlankOrEnd = (c: string | undefined): boolean =>
  c === undefined || c === " " || c === "\t" || isBreak(c);

/**
 * go-yaml v2's `is_printable`, which looks at up to three UTF-8 bytes: characters beyond U+FFFF (emoji)
 * are not printable, so a string holding one is double-quoted with `\U` escapes, as kubectl prints it.
 */
function isPrintable(c: string): boolean {
  const code = c.codePointAt(0) ?? 0;
  return (
    code === 0x0a ||
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff)
  );
}

/** `yaml_emitter_analyze_scalar`. */
function analyze(value: string): Analysis {
  if (value === "") {
    return {
      blockPlainAllowed: false,
      flowPlainAllowed: false,
      singleQuotedAllowed: true,
      blockAllowed: false,
      multiline: false,
    };
  }
  const chars = [...value];
  let blockIndicators = false;
  let flowIndicators = false;
  if (value.startsWith("---") || value.startsWith("...")) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] ?? "";
    const followedByWhitespace = isBlankOrEnd(chars[i + 1]);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(c)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (c === "?" || c === ":") {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (c === "-" && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (",?[]{}".includes(c)) {
      flowIndicators = true;
    } else if (c === ":") {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (c === "#" && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }
    if (!isPrintable(c)) specialCharacters = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousBreak = true;
      previousSpace = false;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankOrEnd(c);
  }
  const result: Analysis = {
    multiline: lineBreaks,
    flowPlainAllowed: true,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    result.flowPlainAllowed = false;
    result.blockPlainAllowed = false;
  }
  if (trailingSpace) result.blockAllowed = false;
  if (breakSpace) {
    result.flowPlainAllowed = false;
    result.blockPlainAllowed = false;
    result.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    result.flowPlainAllowed = false;
    result.blockPlainAllowed = false;
    result.singleQuotedAllowed = false;
    result.blockAllowed = false;
  }
  if (lineBreaks) {
    result.flowPlainAllowed = false;
    result.blockPlainAllowed = false;
  }
  if (flowIndicators) result.flowPlainAllowed = false;
  if (blockIndicators) result.blockPlainAllowed = false;
  return result;
}

type Style = "plain" | "single" | "double" | "literal";

/** `yaml_emitter_select_scalar_style` for the style go-yaml's encoder asks for. */
function selectStyle(value: string, context: "key" | "block"): Style {
  const analysis = analyze(value);
  let style: Style = value.includes("\n") ? "literal" : plainReadsAsNonString(value) ? "double" : "plain";
  const simpleKey = context === "key";
  if (style === "plain") {
    if (!analysis.blockPlainAllowed) style = "single";
    else if (value === "" && simpleKey) style = "single";
  }
  if (style === "single" && !analysis.singleQuotedAllowed) style = "double";
  if (style === "literal" && (!analysis.blockAllowed || simpleKey)) style = "double";
  return style;
}

/** A mapping key: never folded (go-yaml writes keys in its simple-key context). */
function scalarText(value: string, context: "key", indent: number): string {
  const out = new Writer();
  writeScalar(out, value, selectStyle(value, context), indent, false);
  return out.text;
}

function writeString(out: Writer, value: string, indent: number): void {
  writeScalar(out, value, selectStyle(value, "block"), indent, true);
}

function writeScalar(out: Writer, value: string, style: Style, indent: number, allowBreaks: boolean): void {
  switch (style) {
    case "plain":
      return writePlain(out, value, indent, allowBreaks);
    case "single":
      return writeSingle(out, value, indent, allowBreaks);
    case "double":
      return writeDouble(out, value, indent, allowBreaks);
    case "literal":
      return writeLiteral(out, value, indent);
  }
}

function writePlain(out: Writer, value: string, indent: number, allowBreaks: boolean): void {
  const chars = [...value];
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] ?? "";
    if (isSpace(c)) {
      if (allowBreaks && !spaces && out.column > BEST_WIDTH && !isSpace(chars[i + 1])) out.indent(indent);
      else out.write(c);
      spaces = true;
    } else {
      out.write(c);
      spaces = false;
    }
  }
}

function writeSingle(out: Writer, value: string, indent: number, allowBreaks: boolean): void {
  const chars = [...value];
  out.write("'");
  let spaces = false;
  let breaks = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] ?? "";
    if (isSpace(c)) {
      if (
        allowBreaks &&
        !spaces &&
        out.column > BEST_WIDTH &&
        i !== 0 &&
        i !== chars.length - 1 &&
        !isSpace(chars[i + 1])
      )
        out.indent(indent);
      else out.write(c);
      spaces = true;
    } else if (isBreak(c)) {
      if (!breaks && c === "\n") out.write("\n");
      out.write(c);
      breaks = true;
    } else {
      if (breaks) out.indent(indent);
      out.write(c === "'" ? "''" : c);
      spaces = false;
      breaks = false;
    }
  }
  out.write("'");
}

const DOUBLE_ESCAPES: Record<string, string> = {
  "\0": "\\0",
  "\x07": "\\a",
  "\b": "\\b",
  "\t": "\\t",
  "\n": "\\n",
  "\x0b": "\\v",
  "\f": "\\f",
  "\r": "\\r",
  "\x1b": "\\e",
  '"': '\\"',
  "\\": "\\\\",
  "\u0085": "\\N",
  "\u00a0": "\\_",
  "\u2028": "\\L",
  "\u2029": "\\P",
};

function writeDouble(out: Writer, value: string, indent: number, allowBreaks: boolean): void {
  const chars = [...value];
  out.write('"');
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] ?? "";
    if (!isPrintable(c) || c === "\ufeff" || isBreak(c) || c === '"' || c === "\\") {
      const escape = DOUBLE_ESCAPES[c];
      if (escape) out.write(escape);
      else {
        const code = c.codePointAt(0) ?? 0;
        const hex = code.toString(16).toUpperCase();
        out.write(
          code <= 0xff
            ? `\\x${hex.padStart(2, "0")}`
            : code <= 0xffff
              ? `\\u${hex.padStart(4, "0")}`
              : `\\U${hex.padStart(8, "0")}`,
        );
      }
      spaces = false;
    } else if (isSpace(c)) {
      if (allowBreaks && !spaces && out.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
        out.indent(indent);
        if (isSpace(chars[i + 1])) out.write("\\");
      } else out.write(c);
      spaces = true;
    } else {
      out.write(c);
      spaces = false;
    }
  }
  out.write('"');
}

/** go-yaml's literal block: `|`, the indentation and chomping hints, then each line at `indent`. */
function writeLiteral(out: Writer, value: string, indent: number): void {
  const chars = [...value];
  const last = chars.length - 1;
  // Chomping: `-` when there is no final line break, `+` when there are several (or only one).
  const chomp = !isBreak(chars[last]) ? "-" : last === 0 || isBreak(chars[last - 1]) ? "+" : "";
  const indicator = isSpace(chars[0]) || isBreak(chars[0]) ? String(INDENT) : "";
  out.write(`|${indicator}${chomp}\n`);
  let breaks = true;
  for (const c of chars) {
    if (isBreak(c)) {
      out.write(c);
      breaks = true;
    } else {
      if (breaks) out.write(" ".repeat(indent));
      out.write(c);
      breaks = false;
    }
  }
}
