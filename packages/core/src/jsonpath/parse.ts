/**
 * The parser of kubectl's JSONPath template dialect (k8s.io/client-go/util/jsonpath): literal text with
 * `{…}` actions. It follows client-go's grammar, quirks included (`['a.b']` is the path `a` → `b`, `[]` is
 * `[0]`, only one quoted string per filter is tracked), because templates written for kubectl must mean the
 * same here. Where client-go only fails when a template runs (an unknown identifier or filter operator), the
 * parser fails at once.
 */
import { InvalidArgumentError } from "../errors.ts";

/** One bound of a slice `[start:end:step]`; `derived` marks the end of a plain index `[n]` (n + 1). */
export interface SliceBound {
  readonly known: boolean;
  readonly value: number;
  readonly derived: boolean;
}

/** The comparison operators a filter takes (client-go's set). */
export type FilterOperator = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** A step of a path inside an action; `at` is its offset in the template (for error messages). */
export type PathNode =
  | { readonly type: "field"; readonly name: string; readonly at: number }
  | { readonly type: "wildcard"; readonly at: number }
  | { readonly type: "recursive"; readonly at: number }
  | {
      readonly type: "slice";
      readonly bounds: readonly [SliceBound, SliceBound, SliceBound];
      readonly at: number;
    }
  | { readonly type: "union"; readonly branches: readonly PathNode[][]; readonly at: number }
  | {
      readonly type: "filter";
      readonly operator: FilterOperator | "exists";
      readonly left: readonly PathNode[];
      readonly right: readonly PathNode[];
      readonly at: number;
    }
  | { readonly type: "text"; readonly value: string; readonly at: number }
  | { readonly type: "int"; readonly value: number; readonly at: number }
  | { readonly type: "float"; readonly value: number; readonly at: number }
  | { readonly type: "bool"; readonly value: boolean; readonly at: number };

/** A part of a template: literal text, an action, or a `{range …}…{end}` block. */
export type Segment =
  | { readonly type: "literal"; readonly text: string }
  | { readonly type: "action"; readonly path: readonly PathNode[]; readonly at: number }
  | {
      readonly type: "range";
      readonly path: readonly PathNode[];
      readonly body: readonly Segment[];
      readonly at: number;
    };

/** A node of an action before `range`/`end` are turned into blocks. */
type ActionNode = PathNode | { readonly type: "identifier"; readonly name: string; readonly at: number };
type FlatSegment =
  | { readonly type: "literal"; readonly text: string }
  | { readonly type: "action"; readonly nodes: ActionNode[]; readonly at: number };

const DICT_KEY = /^'([^']*)'$/;
const SLICE = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;
const FILTER_PARTS = /^([^!<>=]+)([!<>=]+)(.+?)$/s;
const OPERATORS: ReadonlySet<string> = new Set(["==", "!=", "<", "<=", ">", ">="]);
const DIGIT = /^\p{Nd}$/u;
const LETTER = /^\p{L}$/u;

/** A parse failure at `at` (an offset into the template). */
class ParseFailure extends Error {
  readonly at: number;

  constructor(message: string, at: number) {
    super(message);
    this.at = at;
  }
}

/**
 * Parses a template into segments.
 * @throws {InvalidArgumentError} naming the problem and its position (0-based offset) in the template.
 */
export function parseTemplate(template: string): Segment[] {
  try {
    return nest(new Scanner(template, 0).template());
  } catch (error) {
    if (!(error instanceof ParseFailure)) throw error;
    throw new InvalidArgumentError(
      `invalid JSONPath template ${JSON.stringify(template)}: ${error.message} at offset ${error.at}`,
      {
        suggestions: [
          'kubectl\'s JSONPath: text with {…} actions, e.g. {.metadata.name} or {range .items[*]}{.metadata.name}{"\\n"}{end}',
        ],
      },
    );
  }
}

