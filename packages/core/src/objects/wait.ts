/**
 * `APIObject.wait`: kubectl's `wait --for=…` conditions (kubectl/pkg/cmd/wait) for one object, several at
 * once (any or all). It watches the object (a list+watch of its name, as kubectl's `UntilWithSync` does),
 * never polls, and judges each state the watch delivers.
 */
import type { Api } from "../api.ts";
import { APITimeoutError, InvalidArgumentError, NotFoundError } from "../errors.ts";
import { compileJsonPath, relaxedJsonPath, type JsonPath } from "../jsonpath/jsonpath.ts";
import { scalarText } from "../jsonpath/format.ts";
import type { APIObject, APIObjectClass, KubeObject, KubeObjectShape } from "./api-object.ts";

/** How several conditions combine: `any` returns when one holds, `all` when all hold on the same state. */
export type WaitMode = "any" | "all";

/** Options of `APIObject.wait`. */
export interface WaitOptions {
  /** @default "any" */
  mode?: WaitMode | undefined;
  /**
   * Milliseconds to wait before failing with an `APITimeoutError`; `0` checks the current state once (as
   * `kubectl wait --timeout=0`). Omitted: no limit (end it with `signal`).
   */
  timeout?: number | undefined;
  /** Aborting it ends the wait with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** One parsed wait condition. */
export type WaitCondition =
  | { readonly type: "delete"; readonly text: string }
  | { readonly type: "create"; readonly text: string }
  | { readonly type: "condition"; readonly text: string; readonly name: string; readonly status: string }
  | {
      readonly type: "jsonpath";
      readonly text: string;
      /** The one-action template, e.g. `{.status.phase}`. */
      readonly template: string;
      /** The expected value; undefined: the field only has to exist. */
      readonly value: string | undefined;
      readonly path: JsonPath;
    };

const FORMS =
  "conditions are `delete`, `create`, `condition=Type` or `condition=Type=value`, `jsonpath={.path}=value` or `jsonpath={.path}`";

/**
 * Parses one condition as `kubectl wait --for` takes it: `delete`, `create`, `condition=Type[=value]` (value
 * `true` by default), `jsonpath={expr}=value` or `jsonpath={expr}` (the field exists). The expression may be
 * quoted (`jsonpath='{.status.phase}'=Running`, as a shell user writes it) and may be a bare path
 * (`jsonpath=.status.phase=Running`); an `=` inside its braces, brackets or quotes is never taken for the
 * separator (kubectl 1.32 splits filters with `!=`, `<=`, `>=` apart). Quotes around the value are dropped.
 * @throws {InvalidArgumentError} for anything else, an empty condition type or expression, or a
 *   template kubectl's JSONPath would not parse.
 */
export function parseWaitCondition(text: string): WaitCondition {
  const lower = text.toLowerCase();
  if (lower === "delete" || lower === "create") return { type: lower, text };
  if (text.startsWith("condition=")) {
    const rest = text.slice("condition=".length);
    const equals = rest.indexOf("=");
    const name = equals === -1 ? rest : rest.slice(0, equals);
    const status = equals === -1 ? "true" : rest.slice(equals + 1);
    if (name === "" || status === "")
      throw invalid(text, "condition=Type or condition=Type=value needs a type and, after `=`, a value");
    return { type: "condition", text, name, status };
  }
  if (text.startsWith("jsonpath=")) {
    const { expression, value } = splitJsonPathCondition(text, text.slice("jsonpath=".length));
    if (expression === "") throw invalid(text, "the JSONPath expression is empty");
    if (value === "") throw invalid(text, "a value must follow `=`, like jsonpath={.status.readyReplicas}=3");
    const template = relaxedJsonPath(expression);
    return { type: "jsonpath", text, template, value, path: compileJsonPath(template) };
  }
  throw invalid(text, FORMS);
}

function invalid(text: string, why: string): InvalidArgumentError {
  return new InvalidArgumentError(`invalid wait condition ${JSON.stringify(text)}: ${why}`, {
    suggestions: [FORMS],
  });
}

/** Splits `{expr}=value`, `'{expr}'=value`, `.a.b=value` (value undefined when there is no `=`). */
function splitJsonPathCondition(
  text: string,
  input: string,
): { expression: string; value: string | undefined } {
  let end: number;
  const first = input[0];
  if (first === "'" || first === '"') {
    end = input.indexOf(first, 1);
    if (end === -1) throw invalid(text, `the expression's closing ${first} is missing`);
    const rest = input.slice(end + 1);
    if (rest !== "" && !rest.startsWith("=")) throw invalid(text, `expected = after the quoted expression`);
    return { expression: input.slice(1, end), value: valueAfter(rest) };
  }
  end = separatorIndex(input);
  return { expression: input.slice(0, end), value: valueAfter(input.slice(end)) };
}

function valueAfter(rest: string): string | undefined {
  if (rest === "") return undefined;
  return rest.slice(1).replace(/^['"]+|['"]+$/g, "");
}

/** The first `=` outside braces, brackets, parentheses and quotes: filters (`[?(@.a!="b")]`) keep theirs. */
function separatorIndex(input: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < input.length; i++) {
    const char = input[i] as string;
    if (quote) {
      if (char === quote && input[i - 1] !== "\\") quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if ("{[(".includes(char)) depth++;
    else if ("}])".includes(char)) depth--;
    else if (char === "=" && depth <= 0) return i;
  }
  return input.length;
}

/** What a wait has seen of the object: its JSON, or undefined when the list or a DELETED event says it is gone. */
interface Observed {
  /** The object's JSON as last delivered; undefined when it does not exist. */
  readonly object: KubeObject | undefined;
  /** False until the watch has listed: absence means nothing before that. */
  readonly listed: boolean;
}

/**
 * Whether `condition` holds for what was observed. `uid` is the UID of the object the caller holds: an
 * object of the same name with another UID is a new object, so the caller's was deleted (kubectl's rule).
 * @throws {InvalidArgumentError} for a JSONPath that matches several values or a map or list (kubectl
 *   refuses to compare those).
 */
export function conditionHolds(
  condition: WaitCondition,
  observed: Observed,
  uid: string | undefined,
): boolean {
  const { object } = observed;
  switch (condition.type) {
    case "delete":
      if (object === undefined) return observed.listed;
      return uid !== undefined && object.metadata?.uid !== undefined && object.metadata.uid !== uid;
    case "create":
      return object !== undefined;
    case "condition":
      return object !== undefined && statusCondition(object, condition) === "met";
    case "jsonpath":
      return object !== undefined && jsonPathValue(object, condition).met;
  }
}

type ConditionState = "met" | "absent" | "stale" | "other";

/** kubectl's `checkCondition`: type and status compared case-insensitively, stale generations ignored. */
function statusCondition(
  object: KubeObject,
  condition: Extract<WaitCondition, { type: "condition" }>,
): ConditionState {
  const found = conditionsOf(object).find((entry) => equalFold(entry.type, condition.name));
  if (!found || typeof found.status !== "string") return "absent";
  const generation = object.metadata?.generation;
  if (typeof generation === "number") {
    const observedGeneration = found.observedGeneration ?? statusOf(object).observedGeneration;
    if (typeof observedGeneration === "number" && observedGeneration < generation) return "stale";
  }
  return equalFold(found.status, condition.status) ? "met" : "other";
}

interface StatusCondition {
  type?: unknown;
  status?: unknown;
  reason?: unknown;
  observedGeneration?: unknown;
}

function statusOf(object: KubeObject): { conditions?: unknown; observedGeneration?: unknown } {
  const status = object.status;
  return typeof status === "object" && status !== null ? status : {};
}

function conditionsOf(object: KubeObject): StatusCondition[] {
  const conditions = statusOf(object).conditions;
  return Array.isArray(conditions)
    ? conditions.filter((entry): entry is StatusCondition => typeof entry === "object" && entry !== null)
    : [];
}

function equalFold(a: unknown, b: string): boolean {
  return typeof a === "string" && a.toLowerCase() === b.toLowerCase();
}

/** The value a JSONPath condition sees, and whether it meets the condition (kubectl's `checkCondition`). */
function jsonPathValue(
  object: KubeObject,
  condition: Extract<WaitCondition, { type: "jsonpath" }>,
): { met: boolean; text: string | undefined; failure?: string } {
  let results: unknown[][];
  try {
    results = condition.path.execute(object);
  } catch (error) {
    // An index past the end of a list that is still filling up: not there yet, as an absent key.
    return { met: false, text: undefined, failure: (error as Error).message };
  }
  const values = results[0] ?? [];
  if (values.length === 0) return { met: false, text: undefined };
  if (values.length > 1)
    throw new InvalidArgumentError(
      `wait condition ${JSON.stringify(condition.text)}: ${condition.template} matches more than one value`,
    );
  const [value] = values;
  // kubectl: without a value any match will do, a map or list included.
  if (condition.value === undefined) return { met: true, text: scalarText(value) };
  if (typeof value === "object" && value !== null)
    throw new InvalidArgumentError(
      `wait condition ${JSON.stringify(condition.text)}: ${condition.template} leads to a nested object or list, which cannot be compared`,
    );
  const text = scalarText(value);
  return { met: text.trim() === condition.value.trim(), text };
}

/** "What it saw last" for one condition, for the timeout message (never a value of a Secret). */
function describe(condition: WaitCondition, observed: Observed, kind: string): string {
  const { object } = observed;
  if (object === undefined)
    return observed.listed ? "the object does not exist" : "nothing yet (the object was not listed)";
  switch (condition.type) {
    case "delete":
      return "the object still exists";
    case "create":
      return "the object exists";
    case "condition": {
      const state = statusCondition(object, condition);
      const found = conditionsOf(object).find((entry) => equalFold(entry.type, condition.name));
      if (state === "absent") return `no ${condition.name} condition`;
      const reason = typeof found?.reason === "string" ? ` (reason ${found.reason})` : "";
      const stale = state === "stale" ? ", for an older generation of the object" : "";
      return `${condition.name} is ${String(found?.status)}${reason}${stale}`;
    }
    case "jsonpath": {
      const seen = jsonPathValue(object, condition);
      if (seen.failure !== undefined) return `${condition.template} could not be read: ${seen.failure}`;
      if (seen.text === undefined) return `${condition.template} is absent`;
      // The class's kind: objects from a list or a watch often carry no `kind` of their own.
      if (kind === "Secret" || object.kind === "Secret")
        return `${condition.template} has a value (hidden: the object is a Secret)`;
      return `${condition.template} is ${JSON.stringify(seen.text)}`;
    }
  }
}

/**
 * Waits until `conditions` hold for `object` (see `APIObject.wait`); resolves with the object's JSON as last
 * seen (undefined once it is gone).
 */
export async function waitFor(
  object: APIObject<KubeObjectShape>,
  api: Api,
  conditions: string | readonly string[],
  options: WaitOptions = {},
): Promise<KubeObject | undefined> {
  const parsed = (typeof conditions === "string" ? [conditions] : [...conditions]).map(parseWaitCondition);
  const mode = options.mode ?? "any";
  checkArguments(object, parsed, mode, options.timeout);
  const cls = object.constructor as APIObjectClass;
  const uid = object.metadata.uid;
  const holds = (observed: Observed): boolean => {
    const results = parsed.map((condition) => conditionHolds(condition, observed, uid));
    return mode === "all" ? results.every(Boolean) : results.some(Boolean);
  };

  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  let observed: Observed = { object: undefined, listed: false };
  let outcome: { met: true } | { error: unknown } | { timedOut: true } | undefined;
  const finish = (result: NonNullable<typeof outcome>): void => {
    outcome ??= result;
    controller.abort();
  };
  const judge = (): void => {
    try {
      if (holds(observed)) finish({ met: true });
    } catch (error) {
      finish({ error });
    }
  };
  const timer =
    options.timeout !== undefined && options.timeout > 0
      ? setTimeout(() => finish({ timedOut: true }), options.timeout)
      : undefined;

  try {
    const events = api.watch(cls, {
      namespace: object.namespace,
      fieldSelector: `metadata.name=${object.name}`,
      raw: true,
      signal,
      onSynced: () => {
        observed = { object: observed.object, listed: true };
        judge();
        if (outcome) return;
        if (observed.object === undefined && !parsed.some((c) => c.type === "delete" || c.type === "create"))
          finish({ error: notFound(cls, object.name) });
        else if (options.timeout === 0) finish({ timedOut: true });
      },
    });
    for await (const event of events) {
      observed = {
        object: event.type === "DELETED" ? undefined : event.object,
        listed: observed.listed,
      };
      judge();
    }
  } finally {
    clearTimeout(timer);
  }
  if (outcome && "met" in outcome) return observed.object;
  if (outcome && "error" in outcome) throw outcome.error;
  if (outcome && "timedOut" in outcome)
    throw timeoutError(cls, object, parsed, mode, options.timeout ?? 0, observed);
  options.signal?.throwIfAborted();
  throw new APITimeoutError(`the watch of ${cls.plural}/${object.name} ended before the wait was over`);
}

function checkArguments(
  object: APIObject<KubeObjectShape>,
  parsed: WaitCondition[],
  mode: string,
  timeout: number | undefined,
): void {
  if (parsed.length === 0)
    throw new InvalidArgumentError("wait needs at least one condition", { suggestions: [FORMS] });
  if (mode !== "any" && mode !== "all")
    throw new InvalidArgumentError(`wait mode must be "any" or "all", not ${JSON.stringify(mode)}`);
  if (mode === "all" && parsed.length > 1 && parsed.some((c) => c.type === "delete"))
    throw new InvalidArgumentError(
      "delete cannot hold together with another condition: wait for it alone, or use mode any",
    );
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout >= 0))
    throw new InvalidArgumentError(
      `wait timeout must be a number of milliseconds ≥ 0, not ${String(timeout)}`,
    );
  if (object.name === "")
    throw new InvalidArgumentError(
      "wait needs the object's name (metadata.name); generateName objects get theirs from create()",
    );
}

function notFound(cls: APIObjectClass, name: string): NotFoundError {
  return new NotFoundError(404, {
    kind: "Status",
    status: "Failure",
    reason: "NotFound",
    code: 404,
    message: `${cls.plural} "${name}" not found`,
    details: { name, kind: cls.plural },
  });
}

function timeoutError(
  cls: APIObjectClass,
  object: APIObject<KubeObjectShape>,
  conditions: readonly WaitCondition[],
  mode: WaitMode,
  timeout: number,
  observed: Observed,
): APITimeoutError {
  const where = object.namespace ? ` in namespace ${object.namespace}` : "";
  const wanted = conditions.map((c) => c.text).join(mode === "all" ? " and " : " or ");
  const seen = [...new Set(conditions.map((c) => describe(c, observed, cls.kind)))].join("; ");
  return new APITimeoutError(
    `timed out after ${timeout} ms waiting for ${cls.plural}/${object.name}${where} to meet ${wanted}; last seen: ${seen}`,
    {
      suggestions: [
        "give it a longer timeout, or check why the object does not get there (kubectl describe)",
      ],
    },
  );
}
