import { lex, LexError, type Token } from "./lexer.ts";
import { GoInt } from "./values.ts";

/** An operand of a command (Go's `parse.Node` kinds that can appear as arguments). */
export type Arg =
  | { kind: "field"; pos: number; ident: string[] }
  | { kind: "variable"; pos: number; ident: string[] }
  | { kind: "identifier"; pos: number; name: string }
  | { kind: "dot"; pos: number }
  | { kind: "nil"; pos: number }
  | { kind: "bool"; pos: number; value: boolean }
  | { kind: "number"; pos: number; text: string; value: number | GoInt }
  | { kind: "string"; pos: number; quoted: string; value: string }
  | { kind: "chain"; pos: number; node: Arg; fields: string[] }
  | Pipeline;

/** A command: a function or value with its arguments. */
export interface Command {
  kind: "command";
  pos: number;
  args: Arg[];
}

/** A pipeline, with the variables it declares (`$x :=`) or assigns (`$x =`). */
export interface Pipeline {
  kind: "pipeline";
  pos: number;
  decl: string[];
  isAssign: boolean;
  cmds: Command[];
}

/** A node of a template's body. */
export type Node =
  | { kind: "text"; pos: number; text: string }
  | { kind: "action"; pos: number; pipe: Pipeline }
  | ControlNode
  /** `pos` is the name's, where Go reports a missing template. */
  | { kind: "template"; pos: number; name: string; pipe: Pipeline | undefined }
  | { kind: "break" | "continue"; pos: number };

/** `if`, `with` or `range`, with its `else` branch (an `else if` chain is a nested `if` there). */
export interface ControlNode {
  kind: "if" | "with" | "range";
  pos: number;
  pipe: Pipeline;
  list: Node[];
  elseList: Node[] | undefined;
}

/** A parsing error; its message is Go's, `template: output:1: unclosed action`. */
export class TemplateParseError extends Error {}

/** A parsed template: the main body and the templates it defines (`define`, `block`). */
export interface ParsedTemplate {
  name: string;
  text: string;
  templates: Map<string, Node[]>;
}

/** The name of a token in Go's parse errors (`item.String()`). */
function describe(token: Token): string {
  if (token.type === "eof") return "EOF";
  if (token.type === "keyword") return `<${token.value}>`;
  const quoted = JSON.stringify(token.value);
  return token.value.length > 10 ? `${JSON.stringify(token.value.slice(0, 10))}...` : quoted;
}

/**
 * Parses a Go text/template, as `template.New(name).Funcs(…).Parse(text)` does.
 * @param functions - names of the functions the template may call (an unknown one fails the parse).
 * @throws {TemplateParseError} Go's message, e.g. `template: output:1: function "upper" not defined`.
 */
export function parseTemplate(name: string, text: string, functions: ReadonlySet<string>): ParsedTemplate {
  let tokens: Token[];
  try {
    tokens = lex(text);
  } catch (error) {
    if (error instanceof LexError)
      throw new TemplateParseError(`template: ${name}:${error.line}: ${error.message}`);
    throw error;
  }
  const parser = new Parser(name, tokens, functions);
  const templates = new Map<string, Node[]>();
  parser.templates = templates;
  templates.set(name, parser.parseRoot());
  return { name, text, templates };
}

class Parser {
  templates = new Map<string, Node[]>();
  #index = 0;
  #vars: string[] = ["$"];
  #rangeDepth = 0;

  readonly name: string;
  readonly tokens: Token[];
  readonly functions: ReadonlySet<string>;

  constructor(name: string, tokens: Token[], functions: ReadonlySet<string>) {
    this.name = name;
    this.tokens = tokens;
    this.functions = functions;
  }

