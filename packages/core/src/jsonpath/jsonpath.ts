/**
 * kubectl's JSONPath templates (`kubectl get -o jsonpath=…`, `jsonpath-as-json`, `custom-columns`,
 * `--sort-by`, `kubectl wait --for=jsonpath=…`), compiled once and run on any JSON data. The dialect is
 * client-go's (k8s.io/client-go/util/jsonpath), which differs from other JSONPath libraries: text around
 * `{…}` actions, `{range}`/`{end}`, results joined by spaces, maps printed as JSON.
 */
import { InvalidArgumentError } from "../errors.ts";
import { evaluate, EvaluationFailure } from "./evaluate.ts";
import { goJSON, printValue } from "./format.ts";
import { parseTemplate, type Segment } from "./parse.ts";

/** Options of running a compiled template. */
export interface JsonPathRunOptions {
  /**
   * A key that is not there yields nothing instead of an error — kubectl's default
   * (`--allow-missing-template-keys=true`). An index out of bounds is an error either way, as in kubectl.
   * @default true
   */
  allowMissingKeys?: boolean | undefined;
}

/** A template compiled by {@link compileJsonPath}. */
export interface JsonPath {
  /** The template as given. */
  readonly template: string;
  /**
   * The raw results: one list per literal text, action and `{range}` iteration, in template order (client-go's
   * `FindResults`). Values are the data's own (not copies); literal text is a string.
   * @throws {InvalidArgumentError} when the template cannot run on `data` (an index out of bounds, a filter
   *   comparing a number with a string, a missing key without `allowMissingKeys`…), naming the offset of the
   *   step that failed.
   */
  execute(data: unknown, options?: JsonPathRunOptions): unknown[][];
  /**
   * The text `kubectl -o jsonpath=<template>` prints for `data` (no newline added): strings as they are,
   * numbers as Go prints them, maps and lists as compact JSON with sorted keys, the results of one action
   * separated by spaces.
   * @throws {InvalidArgumentError} as {@link JsonPath.execute} does.
   */
  print(data: unknown, options?: JsonPathRunOptions): string;
  /**
   * The text `kubectl -o jsonpath-as-json=<template>` prints: each action's results as a JSON array indented
   * by four spaces, followed by a newline.
   * @throws {InvalidArgumentError} as {@link JsonPath.execute} does.
   */
  printJSON(data: unknown, options?: JsonPathRunOptions): string;
}

/**
 * Compiles a kubectl JSONPath template: literal text with `{…}` actions. Actions take `$`/`@` (the current
 * object), `.field` (`\.` escapes a dot: `{.metadata.labels.app\.kubernetes\.io/name}`), `['field']`
 * (a path: `['metadata.name']` is `.metadata.name`, as in kubectl), `[n]` and negative `[-1]`, slices
 * `[start:end:step]`, `[*]`, `..` (recursive descent), unions `[0,2]` / `['a','b']`, filters `[?(@.x == "y")]`
 * with `==, !=, <, <=, >, >=` (no `&&`/`||`: kubectl has none) and `[?(@.x)]` (exists), string literals
 * `{"\n"}`, and `{range <path>}…{end}` blocks. Maps are visited in the data's key order (kubectl's order is
 * random), and numbers without a fraction count as integers.
 * @example
 * const names = compileJsonPath('{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}');
 * process.stdout.write(names.print(podList));
 * @throws {InvalidArgumentError} for a template kubectl would not parse, naming the problem and its offset;
 *   also for an identifier other than `range`/`end`/`true`/`false` and an unknown filter operator, which
 *   kubectl only reports when the template runs.
 */
export function compileJsonPath(template: string): JsonPath {
  const segments = parseTemplate(template);
  const execute = (data: unknown, options: JsonPathRunOptions = {}): unknown[][] =>
    run(template, segments, data, options.allowMissingKeys ?? true);
  return {
    template,
    execute,
    print: (data, options) =>
      execute(data, options)
        .map((group) => group.map(printValue).join(" "))
        .join(""),
    printJSON: (data, options) =>
      execute(data, options)
        .map((group) => `${goJSON(group, "    ")}\n`)
        .join(""),
  };
}

function run(
  template: string,
  segments: readonly Segment[],
  data: unknown,
  allowMissingKeys: boolean,
): unknown[][] {
  try {
    return evaluate(segments, data, allowMissingKeys);
  } catch (error) {
    if (!(error instanceof EvaluationFailure)) throw error;
    throw new InvalidArgumentError(
      `JSONPath template ${JSON.stringify(template)} failed at offset ${error.at}: ${error.message}`,
    );
  }
}

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/**
 * The one-action template kubectl makes of a path in `custom-columns`, `--sort-by` and `wait --for=jsonpath`:
 * `metadata.name`, `.metadata.name`, `{metadata.name}` and `{.metadata.name}` all become `{.metadata.name}`
 * (kubectl's `RelaxedJSONPathExpression`). An empty path stays empty.
 * @throws {InvalidArgumentError} for a path with braces inside, or several actions.
 */
export function relaxedJsonPath(path: string): string {
  if (path === "") return path;
  const match = RELAXED.exec(path);
  if (!match)
    throw new InvalidArgumentError(
      `unexpected path string ${JSON.stringify(path)}, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'`,
    );
  return `{.${match[1] ?? match[2] ?? ""}}`;
}