/** Turns `{range …}` … `{end}` into blocks (an unclosed range runs to the end of the template). */
function nest(flat: FlatSegment[]): Segment[] {
  const root: Segment[] = [];
  const open: { path: PathNode[]; body: Segment[]; at: number }[] = [];
  const target = (): Segment[] => open.at(-1)?.body ?? root;
  for (const segment of flat) {
    if (segment.type === "literal") {
      target().push(segment);
      continue;
    }
    const [first, ...rest] = segment.nodes;
    if (first?.type === "identifier" && first.name === "range") {
      open.push({ path: pathOnly(rest), body: [], at: segment.at });
      continue;
    }
    if (first?.type === "identifier" && first.name === "end" && rest.length === 0) {
      const block = open.pop();
      if (!block) throw new ParseFailure("{end} without {range}: nothing to end", segment.at);
      target().push({ type: "range", ...block });
      continue;
    }
    target().push({ type: "action", path: pathOnly(segment.nodes), at: segment.at });
  }
  while (open.length > 0) {
    const block = open.pop() as { path: PathNode[]; body: Segment[]; at: number };
    target().push({ type: "range", ...block });
  }
  return root;
}

function pathOnly(nodes: readonly ActionNode[]): PathNode[] {
  return nodes.map((node) => {
    if (node.type !== "identifier") return node;
    throw new ParseFailure(
      node.name === "range" || node.name === "end"
        ? `"${node.name}" must stand alone at the start of an action: {range <path>} … {end}`
        : `unrecognized identifier ${node.name}`,
      node.at,
    );
  });
}

/** Scans a template (or, for unions, dict keys and filters, a piece re-parsed at offset `base`). */
class Scanner {
  #pos = 0;
  private readonly input: string;
  /** The template offset of `input[0]`. */
  private readonly base: number;

  constructor(input: string, base: number) {
    this.input = input;
    this.base = base;
  }

