/**
 * `scale()`: write the replica count (the `scale` subresource where the kind has one, else the spec field
 * the class names), then follow the object on a watch until its controller has observed the write.
 */
import type { Api } from "../api.ts";
import { APITimeoutError, InvalidArgumentError, NotFoundError } from "../errors.ts";
import type { APIObjectClass, KubeObject } from "./api-object.ts";
import { kindSpelling } from "./parse-kind.ts";

/** Options of `scale()`. */
export interface ScaleOptions {
  /**
   * Milliseconds to wait for the controller to observe the new count before an `APITimeoutError`.
   * @default 60000
   */
  timeout?: number | undefined;
  /** `false`: resolve once the write is accepted, without waiting for the controller. @default true */
  wait?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

/** The object being scaled. */
export interface ScaleTarget {
  readonly name: string;
  /** Undefined: the client's namespace. */
  readonly namespace: string | undefined;
  /** `Deployment ns/web`, for messages. */
  readonly label: string;
}

const DEFAULT_SCALE_TIMEOUT_MS = 60_000;

/** `{ spec: { a: { b: n } } }` for the dotted path `a.b` (kr8s's `scalable_spec` may be nested). */
function specPatch(path: string, replicas: number): KubeObject {
  const leaf = path.split(".").reduceRight<unknown>((value, key) => ({ [key]: value }), replicas);
  return { spec: leaf };
}

/**
 * Scales `target` to `replicas` and resolves with the object's JSON once its controller has observed the
 * change. See `APIObject.scale` for the rules.
 */
export async function scaleObject(
  k: Api,
  cls: APIObjectClass,
  target: ScaleTarget,
  replicas: number,
  options: ScaleOptions = {},
): Promise<KubeObject> {
  if (!Number.isInteger(replicas) || replicas < 0)
    throw new InvalidArgumentError(`replicas must be a whole number ≥ 0, not ${String(replicas)}`);
  const { signal } = options;
  const where = { namespace: target.namespace, ...(signal ? { signal } : {}) };
  // The class's own `plural` spares discovery in every other verb; here discovery is asked, because only
  // it says whether the kind has a scale subresource (a Job is scaled through a spec field instead).
  const info = await k.lookupKind(kindSpelling(cls.apiVersion, cls.kind), signal);
  if (info.subresources.includes("scale")) {
    // The answer is a Scale, which carries no generation: the first watch event tells it. Every built-in
    // kind with a scale subresource reports status.observedGeneration.
    await k.patch(
      cls,
      target.name,
      { spec: { replicas } },
      { ...where, type: "merge", subresource: "scale" },
    );
    if (options.wait === false) return (await k.get(cls, target.name, where))[0]?.raw ?? {};
    return untilObserved(k, cls, target, replicas, undefined, options);
  }
  if (!cls.scalable)
    throw new InvalidArgumentError(`${target.label} cannot be scaled: ${cls.kind} has no scale subresource`, {
      suggestions: ["scale a Deployment, ReplicaSet, StatefulSet or another kind with a scale subresource"],
    });
  const written = await k.patch(cls, target.name, specPatch(cls.scalableSpec, replicas), {
    ...where,
    type: "merge",
  });
  // A kind scaled through a spec field (a Job) may have no controller that reports observedGeneration:
  // wait only where the object shows that it does.
  if (options.wait === false || observedGeneration(written.raw) === undefined) return written.raw;
  return untilObserved(k, cls, target, replicas, written.metadata.generation, options);
}

/**
 * `status.observedGeneration`, when the object has it. Its absence says nothing about the kind: a
 * Deployment's controller writes conditions without it, right after a scale.
 */
function observedGeneration(object: KubeObject): number | undefined {
  const observed = (object.status as { observedGeneration?: unknown } | undefined)?.observedGeneration;
  return typeof observed === "number" ? observed : undefined;
}

async function untilObserved(
  k: Api,
  cls: APIObjectClass,
  target: ScaleTarget,
  replicas: number,
  generation: number | undefined,
  options: ScaleOptions,
): Promise<KubeObject> {
  const timeoutMs = options.timeout ?? DEFAULT_SCALE_TIMEOUT_MS;
  const timer = new AbortController();
  const timeout = setTimeout(() => timer.abort(), timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timer.signal]) : timer.signal;
  let last: number | undefined;
  let wanted = generation;
  try {
    for await (const { type, object } of k.watch(cls, {
      namespace: target.namespace,
      name: target.name,
      signal,
    })) {
      if (type === "DELETED")
        throw new NotFoundError(404, {
          reason: "NotFound",
          message: `${target.label} was deleted while waiting for it to scale to ${replicas}`,
        });
      wanted ??= object.metadata.generation;
      last = observedGeneration(object.raw);
      if (last !== undefined && wanted !== undefined && last >= wanted) return object.raw;
    }
  } finally {
    clearTimeout(timeout);
  }
  options.signal?.throwIfAborted();
  throw new APITimeoutError(
    `${target.label} was scaled to ${replicas}, but its controller did not observe generation ${String(wanted)} within ${timeoutMs} ms (status.observedGeneration: ${last === undefined ? "not set" : String(last)})`,
    { suggestions: ["check that the kind's controller is running", "pass a longer timeout"] },
  );
}
