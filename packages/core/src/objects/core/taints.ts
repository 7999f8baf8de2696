/**
 * `kubectl taint` specs and how they change a node's taints, following kubectl v1.32
 * (`k8s.io/kubectl/pkg/cmd/taint`). Pure: `Node.taint()` reads and writes the node.
 */
import type { Taint } from "kubernetes-types/core/v1.js";
import { InvalidArgumentError } from "../../errors.ts";

/** A taint's effect: what happens to Pods that do not tolerate it. */
export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

/**
 * A taint to add (`{key, value, effect}`), or one to remove (`remove: true`: with `effect`, the taints of that
 * key and effect; without, every taint of the key).
 */
export interface TaintSpec {
  key: string;
  value?: string | undefined;
  effect?: TaintEffect | undefined;
  remove?: boolean | undefined;
}

const EFFECTS: readonly string[] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
// apimachinery's IsQualifiedName: an optional DNS-subdomain prefix and a name of at most 63 characters.
const QUALIFIED_NAME =
  /^(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
// IsValidLabelValue: empty, or at most 63 characters starting and ending with an alphanumeric.
const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

function invalid(spec: string, why?: string): InvalidArgumentError {
  return new InvalidArgumentError(`invalid taint spec: ${spec}${why ? `, ${why}` : ""}`, {
    suggestions: ['write "key=value:Effect" or "key:Effect" to add, "key:Effect-" or "key-" to remove'],
  });
}

/**
 * Parses one spec of `kubectl taint`: `key=value:Effect`, `key:Effect`, and for removal `key=value:Effect-`,
 * `key:Effect-`, `key-`.
 * @throws {InvalidArgumentError} with kubectl's message for a malformed spec or an unknown effect.
 */
export function parseTaintSpec(spec: string): TaintSpec {
  const remove = spec.endsWith("-");
  const body = remove ? spec.slice(0, -1) : spec;
  const parts = body.split(":");
  let key: string;
  let value: string | undefined;
  let effect: TaintEffect | undefined;
  if (parts.length === 1) key = parts[0] ?? "";
  else if (parts.length === 2) {
    const [keyValue = "", rawEffect = ""] = parts;
    if (!EFFECTS.includes(rawEffect))
      throw new InvalidArgumentError(`invalid taint effect: ${rawEffect}, unsupported taint effect`, {
        suggestions: [`use one of ${EFFECTS.join(", ")}`],
      });
    effect = rawEffect as TaintEffect;
    const kv = keyValue.split("=");
    if (kv.length > 2) throw invalid(spec);
    key = kv[0] ?? "";
    if (kv.length === 2) {
      value = kv[1] ?? "";
      if (!LABEL_VALUE.test(value)) throw invalid(spec, "the value must be a valid label value");
    }
  } else throw invalid(spec);
  if (!QUALIFIED_NAME.test(key))
    throw invalid(spec, "the key must be a qualified name such as example.com/key");
  if (!remove && effect === undefined) throw invalid(spec);
  return {
    key,
    ...(value === undefined ? {} : { value }),
    ...(effect === undefined ? {} : { effect }),
    ...(remove ? { remove } : {}),
  };
}

function describe(taint: Pick<TaintSpec, "key" | "value" | "effect">): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ""}${taint.effect ? `:${taint.effect}` : ""}`;
}

/**
 * The node's taints after adding and removing `specs` (kubectl's `reorganizeTaints`): added taints first,
 * then the remaining old ones in their order.
 * @throws {InvalidArgumentError} when a taint to add exists with the same key and effect and `overwrite` is
 * false, when a taint to remove is not there, or when one spec both adds and removes a key and effect.
 */
export function changeTaints(
  node: string,
  current: readonly Taint[],
  specs: readonly TaintSpec[],
  overwrite: boolean,
): Taint[] {
  const add = specs.filter((s) => !s.remove);
  const remove = specs.filter((s) => s.remove);
  const seen = new Set<string>();
  for (const taint of add) {
    const id = `${taint.key}:${taint.effect ?? ""}`;
    if (seen.has(id))
      throw new InvalidArgumentError(`duplicated taints with the same key and effect: ${describe(taint)}`);
    seen.add(id);
    if (remove.some((r) => r.key === taint.key && (r.effect === undefined || r.effect === taint.effect)))
      throw new InvalidArgumentError(
        `can not both modify and remove the following taint(s) in the same command: ${taint.key}`,
      );
  }
  if (!overwrite) {
    const existing = add
      .filter((t) => current.some((c) => c.key === t.key && c.effect === t.effect))
      .map((t) => t.key);
    if (existing.length > 0)
      throw new InvalidArgumentError(
        `node ${node} already has ${existing.join(",")} taint(s) with same effect(s) and overwrite is false`,
        { suggestions: ["pass { overwrite: true } to replace their values"] },
      );
  }
  let result: Taint[] = add.map((t) => ({
    key: t.key,
    effect: t.effect ?? "NoSchedule",
    ...(t.value ? { value: t.value } : {}),
  }));
  for (const old of current)
    if (!result.some((t) => t.key === old.key && t.effect === old.effect)) result.push(old);
  const missing: string[] = [];
  for (const r of remove) {
    const kept = result.filter(
      (t) => !(t.key === r.key && (r.effect === undefined || t.effect === r.effect)),
    );
    if (kept.length === result.length)
      missing.push(`taint "${describe({ key: r.key, effect: r.effect })}" not found`);
    result = kept;
  }
  if (missing.length > 0)
    throw new InvalidArgumentError(missing.join("; "), {
      suggestions: [`read the node's taints: node.spec.taints`],
    });
  return result;
}
