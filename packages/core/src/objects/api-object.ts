/**
 * `APIObject`: one Kubernetes object, with its kind's metadata in static fields (STYLE.md §8). The verbs
 * return instances of it; per-kind subclasses (issue 8) add behaviour. An instance wraps the server's JSON
 * as it is (no copy), so wrapping a 20,000-item list costs one small object per item.
 */
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import type { Api } from "../api.ts";
import { defaultApi } from "./default-api.ts";
import { waitFor, type WaitOptions } from "./wait.ts";

/** `metadata` of a Kubernetes object (`meta/v1` ObjectMeta, from `kubernetes-types`). */
export type { ObjectMeta };

/**
 * What every object's JSON has in common: the constraint of {@link APIObject}'s type parameter. The typed
 * JSON of `kubernetes-types` (`Pod`, `Deployment`…) satisfies it, as does {@link KubeObject}.
 */
export interface KubeObjectShape {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** The JSON of a Kubernetes object as the API sends and accepts it. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  [field: string]: unknown;
}

/** The type of `spec` in an object's JSON (`undefined` for kinds without one, e.g. ConfigMap). */
export type SpecOf<Raw> = Raw extends { spec?: infer Spec } ? Spec | undefined : undefined;
/** The type of `status` in an object's JSON. */
export type StatusOf<Raw> = Raw extends { status?: infer Status } ? Status | undefined : undefined;

/** Options of the {@link APIObject} constructor. */
export interface APIObjectOptions {
  /** The client the object's own verbs (issue 8) will use; the default `api()` when omitted. */
  api?: Api | undefined;
}

/**
 * A Kubernetes object. Static fields describe its kind; `raw` is the object's JSON.
 * @example
 * const [pod] = await k.get("pods", "web");
 * console.log(pod.name, pod.namespace, pod.labels.app, pod.raw.spec);
 */
export class APIObject<Raw extends KubeObjectShape = KubeObject> {
  /** `v1`, `apps/v1`. */
  static readonly apiVersion: string = "";
  /** `Pod`, `Deployment`. */
  static readonly kind: string = "";
  /** The URL segment, from discovery: `pods`. */
  static readonly plural: string = "";
  /** `pod`. */
  static readonly singular: string = "";
  /** `po`. */
  static readonly shortNames: readonly string[] = [];
  /** Whether objects of this kind live in a namespace. */
  static readonly namespaced: boolean = true;
  /** Whether the kind has a `scale` subresource (`scale()` works on it). */
  static readonly scalable: boolean = false;
  /** The field of `spec` holding the replica count. @default "replicas" */
  static readonly scalableSpec: string = "replicas";

  /** The object's JSON, as the server returned it (not a copy). */
  raw: Raw;
  /** The client this object came from, if any. */
  readonly api: Api | undefined;

  constructor(raw: Raw, options: APIObjectOptions = {}) {
    this.raw = raw;
    this.api = options.api;
  }

  /**
   * The client this object's verbs use: the one it was constructed with, else the process's default
   * `api()` (created on first use).
   * @throws {KubeConfigError} when there is no client and no usable kubeconfig.
   */
  protected client(): Promise<Api> {
    return this.api ? Promise.resolve(this.api) : defaultApi();
  }

