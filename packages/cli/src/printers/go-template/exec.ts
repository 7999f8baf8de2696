import { formatValue, PLAIN, sprint } from "./fmt.ts";
import {
  argString,
  type Arg,
  type Command,
  type ControlNode,
  type Node,
  type ParsedTemplate,
  type Pipeline,
} from "./parser.ts";
import {
  GoFunctionValue,
  GoInt,
  goTypeName,
  intValue,
  isMap,
  isTrue,
  sortedKeys,
  type GoValue,
} from "./values.ts";

/** A template function: `raw` ones get their arguments unchecked (Go's `reflect.Value` parameters). */
export interface TemplateFunction {
  /** Go's parameter types, for argument checks: `string`, `any`; the last may be variadic (`...any`). */
  params: readonly string[];
  call: (args: GoValue[], context: CallContext) => GoValue;
}

/** What a function call may need from the executor (the arguments' unevaluated forms, for `and`/`or`). */
export interface CallContext {
  /** Evaluates argument `i` (to support short-circuit `and` and `or`). */
  lazy: (i: number) => GoValue;
  count: number;
  /**
   * How Go names argument `i` in `call`'s errors (Go 1.21+): its node as written (`.kind`), or for the
   * pipeline's value, `reflect.Value.String()` (a string itself, else `<int64 Value>`).
   */
  argText: (i: number) => string;
}

/** An execution error; its message is Go's, `template: output:1:31: executing "output" at <.x>: …`. */
export class TemplateExecError extends Error {}

/** Thrown by a function to report Go's `error calling NAME: …`. */
export class FunctionError extends Error {}

/** Signals `{{break}}` / `{{continue}}` to the enclosing range. */
class LoopSignal {
  readonly kind: "break" | "continue";
  constructor(kind: "break" | "continue") {
    this.kind = kind;
  }
}

const MAX_DEPTH = 100000;
/** One `{{template}}` call being executed: its node, its text, and the template it is in. */
interface TemplateCall {
  node: { pos: number };
  call: string;
  caller: string;
}

/**
 * The call at which Go stops an endless recursion (the one made at depth {@link MAX_DEPTH}), from the calls
 * V8's stack held when it ran out: the chain repeats with the period from its last call back to the
 * previous call of the same node.
 */
function callAtMaxDepth(calls: readonly TemplateCall[]): TemplateCall {
  const last = calls.length - 1;
  const lastCall = calls[last] as TemplateCall;
  let previous = last - 1;
  while (previous >= 0 && calls[previous]?.node !== lastCall.node) previous--;
  if (previous < 0) return lastCall;
  const period = last - previous;
  const behind = (period - ((MAX_DEPTH - last) % period)) % period;
  return calls[last - behind] ?? lastCall;
}

/** V8's words when the stack runs out (a RangeError's message, or part of another error's). */
const STACK_OVERFLOW = "Maximum call stack size exceeded";

/**
 * Executes a parsed template on data, as Go's `Template.Execute` does; output written before an error is
 * returned with it (`partial`), as Go writes it to the writer before failing.
 */
export function executeTemplate(
  template: ParsedTemplate,
  data: GoValue,
  functions: ReadonlyMap<string, TemplateFunction>,
  options: { missingKeyError: boolean },
): { output: string; error?: TemplateExecError } {
  const state = new State(template, functions, options.missingKeyError, data);
  try {
    state.walkList(template.templates.get(template.name) ?? [], data);
    return { output: state.out };
  } catch (error) {
    if (error instanceof TemplateExecError) return { output: state.out, error };
    throw error;
  }
}

class State {
  out = "";
  #vars: { name: string; value: GoValue }[] = [];
  #node: { pos: number; text: string } | undefined;
  #templateName: string;
  /** The template calls being executed, outermost first (Go's `state.depth` is their number). */
  #calls: TemplateCall[] = [];

  readonly template: ParsedTemplate;
  readonly functions: ReadonlyMap<string, TemplateFunction>;
  readonly missingKeyError: boolean;

  constructor(
    template: ParsedTemplate,
    functions: ReadonlyMap<string, TemplateFunction>,
    missingKeyError: boolean,
    data: GoValue,
  ) {
    this.template = template;
    this.functions = functions;
    this.missingKeyError = missingKeyError;
    this.#templateName = template.name;
    this.#vars.push({ name: "$", value: data });
  }