  template(): FlatSegment[] {
    const segments: FlatSegment[] = [];
    while (this.#pos < this.input.length) {
      const open = this.input.indexOf("{", this.#pos);
      if (open === -1) {
        segments.push({ type: "literal", text: this.input.slice(this.#pos) });
        break;
      }
      if (open > this.#pos) segments.push({ type: "literal", text: this.input.slice(this.#pos, open) });
      this.#pos = open + 1;
      segments.push({ type: "action", nodes: this.#action(), at: this.base + open });
    }
    return segments;
  }

  /** The nodes of the action whose `{` was just read, up to and including its `}`. */
  #action(): ActionNode[] {
    const nodes: ActionNode[] = [];
    for (;;) {
      const at = this.#pos;
      if (this.#startsWith("}")) {
        this.#pos += 1;
        return nodes;
      }
      if (this.#startsWith("[?(")) {
        nodes.push(this.#filter());
        continue;
      }
      if (this.#startsWith("..")) {
        if (nodes.at(-1)?.type === "recursive") this.#fail("invalid multiple recursive descent", at);
        this.#pos += 2;
        nodes.push({ type: "recursive", at: this.base + at });
        if (isAlphaNumeric(this.#peek())) nodes.push(this.#field());
        continue;
      }
      const char = this.#peek();
      if (char === undefined || char === "\r" || char === "\n") this.#fail("unclosed action", at);
      else if (char === " " || char === "@" || char === "$") this.#pos += 1;
      else if (char === "[") nodes.push(...this.#bracket());
      else if (char === '"' || char === "'") nodes.push(this.#quoted(char));
      else if (char === ".") {
        this.#pos += 1;
        nodes.push(this.#field());
      } else if (char === "+" || char === "-" || DIGIT.test(char)) nodes.push(this.#number());
      else if (isAlphaNumeric(char)) nodes.push(this.#identifier());
      else this.#fail(`unrecognized character in action: ${describeRune(char)}`, at);
    }
  }

  /** A field name up to the next unescaped terminator; `\` escapes (`kubernetes\.io/name`). */
  #field(): PathNode {
    const start = this.#pos;
    for (;;) {
      const char = this.#peek();
      if (char === "\\") {
        this.#pos += 1;
        this.#advanceRune();
        continue;
      }
      if (isTerminator(char)) break;
      this.#advanceRune();
    }
    const raw = this.input.slice(start, this.#pos);
    const at = this.base + start;
    return raw === "*" ? { type: "wildcard", at } : { type: "field", name: raw.replaceAll("\\", ""), at };
  }

  /** `range`, `end`, `true`, `false` (anything else is an error when the template is nested). */
  #identifier(): ActionNode {
    const start = this.#pos;
    while (!isTerminator(this.#peek())) this.#advanceRune();
    const name = this.input.slice(start, this.#pos);
    const at = this.base + start;
    if (name === "true" || name === "false") return { type: "bool", value: name === "true", at };
    return { type: "identifier", name, at };
  }

  #number(): PathNode {
    const start = this.#pos;
    if (this.#peek() === "+" || this.#peek() === "-") this.#pos += 1;
    for (
      let char = this.#peek();
      char === "." || (char !== undefined && DIGIT.test(char));
      char = this.#peek()
    )
      this.#advanceRune();
    const text = this.input.slice(start, this.#pos);
    const at = this.base + start;
    if (/^[+-]?\d+$/.test(text)) {
      const value = Number(text);
      if (Number.isSafeInteger(value)) return { type: "int", value, at };
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) return { type: "float", value: Number(text), at };
    return this.#fail(`cannot parse number ${text}`, start);
  }

  /** `[…]`: an index, a slice, `*`, a `'key'`, or a union of those separated by commas. */
  #bracket(): PathNode[] {
    const open = this.#pos;
    let close = open + 1;
    for (; ; close++) {
      const char = this.input[close];
      if (char === undefined || char === "\n") this.#fail("unterminated array", open);
      if (char === "]") break;
    }
    this.#pos = close + 1;
    let text = this.input.slice(open + 1, close);
    if (text === "*") text = ":";
    const at = this.base + open;

    const parts = text.split(",");
    if (parts.length > 1) {
      let offset = open + 1;
      const branches = parts.map((part) => {
        const trimmed = trimSpaces(part);
        const branch = subAction(`[${trimmed}]`, this.base + offset + part.indexOf(trimmed) - 1);
        offset += part.length + 1;
        return branch;
      });
      return [{ type: "union", branches, at }];
    }

    const key = DICT_KEY.exec(text);
    if (key) return subAction(`.${key[1] ?? ""}`, this.base + open + 1);

    const slice = SLICE.exec(text);
    if (!slice) return this.#fail(`invalid array index ${text}`, open);
    return [{ type: "slice", bounds: sliceBounds(slice, (message) => this.#fail(message, open)), at }];
  }

  /** `[?(left op right)]` or `[?(path)]` (exists). */
  #filter(): PathNode {
    const open = this.#pos;
    this.#pos += 3;
    const start = this.#pos;
    let quoteOpened = false;
    let quoteClosed = false;
    let quote = "";
    for (;;) {
      const char = this.#peek();
      if (char === undefined || char === "\n") this.#fail("unterminated filter", open);
      this.#advanceRune();
      if (char === '"' || char === "'") {
        if (!quoteOpened) {
          quoteOpened = true;
          quote = char;
        } else if (char === quote && this.input[this.#pos - 2] !== "\\") quoteClosed = true;
      } else if (char === ")" && quoteOpened === quoteClosed) break;
    }
    if (this.#peek() !== "]") this.#fail("unclosed filter, expected ]", this.#pos);
    this.#pos += 1;
    const text = this.input.slice(start, this.#pos - 2);
    const at = this.base + open;
    const parts = FILTER_PARTS.exec(text);
    if (!parts)
      return { type: "filter", operator: "exists", left: subPath(text, this.base + start), right: [], at };
    const [, left = "", operator = "", right = ""] = parts;
    if (!OPERATORS.has(operator))
      this.#fail(`unrecognized filter operator ${operator} (use ==, !=, <, <=, >, >=)`, start + left.length);
    return {
      type: "filter",
      operator: operator as FilterOperator,
      left: subPath(left, this.base + start),
      right: subPath(right, this.base + start + left.length + operator.length),
      at,
    };
  }

  /** A string in `"…"` or `'…'` with Go's escapes (`{"\n"}`, `{'\t'}`). */
  #quoted(quote: string): PathNode {
    const start = this.#pos;
    this.#pos += 1;
    for (;;) {
      const char = this.#peek();
      if (char === undefined || char === "\n") this.#fail("unterminated quoted string", start);
      this.#advanceRune();
      if (char === quote && this.input[this.#pos - 2] !== "\\") break;
    }
    const raw = this.input.slice(start, this.#pos);
    const value = unquote(raw);
    if (value === undefined) this.#fail(`invalid escape in quoted string ${raw}`, start);
    return { type: "text", value, at: this.base + start };
  }

  #startsWith(prefix: string): boolean {
    return this.input.startsWith(prefix, this.#pos);
  }

  #peek(): string | undefined {
    const code = this.input.codePointAt(this.#pos);
    return code === undefined ? undefined : String.fromCodePoint(code);
  }

  #advanceRune(): void {
    const code = this.input.codePointAt(this.#pos);
    if (code !== undefined) this.#pos += code > 0xffff ? 2 : 1;
  }

  #fail(message: string, at: number): never {
    throw new ParseFailure(message, this.base + at);
  }
}

/** The nodes of `{text}`: how client-go re-parses union members, dict keys and filter operands. */
function subAction(text: string, base: number): PathNode[] {
  const scanner = new Scanner(`{${text}}`, base - 1);
  const [first] = scanner.template();
  if (first?.type !== "action") return [];
  return pathOnly(first.nodes);
}

function subPath(text: string, base: number): PathNode[] {
  return subAction(text, base);
}

function sliceBounds(
  match: RegExpExecArray,
  fail: (message: string) => never,
): [SliceBound, SliceBound, SliceBound] {
  const number = (text: string): number => {
    if (!/^-?\d+$/.test(text)) fail(`array index ${text} is not a number`);
    return Number(text);
  };
  const [, first = "", second, third] = match;
  const start: SliceBound =
    first === ""
      ? { known: false, value: 0, derived: false }
      : { known: true, value: number(first), derived: false };
  const bound = (group: string | undefined): SliceBound => {
    const text = (group ?? "").slice(1);
    return text === ""
      ? { known: false, value: 0, derived: false }
      : { known: true, value: number(text), derived: false };
  };
  // A plain index [n] is the slice [n:n+1]; the end is marked derived so [-1] can mean the last element.
  const end: SliceBound =
    second === undefined ? { known: true, value: start.value + 1, derived: true } : bound(second);
  return [start, end, third === undefined ? { known: false, value: 0, derived: false } : bound(third)];
}

function isTerminator(char: string | undefined): boolean {
  if (char === undefined) return true;
  return " \t\r\n.,[]$@{}".includes(char);
}

function isAlphaNumeric(char: string | undefined): boolean {
  return char !== undefined && (char === "_" || LETTER.test(char) || DIGIT.test(char));
}

function trimSpaces(text: string): string {
  return text.replace(/^ +| +$/g, "");
}

/** `U+0026 '&'`, as Go's `%#U` prints a rune. */
function describeRune(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")} '${char}'`;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
};

/**
 * Go's `strconv.Unquote` extended to single quotes (client-go's `UnquoteExtend`): `\n`, `\t`, `\xHH`,
 * `\uHHHH`, `\UHHHHHHHH`, octal `\ooo`, and the quote itself escaped. Undefined for an invalid escape.
 */
function unquote(raw: string): string | undefined {
  const quote = raw[0] ?? "";
  const body = raw.slice(1, -1);
  let out = "";
  for (let i = 0; i < body.length;) {
    const char = body[i] as string;
    if (char === quote) return undefined;
    if (char !== "\\") {
      out += char;
      i += 1;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) return undefined;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i += 2;
    } else if (next === quote) {
      out += quote;
      i += 2;
    } else if (next === "x" || next === "u" || next === "U") {
      const width = next === "x" ? 2 : next === "u" ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) return undefined;
      const code = Number.parseInt(hex, 16);
      if (next === "x") out += String.fromCharCode(code);
      else if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
      else out += String.fromCodePoint(code);
      i += 2 + width;
    } else if (/[0-7]/.test(next)) {
      const octal = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(octal) || Number.parseInt(octal, 8) > 255) return undefined;
      out += String.fromCharCode(Number.parseInt(octal, 8));
      i += 4;
    } else return undefined;
  }
  return out;
}