  #peek(): Token {
    return this.tokens[this.#index] ?? this.tokens[this.tokens.length - 1]!;
  }
  #next(): Token {
    const token = this.#peek();
    if (this.#index < this.tokens.length - 1) this.#index++;
    return token;
  }
  #backup(): void {
    this.#index--;
  }
  #nextNonSpace(): Token {
    let token = this.#next();
    while (token.type === "space") token = this.#next();
    return token;
  }
  #peekNonSpace(): Token {
    const token = this.#nextNonSpace();
    this.#backup();
    return token;
  }
  #error(message: string, token: Token = this.tokens[Math.max(this.#index - 1, 0)]!): never {
    throw new TemplateParseError(`template: ${this.name}:${token.line}: ${message}`);
  }
  #unexpected(token: Token, context: string): never {
    this.#error(`unexpected ${describe(token)} in ${context}`, token);
  }
  #expect(type: Token["type"], context: string): Token {
    const token = this.#nextNonSpace();
    if (token.type !== type) this.#unexpected(token, context);
    return token;
  }

  parseRoot(): Node[] {
    const nodes: Node[] = [];
    for (;;) {
      const token = this.#peek();
      if (token.type === "eof") return nodes;
      if (token.type === "left") {
        this.#next();
        const keyword = this.#nextNonSpace();
        if (keyword.type === "keyword" && keyword.value === "define") {
          this.#parseDefinition();
          continue;
        }
        this.#backup();
        while (this.tokens[this.#index - 1]?.type === "space") this.#backup();
        this.#backup();
      }
      const node = this.#textOrAction();
      if (node.kind !== "node")
        this.#error(`unexpected ${node.kind === "end" ? "{{end}}" : "{{else}}"}`, node.token);
      nodes.push(node.node);
    }
  }

  #parseDefinition(): void {
    const nameToken = this.#nextNonSpace();
    if (nameToken.type !== "string" && nameToken.type !== "rawString")
      this.#unexpected(nameToken, "define clause");
    const name = unquote(nameToken.value);
    this.#expect("right", "define clause");
    this.#definitionBody(name);
  }

  /** The body of `define` or `block`, up to its `{{end}}`: a template of its own, with only `$` defined. */
  #definitionBody(name: string): void {
    const saved = this.#vars;
    this.#vars = ["$"];
    const { list, end } = this.#itemList();
    this.#vars = saved;
    if (end.kind !== "end") this.#error("unexpected {{else}}", end.token);
    this.#addTemplate(name, list);
  }

  #addTemplate(name: string, list: Node[]): void {
    const existing = this.templates.get(name);
    if (existing && list.every((n) => n.kind === "text" && n.text.trim() === "")) return;
    this.templates.set(name, list);
  }

  /** Nodes up to `{{end}}` or `{{else…}}`, which is returned too (not consumed past its keyword). */
  #itemList(): { list: Node[]; end: { kind: "end" | "else"; token: Token } } {
    const list: Node[] = [];
    for (;;) {
      if (this.#peekNonSpace().type === "eof") this.#error("unexpected EOF", this.#peek());
      const node = this.#textOrAction();
      if (node.kind !== "node") return { list, end: node };
      list.push(node.node);
    }
  }

  #textOrAction(): { kind: "node"; node: Node } | { kind: "end" | "else"; token: Token } {
    const token = this.#nextNonSpace();
    if (token.type === "text")
      return { kind: "node", node: { kind: "text", pos: token.pos, text: token.value } };
    if (token.type === "left") return this.#action();
    return this.#unexpected(token, "input");
  }

  #action(): { kind: "node"; node: Node } | { kind: "end" | "else"; token: Token } {
    const token = this.#nextNonSpace();
    if (token.type === "keyword") {
      switch (token.value) {
        case "end":
          this.#expect("right", "end");
          return { kind: "end", token };
        case "else":
          // `{{else if …}}` and `{{else with …}}` stay on the else token: the caller reads the chain.
          if (this.#peekNonSpace().type === "keyword" && ["if", "with"].includes(this.#peekNonSpace().value))
            return { kind: "else", token };
          this.#expect("right", "else");
          return { kind: "else", token };
        case "if":
        case "with":
        case "range":
          return { kind: "node", node: this.#control(token.value, token) };
        case "block":
          return { kind: "node", node: this.#block() };
        case "template":
          return { kind: "node", node: this.#templateCall() };
        case "break":
        case "continue":
          if (this.#rangeDepth === 0) this.#error(`{{${token.value}}} outside {{range}}`, token);
          this.#expect("right", token.value);
          return { kind: "node", node: { kind: token.value, pos: token.pos } };
        default:
          break;
      }
    }
    this.#backup();
    return {
      kind: "node",
      node: { kind: "action", pos: token.pos, pipe: this.#pipeline("command", "right") },
    };
  }

  #control(kind: "if" | "with" | "range", token: Token): Node {
    const saved = this.#vars.length;
    const pipe = this.#pipeline(kind, "right");
    if (kind === "range") this.#rangeDepth++;
    const { list, end } = this.#itemList();
    if (kind === "range") this.#rangeDepth--;
    let elseList: Node[] | undefined;
    if (end.kind === "else") {
      const chained = this.#peekNonSpace();
      if (chained.type === "keyword" && (chained.value === "if" || chained.value === "with")) {
        // `{{else if x}}…{{end}}` is `{{else}}{{if x}}…{{end}}{{end}}` with one shared end.
        this.#nextNonSpace();
        elseList = [this.#control(chained.value, chained)];
      } else {
        const rest = this.#itemList();
        if (rest.end.kind !== "end") this.#error(`expected end; found {{else}}`, rest.end.token);
        elseList = rest.list;
      }
    }
    this.#vars.length = saved;
    return { kind, pos: token.pos, pipe, list, elseList };
  }

  #templateCall(): Node {
    const nameToken = this.#nextNonSpace();
    if (nameToken.type !== "string" && nameToken.type !== "rawString")
      this.#unexpected(nameToken, "template clause");
    const name = unquote(nameToken.value);
    const pipe =
      this.#peekNonSpace().type === "right" ? undefined : this.#pipeline("template clause", "right");
    if (pipe === undefined) this.#expect("right", "template clause");
    return { kind: "template", pos: nameToken.pos, name, pipe };
  }

  #block(): Node {
    const nameToken = this.#nextNonSpace();
    if (nameToken.type !== "string" && nameToken.type !== "rawString")
      this.#unexpected(nameToken, "block clause");
    const name = unquote(nameToken.value);
    const pipe = this.#pipeline("block clause", "right");
    this.#definitionBody(name);
    return { kind: "template", pos: nameToken.pos, name, pipe };
  }

  #pipeline(context: string, end: "right" | "rightParen"): Pipeline {
    const start = this.#peekNonSpace();
    const pipe: Pipeline = { kind: "pipeline", pos: start.pos, decl: [], isAssign: false, cmds: [] };
    this.#declarations(pipe, context);
    for (;;) {
      const token = this.#nextNonSpace();
      if (token.type === end) {
        if (pipe.cmds.length === 0) this.#error(`missing value for ${context}`, token);
        pipe.cmds.forEach((cmd, i) => {
          const first = cmd.args[0];
          if (i > 0 && first && ["bool", "dot", "nil", "number", "string"].includes(first.kind))
            this.#error(`non executable command in pipeline stage ${i + 1}`, token);
        });
        return pipe;
      }
      if (
        [
          "bool",
          "char",
          "dot",
          "field",
          "identifier",
          "number",
          "nil",
          "rawString",
          "string",
          "variable",
          "leftParen",
        ].includes(token.type)
      ) {
        this.#backup();
        pipe.cmds.push(this.#command());
        continue;
      }
      this.#unexpected(token, context);
    }
  }

  #declarations(pipe: Pipeline, context: string): void {
    const first = this.#peekNonSpace();
    if (first.type !== "variable") return;
    const start = this.#index;
    this.#nextNonSpace();
    const next = this.#nextNonSpace();
    if (next.type === "declare" || next.type === "assign") {
      pipe.isAssign = next.type === "assign";
      pipe.decl.push(first.value);
      // Go checks an assignment's variable only when it runs (`undefined variable: $x`).
      if (next.type === "declare") this.#vars.push(first.value);
      return;
    }
    if (next.type === "comma" && context === "range") {
      const second = this.#nextNonSpace();
      const op = this.#nextNonSpace();
      if (op.type === "comma") this.#error(`too many declarations in ${context}`, op);
      if (second.type === "variable" && (op.type === "declare" || op.type === "assign")) {
        pipe.isAssign = op.type === "assign";
        pipe.decl.push(first.value, second.value);
        if (op.type === "declare") this.#vars.push(first.value, second.value);
        return;
      }
      this.#error(`range can only initialize variables`, second);
    }
    if (next.type === "comma") this.#error(`too many declarations in ${context}`, next);
    this.#index = start;
  }

  #command(): Command {
    const cmd: Command = { kind: "command", pos: this.#peekNonSpace().pos, args: [] };
    for (;;) {
      this.#peekNonSpace();
      const operand = this.#operand();
      if (operand) cmd.args.push(operand);
      const token = this.#next();
      if (token.type === "space") continue;
      if (token.type === "right" || token.type === "rightParen") this.#backup();
      else if (token.type !== "pipe") this.#unexpected(token, "operand");
      break;
    }
    if (cmd.args.length === 0) this.#error("empty command");
    return cmd;
  }

  #operand(): Arg | undefined {
    const node = this.#term();
    if (!node) return undefined;
    if (this.#peek().type !== "field") return node;
    const chainPos = this.#peek().pos;
    const fields: string[] = [];
    while (this.#peek().type === "field") fields.push(this.#next().value.slice(1));
    // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- terms that can head a chain are handled after the switch
    switch (node.kind) {
      case "field":
        return { kind: "field", pos: chainPos, ident: [...node.ident, ...fields] };
      case "variable":
        return { kind: "variable", pos: chainPos, ident: [...node.ident, ...fields] };
      case "bool":
      case "string":
      case "number":
      case "nil":
      case "dot":
      default:
        if (node.kind === "chain" || node.kind === "identifier" || node.kind === "pipeline")
          return { kind: "chain", pos: chainPos, node, fields };
        return this.#error(`unexpected . after term ${JSON.stringify(argString(node))}`);
    }
  }

  #term(): Arg | undefined {
    const token = this.#nextNonSpace();
    // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- any other token ends the operand
    switch (token.type) {
      case "identifier":
        if (!this.functions.has(token.value))
          this.#error(`function ${JSON.stringify(token.value)} not defined`, token);
        return { kind: "identifier", pos: token.pos, name: token.value };
      case "dot":
        return { kind: "dot", pos: token.pos };
      case "nil":
        return { kind: "nil", pos: token.pos };
      case "variable": {
        const [name = "$", ...rest] = token.value.split(".");
        if (!this.#vars.includes(name)) this.#error(`undefined variable "${name}"`, token);
        return { kind: "variable", pos: token.pos, ident: [name, ...rest] };
      }
      case "field":
        return { kind: "field", pos: token.pos, ident: [token.value.slice(1)] };
      case "bool":
        return { kind: "bool", pos: token.pos, value: token.value === "true" };
      case "char":
      case "number":
        return { kind: "number", pos: token.pos, text: token.value, value: this.#number(token) };
      case "leftParen": {
        return this.#pipeline("parenthesized pipeline", "rightParen");
      }
      case "string":
      case "rawString":
        return { kind: "string", pos: token.pos, quoted: token.value, value: unquote(token.value) };
      default:
        this.#backup();
        return undefined;
    }
  }

  /** A constant as text/template types it for an `interface{}` argument: `int` or `float64`. */
  #number(token: Token): number | GoInt {
    const text = token.value;
    if (token.type === "char") {
      const ch = unquote(`"${text.slice(1, -1).replace(/"/g, '\\"')}"`);
      return new GoInt(ch.codePointAt(0) ?? 0);
    }
    if (text.endsWith("i")) this.#error(`complex numbers are not supported: ${text}`, token);
    const clean = text.replace(/_/g, "");
    const sign = clean.startsWith("-") ? -1n : 1n;
    const unsigned = clean.replace(/^[+-]/, "");
    if (/^0[xX][0-9a-fA-F]+$|^0[oO]?[0-7]+$|^0[bB][01]+$|^[0-9]+$/.test(unsigned)) {
      const literal = /^0[0-7]+$/.test(unsigned) ? `0o${unsigned.slice(1)}` : unsigned;
      const value = sign * BigInt(literal);
      // Go's parse.newNumber: an integer that fits no int64 (nor uint64) parses as a float and is refused.
      if (value > 2n ** 63n - 1n || value < -(2n ** 63n))
        this.#error(`integer overflow: ${JSON.stringify(text)}`, token);
      return new GoInt(value);
    }
    const value = /^0[xX]/.test(unsigned) ? Number(sign) * hexFloat(unsigned) : Number(clean);
    if (Number.isNaN(value)) this.#error(`illegal number syntax: ${JSON.stringify(text)}`, token);
    return value;
  }
}

/**
 * A Go hexadecimal float (`0x1p-2`, `0x1.8p1`: mantissa in hex, binary exponent after `p`), as
 * strconv.ParseFloat reads it; NaN for anything else.
 */
function hexFloat(text: string): number {
  const match = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(text);
  if (!match || (match[1] === "" && (match[2] ?? "") === "")) return NaN;
  const [, whole = "", fraction = "", exponent = "0"] = match;
  const mantissa = Number.parseInt(`${whole}${fraction}` || "0", 16) / 16 ** fraction.length;
  return mantissa * 2 ** Number(exponent);
}

/** A Go string literal's value: interpreted (`"a\n"`) or raw (`` `a` ``). */
export function unquote(literal: string): string {
  if (literal.startsWith("`")) return literal.slice(1, -1);
  return literal
    .slice(1, -1)
    .replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, escape: string) => {
      // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- any other escaped character stands for itself
      switch (escape[0]) {
        case "x":
        case "u":
        case "U":
          return String.fromCodePoint(parseInt(escape.slice(1), 16));
        case "a":
          return "\x07";
        case "b":
          return "\b";
        case "f":
          return "\f";
        case "n":
          return "\n";
        case "r":
          return "\r";
        case "t":
          return "\t";
        case "v":
          return "\v";
        default:
          return /^[0-7]{3}$/.test(escape) ? String.fromCharCode(parseInt(escape, 8)) : escape;
      }
    });
}

/** A node as Go's `Node.String()` writes it, for the `at <…>` of execution errors. */
export function argString(arg: Arg | Command): string {
  switch (arg.kind) {
    case "field":
      return arg.ident.map((f) => `.${f}`).join("");
    case "variable":
      return arg.ident.join(".");
    case "identifier":
      return arg.name;
    case "dot":
      return ".";
    case "nil":
      return "nil";
    case "bool":
      return String(arg.value);
    case "number":
      return arg.text;
    case "string":
      return arg.quoted;
    case "chain":
      return `${arg.node.kind === "pipeline" ? `(${argString(arg.node)})` : argString(arg.node)}${arg.fields.map((f) => `.${f}`).join("")}`;
    case "command":
      return arg.args.map((a) => (a.kind === "pipeline" ? `(${argString(a)})` : argString(a))).join(" ");
    case "pipeline": {
      const decl = arg.decl.length > 0 ? `${arg.decl.join(", ")} ${arg.isAssign ? "=" : ":="} ` : "";
      return decl + arg.cmds.map(argString).join(" | ");
    }
  }
}
