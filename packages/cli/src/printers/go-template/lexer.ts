/** The kinds of token Go's text/template lexer produces (`text/template/parse/lex.go`). */
export type TokenType =
  | "text"
  | "left"
  | "right"
  | "space"
  | "field"
  | "variable"
  | "identifier"
  | "keyword"
  | "dot"
  | "string"
  | "rawString"
  | "char"
  | "number"
  | "bool"
  | "nil"
  | "pipe"
  | "leftParen"
  | "rightParen"
  | "assign"
  | "declare"
  | "comma"
  | "punct"
  | "eof";

/** A token: its kind, text, byte offset in the template and line (1-based). */
export interface Token {
  type: TokenType;
  value: string;
  pos: number;
  line: number;
}

/** A lexing error, reported by the parser as `template: NAME:LINE: MESSAGE`. */
export class LexError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.line = line;
  }
}

const KEYWORDS = new Set([
  "block",
  "break",
  "continue",
  "define",
  "else",
  "end",
  "if",
  "range",
  "template",
  "with",
]);
const SPACE = /[ \t\r\n]/;
const ALNUM = /[\p{L}\p{Nd}_]/u;

/**
 * Splits a template into tokens with `{{ }}` delimiters, applying `{{- ` and ` -}}` trimming to the text
 * around them and dropping comments.
 * @throws {LexError} Go's lexer errors (`unclosed action`, `unterminated quoted string`…).
 */
export function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  let trimNext = false;
  const lineAt = (p: number): number => {
    let n = 1;
    for (let i = 0; i < p; i++) if (input[i] === "\n") n++;
    return n;
  };
  const push = (type: TokenType, value: string, at: number): void => {
    tokens.push({ type, value, pos: at, line: lineAt(at) });
  };
  while (pos < input.length) {
    const open = input.indexOf("{{", pos);
    let textEnd = open < 0 ? input.length : open;
    const trimLeft = open >= 0 && input[open + 2] === "-" && SPACE.test(input[open + 3] ?? "");
    let textStart = pos;
    if (trimNext) {
      while (textStart < textEnd && SPACE.test(input[textStart] ?? "")) textStart++;
      trimNext = false;
    }
    if (trimLeft) while (textEnd > textStart && SPACE.test(input[textEnd - 1] ?? "")) textEnd--;
    if (textEnd > textStart) push("text", input.slice(textStart, textEnd), textStart);
    if (open < 0) break;
    pos = open + 2 + (trimLeft ? 2 : 0);
    line = lineAt(open);
    // A comment is the whole action: `{{/* … */}}`, with optional trim markers.
    if (input.startsWith("/*", pos)) {
      const close = input.indexOf("*/", pos + 2);
      if (close < 0) throw new LexError("unclosed comment", line);
      let after = close + 2;
      const trimRight = input.startsWith(" -}}", after) || /^[\t\r\n]-}}/.test(input.slice(after, after + 4));
      if (trimRight) after += 2;
      if (!input.startsWith("}}", after)) throw new LexError("comment ends before closing delimiter", line);
      pos = after + 2;
      trimNext = trimRight;
      continue;
    }
    push("left", "{{", open);
    const result = lexAction(input, pos, push, lineAt);
    pos = result.pos;
    trimNext = result.trimRight;
  }
  push("eof", "", input.length);
  return tokens;
}

