/**
 * Runs a parsed JSONPath template on JSON data with client-go's semantics: each action yields a list of
 * results, a missing key yields nothing (or an error without `allowMissingKeys`), an index out of bounds is
 * an error, `..` visits every non-empty map, list and string, `*` on a string yields its UTF-8 bytes.
 * Maps are visited in the data's own key order (Go visits them in random order).
 */
import { GoFloat } from "./format.ts";
import type { FilterOperator, PathNode, Segment, SliceBound } from "./parse.ts";

/** A failure while running a template on data; `at` is the offset of the step that failed. */
export class EvaluationFailure extends Error {
  readonly at: number;

  constructor(message: string, at: number) {
    super(message);
    this.at = at;
  }
}

/** Runs `segments` on `data`: one list of results per literal, action and range iteration, in order. */
export function evaluate(
  segments: readonly Segment[],
  data: unknown,
  allowMissingKeys: boolean,
): unknown[][] {
  return new Evaluation(allowMissingKeys).segments(segments, [data]);
}

class Evaluation {
  readonly allowMissingKeys: boolean;

  constructor(allowMissingKeys: boolean) {
    this.allowMissingKeys = allowMissingKeys;
  }

  segments(segments: readonly Segment[], current: readonly unknown[]): unknown[][] {
    const groups: unknown[][] = [];
    for (const segment of segments) {
      if (segment.type === "literal") groups.push([segment.text]);
      else if (segment.type === "action") groups.push(this.path(segment.path, current));
      else
        for (const item of this.path(segment.path, current))
          groups.push(...this.segments(segment.body, [item]));
    }
    return groups;
  }

  path(nodes: readonly PathNode[], input: readonly unknown[]): unknown[] {
    let values = input;
    for (const node of nodes) values = this.step(node, values);
    return [...values];
  }

  step(node: PathNode, input: readonly unknown[]): readonly unknown[] {
    switch (node.type) {
      case "text":
        return [node.value];
      case "int":
      case "bool":
        return input.map(() => node.value);
      case "float":
        return input.map(() => (Number.isInteger(node.value) ? new GoFloat(node.value) : node.value));
      case "field":
        return this.field(node.name, node.at, input);
      case "wildcard":
        return input.flatMap(children);
      case "recursive":
        return input.flatMap(descendants);
      case "slice":
        return slice(node.bounds, node.at, input);
      case "union":
        return node.branches.flatMap((branch) => this.path(branch, input));
      case "filter":
        return this.filter(node, input);
    }
  }

  field(name: string, at: number, input: readonly unknown[]): unknown[] {
    if (input.length === 0) return [];
    const results: unknown[] = [];
    for (const value of input) if (isMap(value) && Object.hasOwn(value, name)) results.push(value[name]);
    if (results.length === 0 && !this.allowMissingKeys)
      throw new EvaluationFailure(`${name} is not found`, at);
    return results;
  }

  filter(node: Extract<PathNode, { type: "filter" }>, input: readonly unknown[]): unknown[] {
    const results: unknown[] = [];
    for (const value of input) {
      if (!Array.isArray(value))
        throw new EvaluationFailure(
          `${goTypeName(value)} is not array or slice and cannot be filtered`,
          node.at,
        );
      for (const item of value) {
        if (node.operator === "exists") {
          let found: unknown[] = [];
          try {
            found = this.path(node.left, [item]);
          } catch (error) {
            if (!(error instanceof EvaluationFailure)) throw error;
          }
          if (found.length > 0) results.push(item);
          continue;
        }
        const left = this.operand(node.left, item, node.at);
        if (left === NONE) continue;
        const right = this.operand(node.right, item, node.at);
        if (right === NONE) continue;
        if (compare(node.operator, left, right, node.at)) results.push(item);
      }
    }
    return results;
  }

  operand(nodes: readonly PathNode[], item: unknown, at: number): unknown {
    const values = this.path(nodes, [item]);
    if (values.length === 0) return NONE;
    if (values.length > 1) throw new EvaluationFailure("can only compare one element at a time", at);
    return values[0];
  }
}

const NONE = Symbol("none");

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof GoFloat);
}

/** What `*` yields for one value: a map's values, a list's items, a string's UTF-8 bytes. */
function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isMap(value)) return Object.values(value);
  if (typeof value === "string") return [...Buffer.from(value, "utf8")];
  return [];
}

/** `..`: the value itself when it has children, then every descendant that has children, depth first. */
function descendants(value: unknown): unknown[] {
  const direct = children(value);
  if (direct.length === 0) return [];
  return [value, ...direct.flatMap(descendants)];
}

function slice(
  bounds: readonly [SliceBound, SliceBound, SliceBound],
  at: number,
  input: readonly unknown[],
): unknown[] {
  const results: unknown[] = [];
  const [first, second, third] = bounds;
  for (const value of input) {
    if (value === null) continue;
    if (!Array.isArray(value)) throw new EvaluationFailure(`${goTypeName(value)} is not array or slice`, at);
    const length = value.length;
    let start = first.known ? first.value : 0;
    if (start < 0) start += length;
    let end = second.known ? second.value : length;
    if (end < 0 || (end === 0 && second.derived)) end += length;
    // client-go lets a zero-length slice through without bounds checks, and stops at it.
    if (end === start) return results;
    if (start >= length || start < 0)
      throw new EvaluationFailure(`array index out of bounds: index ${start}, length ${length}`, at);
    if (end > length || end < 0)
      throw new EvaluationFailure(`array index out of bounds: index ${end - 1}, length ${length}`, at);
    if (start > end)
      throw new EvaluationFailure(`starting index ${start} is greater than ending index ${end}`, at);
    const step = third.known ? third.value : 1;
    if (step <= 0) throw new EvaluationFailure("step must be > 0", at);
    for (let i = start; i < end; i += step) results.push(value[i]);
  }
  return results;
}

type Kind = "bool" | "int" | "float" | "string";

/** Go's kind of a JSON value, as client-go's comparisons see it (numbers without a fraction are int64). */
function kindOf(value: unknown, at: number): Kind {
  if (typeof value === "boolean") return "bool";
  if (typeof value === "string") return "string";
  if (value instanceof GoFloat) return "float";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  throw new EvaluationFailure("invalid type for comparison", at);
}

function numeric(value: unknown): unknown {
  return value instanceof GoFloat ? value.value : value;
}

/** Go text/template's `eq`, `lt`…: both sides of the same kind, else an error (kubectl's behaviour). */
function compare(operator: FilterOperator, left: unknown, right: unknown, at: number): boolean {
  const kind = kindOf(left, at);
  if (kindOf(right, at) !== kind) throw new EvaluationFailure("incompatible types for comparison", at);
  const a = numeric(left) as number | string | boolean;
  const b = numeric(right) as number | string | boolean;
  const less = (): boolean => {
    if (kind === "bool") throw new EvaluationFailure("invalid type for comparison", at);
    return a < b;
  };
  switch (operator) {
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return less();
    case "<=":
      return less() || a === b;
    case ">":
      return !(less() || a === b);
    case ">=":
      return !less();
  }
}

/** Go's name for the type of a JSON value, as kubectl's messages name it. */
export function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return "<nil>";
  if (Array.isArray(value)) return "[]interface {}";
  if (value instanceof GoFloat) return "float64";
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int64" : "float64";
  return "map[string]interface {}";
}