  at(node: { pos: number }, text: string): void {
    this.#node = { pos: node.pos, text };
  }

  error(message: string): never {
    if (!this.#node) throw new TemplateExecError(`template: ${this.#templateName}: ${message}`);
    const before = this.template.text.slice(0, this.#node.pos);
    const newline = before.lastIndexOf("\n");
    const column = newline < 0 ? this.#node.pos : this.#node.pos - newline - 1;
    const line = before.split("\n").length;
    throw new TemplateExecError(
      `template: ${this.template.name}:${line}:${column}: executing ${JSON.stringify(this.#templateName)} at <${this.#node.text}>: ${message}`,
    );
  }

  walkList(nodes: readonly Node[], dot: GoValue): void {
    for (const node of nodes) this.walk(node, dot);
  }

  walk(node: Node, dot: GoValue): void {
    switch (node.kind) {
      case "text":
        this.out += node.text;
        return;
      case "action": {
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.out += printable(value);
        return;
      }
      case "range":
        this.walkRange(node, dot);
        return;
      case "if":
      case "with": {
        const mark = this.#vars.length;
        const value = this.evalPipeline(dot, node.pipe);
        if (isTrue(value)) this.walkList(node.list, node.kind === "with" ? value : dot);
        else if (node.elseList) this.walkList(node.elseList, dot);
        this.#vars.length = mark;
        return;
      }
      case "template": {
        const body = this.template.templates.get(node.name);
        const call = `{{template ${JSON.stringify(node.name)}${node.pipe ? ` ${argString(node.pipe)}` : ""}}}`;
        this.at(node, call);
        if (!body) this.error(`template ${JSON.stringify(node.name)} not defined`);
        if (this.#calls.length >= MAX_DEPTH) this.error(`exceeded maximum template depth (${MAX_DEPTH})`);
        const value = node.pipe ? this.evalPipeline(dot, node.pipe) : null;
        const saved = { vars: this.#vars, name: this.#templateName };
        this.#vars = [{ name: "$", value }];
        this.#templateName = node.name;
        this.#calls.push({ node, call, caller: saved.name });
        try {
          this.walkList(body, value);
        } catch (error) {
          // (Handling it can overflow too, as a RangeError or, compiling a regular expression, a SyntaxError:
          // a frame without the room rethrows to its caller's.)
          if (!(error instanceof Error && error.message.includes(STACK_OVERFLOW))) throw error;
          const stop = callAtMaxDepth(this.#calls);
          this.#templateName = stop.caller;
          this.at(stop.node, stop.call);
          this.error(`exceeded maximum template depth (${MAX_DEPTH})`);
        } finally {
          this.#calls.pop();
          this.#vars = saved.vars;
          this.#templateName = saved.name;
        }
        return;
      }
      case "break":
      case "continue":
        // A signal, not an error: the enclosing range catches it.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw new LoopSignal(node.kind);
    }
  }

  walkRange(node: ControlNode, dot: GoValue): void {
    const mark = this.#vars.length;
    const value = this.evalPipeline(dot, { ...node.pipe, decl: [] });
    this.#vars.length = mark;
    const entries: [GoValue, GoValue][] = [];
    const count = intValue(value);
    if (Array.isArray(value)) value.forEach((v, i) => entries.push([new GoInt(i), v]));
    else if (isMap(value)) for (const k of sortedKeys(value)) entries.push([k, value[k]]);
    else if (count !== undefined)
      for (let i = 0n; i < count; i++) {
        const n = typeof value === "bigint" ? i : new GoInt(i);
        entries.push([n, n]);
      }
    else if (value !== null && value !== undefined) {
      this.error(`range can't iterate over ${formatValue(value, "v", PLAIN)}`);
    }
    if (entries.length === 0) {
      if (node.elseList) this.walkList(node.elseList, dot);
      return;
    }
    for (const [key, element] of entries) {
      const [first, second] = node.pipe.decl;
      if (first !== undefined)
        this.#setOrPush(first, second === undefined ? element : key, node.pipe.isAssign);
      if (second !== undefined) this.#setOrPush(second, element, node.pipe.isAssign);
      try {
        this.walkList(node.list, element);
      } catch (signal) {
        if (!(signal instanceof LoopSignal)) throw signal;
        if (signal.kind === "break") break;
      } finally {
        this.#vars.length = Math.max(mark, node.pipe.isAssign ? this.#vars.length : mark);
      }
    }
    this.#vars.length = mark;
  }

  #setOrPush(name: string, value: GoValue, assign: boolean): void {
    if (assign) this.#setVar(name, value);
    else this.#vars.push({ name, value });
  }

  #setVar(name: string, value: GoValue): void {
    for (let i = this.#vars.length - 1; i >= 0; i--) {
      const v = this.#vars[i]!;
      if (v.name === name) {
        v.value = value;
        return;
      }
    }
    this.error(`undefined variable: ${name}`);
  }

  #varValue(name: string): GoValue {
    for (let i = this.#vars.length - 1; i >= 0; i--)
      if (this.#vars[i]!.name === name) return this.#vars[i]!.value;
    return this.error(`undefined variable: ${name}`);
  }

  evalPipeline(dot: GoValue, pipe: Pipeline): GoValue {
    this.at(pipe, argString(pipe));
    let final: Final = NO_FINAL;
    for (const cmd of pipe.cmds) final = { value: this.evalCommand(dot, cmd, final) };
    const result = final?.value;
    for (const name of pipe.decl) this.#setOrPush(name, result, pipe.isAssign);
    return result;
  }

  evalCommand(dot: GoValue, cmd: Command, final: Final): GoValue {
    const first = cmd.args[0]!;
    // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- the other kinds are values, handled after the switch
    switch (first.kind) {
      case "field":
        this.at(first, argString(first));
        return this.evalFields(dot, first.ident, cmd, final);
      case "chain": {
        this.at(first, argString(first));
        const base = this.evalArg(dot, first.node);
        if (base === null || base === undefined)
          this.error(`indirection through explicit nil in ${argString(first)}`);
        return this.evalFields(base, first.fields, cmd, final);
      }
      case "identifier":
        return this.evalFunction(dot, first.name, cmd, final);
      case "pipeline":
        this.#notAFunction(cmd, final);
        return this.evalPipeline(dot, first);
      case "variable":
        return this.evalVariable(first, cmd, final);
      default:
        break;
    }
    this.at(first, argString(first));
    this.#notAFunction(cmd, final);
    // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- the kinds that return above cannot reach here
    switch (first.kind) {
      case "bool":
        return first.value;
      case "dot":
        return dot;
      case "nil":
        return this.error("nil is not a command");
      default:
        return first.value;
    }
  }

  #notAFunction(cmd: Command, final: Final): void {
    if (cmd.args.length > 1 || final !== NO_FINAL)
      this.error(`can't give argument to non-function ${argString(cmd.args[0]!)}`);
  }

  evalVariable(node: Extract<Arg, { kind: "variable" }>, cmd: Command | undefined, final: Final): GoValue {
    this.at(node, argString(node));
    const [name = "$", ...fields] = node.ident;
    const value = this.#varValue(name);
    if (fields.length === 0) {
      if (cmd) this.#notAFunction(cmd, final);
      return value;
    }
    return this.evalFields(value, fields, cmd, final);
  }

  /** A chain of fields (`.a.b`) on a receiver: map keys, Go's errors for everything else. */
  evalFields(receiver: GoValue, fields: readonly string[], cmd: Command | undefined, final: Final): GoValue {
    let value = receiver;
    fields.forEach((field, i) => {
      const hasArgs =
        i === fields.length - 1 && cmd !== undefined && (cmd.args.length > 1 || final !== NO_FINAL);
      value = this.evalField(value, field, hasArgs);
    });
    return value;
  }

  evalField(receiver: GoValue, field: string, hasArgs: boolean): GoValue {
    if (receiver === undefined) {
      if (this.missingKeyError) this.error(`nil data; no entry for key ${JSON.stringify(field)}`);
      return undefined;
    }
    if (receiver === null) this.error(`nil pointer evaluating interface {}.${field}`);
    if (isMap(receiver)) {
      if (hasArgs) this.error(`${field} is not a method but has arguments`);
      if (Object.hasOwn(receiver, field)) return receiver[field];
      if (this.missingKeyError) this.error(`map has no entry for key ${JSON.stringify(field)}`);
      return undefined;
    }
    // Every value reached through a map or slice is an interface{} to Go's reflection.
    return this.error(`can't evaluate field ${field} in type interface {}`);
  }

  evalFunction(dot: GoValue, name: string, cmd: Command, final: Final): GoValue {
    const identifier = cmd.args[0]!;
    this.at(identifier, name);
    const fn = this.functions.get(name);
    if (!fn) return this.error(`${JSON.stringify(name)} is not a defined function`);
    const argNodes = cmd.args.slice(1);
    const count = argNodes.length + (final === NO_FINAL ? 0 : 1);
    const variadic = fn.params.at(-1)?.startsWith("...") ?? false;
    const fixed = variadic ? fn.params.length - 1 : fn.params.length;
    if (variadic ? count < fixed : count !== fixed)
      this.error(
        `wrong number of args for ${name}: want ${variadic ? "at least " : ""}${fixed} got ${count}`,
      );
    const typeOf = (i: number): string =>
      i < fixed ? fn.params[i]! : (fn.params.at(-1) ?? "any").replace("...", "");
    const evaluated = new Map<number, GoValue>();
    const lazy = (i: number): GoValue => {
      if (!evaluated.has(i)) {
        const node = argNodes[i];
        const value = node === undefined ? final?.value : this.evalTypedArg(dot, node, typeOf(i));
        if (node === undefined) this.#checkType(value, typeOf(i));
        evaluated.set(i, value);
      }
      return evaluated.get(i);
    };
    // and/or evaluate lazily (Go 1.18); every other function gets all its arguments first.
    const args = name === "and" || name === "or" ? [] : Array.from({ length: count }, (_, i) => lazy(i));
    try {
      const argText = (i: number): string => {
        const node = argNodes[i];
        if (node !== undefined) return argString(node);
        const value = lazy(i);
        return typeof value === "string" ? value : `<${goTypeName(value)} Value>`;
      };
      return fn.call(args, { lazy, count, argText });
    } catch (error) {
      if (!(error instanceof FunctionError)) throw error;
      this.at(cmd, argString(cmd));
      return this.error(`error calling ${name}: ${error.message}`);
    }
  }

  /** An argument evaluated for a parameter of type `string` or `any`, with Go's type errors. */
  evalTypedArg(dot: GoValue, node: Arg, type: string): GoValue {
    this.at(node, argString(node));
    if (type === "string") {
      if (node.kind === "string") return node.value;
      if (node.kind === "number" || node.kind === "bool")
        this.error(`expected string; found ${argString(node)}`);
      if (node.kind === "nil") this.error("cannot assign nil to string");
    }
    if (type === "any" && node.kind === "nil") return null;
    const value = this.evalArg(dot, node);
    this.#checkType(value, type);
    return value;
  }

  #checkType(value: GoValue, type: string): void {
    if (type !== "string") return;
    if (value === undefined) this.error("invalid value; expected string");
    if (typeof value !== "string")
      this.error(
        `wrong type for value; expected string; got ${value === null ? "interface {}" : goTypeName(value)}`,
      );
  }

  evalArg(dot: GoValue, node: Arg): GoValue {
    this.at(node, argString(node));
    switch (node.kind) {
      case "dot":
        return dot;
      case "nil":
        return this.error("cannot assign nil to reflect.Value");
      case "field":
        return this.evalFields(dot, node.ident, undefined, NO_FINAL);
      case "variable":
        return this.evalVariable(node, undefined, NO_FINAL);
      case "pipeline":
        return this.evalPipeline(dot, node);
      case "identifier":
        return this.evalFunction(dot, node.name, { kind: "command", pos: node.pos, args: [node] }, NO_FINAL);
      case "chain": {
        const base = this.evalArg(dot, node.node);
        if (base === null || base === undefined)
          this.error(`indirection through explicit nil in ${argString(node)}`);
        return this.evalFields(base, node.fields, undefined, NO_FINAL);
      }
      case "bool":
      case "number":
      case "string":
        return node.value;
    }
  }
}

/** The previous command's value in a pipeline (`x | f` passes it as f's last argument), if any. */
type Final = { value: GoValue } | undefined;

const NO_FINAL: Final = undefined;

/** An action's value as text/template prints it: `<no value>` for nothing or a nil interface. */
function printable(value: GoValue): string {
  if (value === undefined || value === null) return "<no value>";
  if (value instanceof GoFunctionValue) return "<function>";
  return sprint([value]);
}