  /** The class of this instance: its kind's static metadata. */
  get #kindClass(): typeof APIObject {
    return this.constructor as typeof APIObject;
  }

  /** `metadata.name`; `""` for an object not yet named (e.g. one with `generateName`). */
  get name(): string {
    return this.raw.metadata?.name ?? "";
  }

  /** `metadata.namespace`; undefined for cluster-scoped objects and unsent objects without one. */
  get namespace(): string | undefined {
    return this.raw.metadata?.namespace;
  }

  /** `metadata` (an empty object if the JSON has none). */
  get metadata(): ObjectMeta {
    return this.raw.metadata ?? {};
  }

  /** `spec` of the JSON (undefined for kinds without one, e.g. ConfigMap). */
  get spec(): SpecOf<Raw> {
    return (this.raw as { spec?: unknown }).spec as SpecOf<Raw>;
  }

  /** `status` of the JSON, as last read from the server. */
  get status(): StatusOf<Raw> {
    return (this.raw as { status?: unknown }).status as StatusOf<Raw>;
  }

  /** `metadata.labels` (empty object when none). */
  get labels(): Record<string, string> {
    return this.raw.metadata?.labels ?? {};
  }

  /** `metadata.annotations` (empty object when none). */
  get annotations(): Record<string, string> {
    return this.raw.metadata?.annotations ?? {};
  }

  /** `kind` of the JSON, else the class's. */
  get kind(): string {
    return this.raw.kind ?? this.#kindClass.kind;
  }

  /** `apiVersion` of the JSON, else the class's. */
  get apiVersion(): string {
    return this.raw.apiVersion ?? this.#kindClass.apiVersion;
  }

  /**
   * Waits until the object meets `conditions`, as `kubectl wait --for` does, and returns it with `raw`
   * refreshed to the state that met them. Conditions (kubectl/pkg/cmd/wait):
   * - `condition=Type` / `condition=Type=value`: `status.conditions` has `Type` with that status (default
   *   `true`; type and value compared case-insensitively), not for an older generation (a condition's or
   *   the status's `observedGeneration` behind `metadata.generation` does not count);
   * - `jsonpath={expr}=value` (also quoted, `jsonpath='{expr}'=value`, or a bare `.a.b`): the one value
   *   at kubectl's JSONPath `expr` prints as `value` (so the integer `1` matches `"1"`); while the field is
   *   absent it keeps waiting. `jsonpath={expr}` alone: the field exists;
   * - `delete`: the object is gone — at once if it already is; an object of the same name with another UID
   *   counts as gone;
   * - `create`: an object of this name exists.
   *
   * Several conditions: `mode: "any"` (default) returns when one holds, `"all"` when all hold on one state.
   * It watches the object (no polling). An object that does not exist when the wait starts is a
   * `NotFoundError` unless a condition is `delete` or `create` (kubectl's rule).
   * @example
   * await pod.wait("condition=Ready", { timeout: 60_000 });
   * await deployment.wait(["condition=Available", "jsonpath={.status.readyReplicas}=3"], { mode: "all" });
   * @throws {APITimeoutError} when `timeout` (ms) passes first; its message names the conditions and what
   *   the wait saw last.
   * @throws {InvalidArgumentError} for a condition kubectl would not take, `delete` with others in mode
   *   `all`, or a JSONPath that matches several values or a map.
   * @throws {NotFoundError} as above; the watch's errors (`ForbiddenError`…) as they come; the signal's
   *   reason when `signal` aborts.
   */
  async wait(conditions: string | readonly string[], options: WaitOptions = {}): Promise<this> {
    const seen = await waitFor(this, await this.client(), conditions, options);
    if (seen !== undefined) this.raw = seen as unknown as Raw;
    return this;
  }

  /** The object's JSON (so `JSON.stringify(obj)` is the API form). */
  toJSON(): Raw {
    return this.raw;
  }
}

/** A class of {@link APIObject} for one kind: what the registry hands out. */
export type APIObjectClass<Raw extends KubeObjectShape = KubeObject> = (new (
  raw: Raw,
  options?: APIObjectOptions,
) => APIObject<Raw>) &
  Omit<typeof APIObject, "prototype">;

/** What {@link newClass} needs to know about a kind. */
export interface NewClassOptions {
  kind: string;
  /** `v1`, `apps/v1`, `example.com/v1alpha1`. */
  apiVersion: string;
  /** The plural discovery reports (never guessed from the kind: `endpoints`, `ingresses`…). */
  plural: string;
  /** @default the lower-cased kind */
  singular?: string;
  shortNames?: readonly string[];
  /** @default true */
  namespaced?: boolean;
  /** @default false */
  scalable?: boolean;
  /** @default "replicas" */
  scalableSpec?: string;
}

/**
 * A class for a kind without one of its own (a custom resource, or any kind known only from discovery).
 * @example
 * const Widget = newClass({ kind: "Widget", apiVersion: "example.com/v1", plural: "widgets" });
 * registry.register(Widget);
 */
export function newClass<Raw extends KubeObjectShape = KubeObject>(
  options: NewClassOptions,
): APIObjectClass<Raw> {
  const generic = class extends APIObject<Raw> {
    static override readonly apiVersion = options.apiVersion;
    static override readonly kind = options.kind;
    static override readonly plural = options.plural;
    static override readonly singular = options.singular ?? options.kind.toLowerCase();
    static override readonly shortNames = options.shortNames ?? [];
    static override readonly namespaced = options.namespaced ?? true;
    static override readonly scalable = options.scalable ?? false;
    static override readonly scalableSpec = options.scalableSpec ?? "replicas";
  };
  Object.defineProperty(generic, "name", { value: options.kind });
  return generic;
}