/** Lexes the inside of one action from `start` (after `{{`); returns the position after `}}`. */
function lexAction(
  input: string,
  start: number,
  push: (type: TokenType, value: string, at: number) => void,
  lineAt: (p: number) => number,
): { pos: number; trimRight: boolean } {
  let pos = start;
  let parenDepth = 0;
  const fail = (message: string): never => {
    throw new LexError(message, lineAt(pos));
  };
  for (;;) {
    const c = input[pos];
    if (c === undefined) return fail("unclosed action");
    if (SPACE.test(c) && input[pos + 1] === "-" && input.startsWith("}}", pos + 2)) {
      if (parenDepth > 0) return fail("unclosed left paren");
      push("right", "}}", pos + 2);
      return { pos: pos + 4, trimRight: true };
    }
    if (input.startsWith("}}", pos)) {
      if (parenDepth > 0) return fail("unclosed left paren");
      push("right", "}}", pos);
      return { pos: pos + 2, trimRight: false };
    }
    if (SPACE.test(c)) {
      const from = pos;
      while (SPACE.test(input[pos] ?? "") && !(input[pos + 1] === "-" && input.startsWith("}}", pos + 2)))
        pos++;
      if (pos === from) pos++;
      push("space", input.slice(from, pos), from);
      continue;
    }
    const from = pos;
    if (c === "=") {
      push("assign", "=", pos++);
    } else if (c === ":") {
      if (input[pos + 1] !== "=") return fail("expected :=");
      push("declare", ":=", pos);
      pos += 2;
    } else if (c === "|") {
      push("pipe", "|", pos++);
    } else if (c === ",") {
      push("comma", ",", pos++);
    } else if (c === '"') {
      pos = endOfQuoted(input, pos, fail, "unterminated quoted string");
      push("string", input.slice(from, pos), from);
    } else if (c === "`") {
      const close = input.indexOf("`", pos + 1);
      if (close < 0) return fail("unterminated raw quoted string");
      pos = close + 1;
      push("rawString", input.slice(from, pos), from);
    } else if (c === "'") {
      pos = endOfQuoted(input, pos, fail, "unterminated character constant");
      push("char", input.slice(from, pos), from);
    } else if (c === "$") {
      pos++;
      while (ALNUM.test(input[pos] ?? "")) pos++;
      push("variable", input.slice(from, pos), from);
    } else if (c === "." && /[0-9]/.test(input[pos + 1] ?? "")) {
      pos = lexNumber(input, pos, fail);
      push("number", input.slice(from, pos), from);
    } else if (c === ".") {
      pos++;
      while (ALNUM.test(input[pos] ?? "")) pos++;
      if (pos === from + 1) push("dot", ".", from);
      else push("field", input.slice(from, pos), from);
    } else if (c === "+" || c === "-" || /[0-9]/.test(c)) {
      pos = lexNumber(input, pos, fail);
      push("number", input.slice(from, pos), from);
    } else if (ALNUM.test(c)) {
      while (ALNUM.test(input[pos] ?? "")) pos++;
      const word = input.slice(from, pos);
      if (!atTerminator(input, pos)) return fail(`bad character ${goRune(input.codePointAt(pos) ?? 0)}`);
      if (KEYWORDS.has(word)) push("keyword", word, from);
      else if (word === "true" || word === "false") push("bool", word, from);
      else if (word === "nil") push("nil", word, from);
      else push("identifier", word, from);
    } else if (c === "(") {
      parenDepth++;
      push("leftParen", "(", pos++);
    } else if (c === ")") {
      parenDepth--;
      if (parenDepth < 0) return fail("unexpected right paren");
      push("rightParen", ")", pos++);
    } else if (/[\x21-\x7e]/.test(c)) {
      // Other printable ASCII is a token of its own, which the parser then reports as unexpected.
      push("punct", c, pos++);
    } else {
      return fail(`unrecognized character in action: ${goRune(input.codePointAt(pos) ?? 0)}`);
    }
  }
}

/** The position after a `"…"` or `'…'` literal starting at `start` (backslash escapes skipped). */
function endOfQuoted(
  input: string,
  start: number,
  fail: (message: string) => never,
  unterminated: string,
): number {
  const quote = input[start];
  let pos = start + 1;
  for (;;) {
    const d = input[pos];
    if (d === "\\") {
      pos += 2;
      continue;
    }
    if (d === undefined || d === "\n") return fail(unterminated);
    pos++;
    if (d === quote) return pos;
  }
}

function atTerminator(input: string, pos: number): boolean {
  const c = input[pos];
  if (c === undefined || SPACE.test(c)) return true;
  return ".,|:)(".includes(c) || input.startsWith("}}", pos);
}

/** Go's `%#U` of a rune: `U+0023 '#'`. */
function goRune(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")} '${String.fromCodePoint(code)}'`;
}

/** Scans a number the way Go's lexer does (sign, base prefixes, `_`, fraction, exponent, `i`). */
function lexNumber(input: string, start: number, fail: (message: string) => never): number {
  let pos = start;
  if (input[pos] === "+" || input[pos] === "-") pos++;
  let digits = "0123456789_";
  if (input[pos] === "0" && /[xXoObB]/.test(input[pos + 1] ?? "")) {
    const base = (input[pos + 1] ?? "").toLowerCase();
    pos += 2;
    digits = base === "x" ? "0123456789abcdefABCDEF_" : base === "o" ? "01234567_" : "01_";
  }
  const run = (chars: string): void => {
    while (chars.includes(input[pos] ?? "\0")) pos++;
  };
  run(digits);
  if (input[pos] === ".") {
    pos++;
    run(digits);
  }
  if (digits.length === 11 && /[eE]/.test(input[pos] ?? "")) {
    pos++;
    if (input[pos] === "+" || input[pos] === "-") pos++;
    run("0123456789_");
  }
  if (digits.length > 11 && /[pP]/.test(input[pos] ?? "")) {
    pos++;
    if (input[pos] === "+" || input[pos] === "-") pos++;
    run("0123456789_");
  }
  if (input[pos] === "i") pos++;
  if (ALNUM.test(input[pos] ?? "")) {
    pos++;
    return fail(`bad number syntax: "${input.slice(start, pos)}"`);
  }
  return pos;
}
