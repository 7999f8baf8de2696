/**
 * `APIObject`: one Kubernetes object, with its kind's metadata in static fields (STYLE.md §8). The verbs
 * return instances of it; its own verbs (static `get`/`list`, instance `create`, `patch`, `scale`…) act on
 * one object; per-kind subclasses add behaviour. An instance wraps the server's JSON
 * as it is (no copy), so wrapping a 20,000-item list costs one small object per item.
 */
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import { stringify } from "yaml";
import type { Api } from "../api.ts";
import { KUBECONFIG_YAML_OPTIONS } from "../config/kubeconfig.ts";
import { ConflictError, InvalidObjectError, NotFoundError } from "../errors.ts";
import type { DeleteOptions } from "../verbs/delete.ts";
import type { ListOptions } from "../verbs/get.ts";
import type { ApplyOptions, PatchOptions } from "../verbs/patch.ts";
import type { ApiWatchOptions } from "../verbs/watch.ts";
import type { WriteOptions } from "../verbs/write-input.ts";
import type { WatchEvent } from "../watch/types.ts";
import { defaultApi } from "./default-api.ts";
import { metadataChanges, type MetadataArg } from "./metadata-args.ts";
import { ownerReference, withOwner, type OwnerLike, type OwnerOptions } from "./owner.ts";
import { scaleObject, type ScaleOptions } from "./scale.ts";
import { waitFor, type WaitOptions } from "./wait.ts";
import { sleep } from "../internal/sleep.ts";

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

/** Options of the static {@link APIObject.get}. */
export interface ObjectGetOptions {
  /** @default the client's namespace (ignored for cluster-scoped kinds) */
  namespace?: string | undefined;
  /** The client to use, and to give the object. @default the process's default `api()` */
  api?: Api | undefined;
  /**
   * Milliseconds during which a missing object is asked for again (backoff from 100 ms to 1 s), so an
   * object created a moment ago is found, as kr8s's `get(timeout=2)` does. `0` asks once.
   * @default 2000
   */
  timeout?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** Options of the static {@link APIObject.list}: those of `Api.list`, plus the client. */
export interface ObjectListOptions extends ListOptions {
  /** The client to use, and to give the objects. @default the process's default `api()` */
  api?: Api | undefined;
}

/** Options of {@link APIObject.patch}: `Api.patch`'s, with `merge` as the default type. */
export interface ObjectPatchOptions extends Omit<PatchOptions, "namespace"> {
  /** @default "merge" (works for every kind, custom resources included; kr8s's default) */
  type?: PatchOptions["type"];
}

/** Options of {@link APIObject.delete}. */
export interface ObjectDeleteOptions extends Omit<DeleteOptions, "namespace" | "ignoreNotFound"> {
  /**
   * Remove the object at once, without waiting for its graceful termination (kubectl's `--force`):
   * `gracePeriodSeconds` becomes `0` unless given.
   */
  force?: boolean | undefined;
}

/** Options of {@link APIObject.watch}: `Api.watch`'s, minus what the object itself decides. */
export type ObjectWatchOptions = Omit<ApiWatchOptions, "namespace" | "name" | "raw">;

/** Options of the verbs that only read or write the object once. */
export interface ObjectRequestOptions {
  signal?: AbortSignal | undefined;
}

/**
 * A class whose instances are `T`: what `this` is in the static verbs, so `Pod.get("web")` is a `Pod`.
 */
export type ObjectClass<T> = new (raw: never, options?: APIObjectOptions) => T;

/** How long {@link APIObject.get} asks again for a missing object, by default (kr8s's 2 s). */
const DEFAULT_GET_TIMEOUT_MS = 2000;

/** Options of the {@link APIObject} constructor. */
export interface APIObjectOptions {
  /** The client the object's own verbs use; the process's default `api()` when omitted. */
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
  /**
   * Whether `scale()` works on the kind: it has a `scale` subresource (discovery says which), or it is scaled
   * through the spec field {@link scalableSpec} (a Job's `parallelism`).
   */
  static readonly scalable: boolean = false;
  /** The field of `spec` holding the replica count (a dotted path for a nested one). @default "replicas" */
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
   * The object called `name`, as an instance of the calling class (`Pod.get("web")` is a `Pod`). A missing
   * object is asked for again during `timeout` ms, so one being created right now is found.
   * @example
   * const web = await Pod.get("web", { namespace: "prod" });
   * @throws {NotFoundError} when the object did not appear within `timeout`.
   * @throws {KubeConfigError} when no `api` is given and there is no usable kubeconfig.
   */
  static async get<T>(this: ObjectClass<T>, name: string, options: ObjectGetOptions = {}): Promise<T> {
    const k = options.api ?? (await defaultApi());
    const { signal } = options;
    const deadline = Date.now() + (options.timeout ?? DEFAULT_GET_TIMEOUT_MS);
    for (let backoff = 100; ; backoff = Math.min(backoff * 2, 1000)) {
      try {
        const [found] = await k.get(this as unknown as APIObjectClass, name, {
          namespace: options.namespace,
          signal,
        });
        return found as unknown as T;
      } catch (error) {
        const left = deadline - Date.now();
        if (!(error instanceof NotFoundError) || left <= 0) throw error;
        await sleep(Math.min(backoff, left), signal);
      }
    }
  }

  /**
   * Every object of the calling class's kind (in the client's namespace unless `namespace` is given; `ALL`
   * for every namespace), page by page, as instances of the calling class.
   * @example
   * for await (const pod of Pod.list({ labelSelector: { app: "web" } })) console.log(pod.name);
   */
  static async *list<T>(
    this: ObjectClass<T>,
    options: ObjectListOptions = {},
  ): AsyncGenerator<T, void, undefined> {
    const { api: given, ...listOptions } = options;
    const k = given ?? (await defaultApi());
    for await (const object of k.list(this as unknown as APIObjectClass, { ...listOptions, raw: false }))
      yield object as unknown as T;
  }

  /** The class of this instance, as the verbs take it. */
  get #cls(): APIObjectClass {
    return this.constructor as APIObjectClass;
  }

  /** `Pod ns/web`, for messages. */
  get #label(): string {
    const name = this.name || `${this.metadata.generateName ?? ""}*`;
    return `${this.kind} ${this.namespace === undefined ? name : `${this.namespace}/${name}`}`;
  }

  /** The name the verbs address; an object still without one (never created) cannot be. */
  #requireName(verb: string): string {
    if (this.name) return this.name;
    throw new InvalidObjectError(`cannot ${verb} ${this.#label}: it has no metadata.name`, {
      suggestions: [
        this.metadata.generateName === undefined
          ? "set metadata.name"
          : "create() it first: the server picks the name of a generateName object",
      ],
    });
  }

  /** Takes the server's answer as the object's JSON. */
  #take(object: APIObject): this {
    this.raw = object.raw as unknown as Raw;
    return this;
  }

  /** `raw` as the verbs take it. */
  #json(): KubeObject {
    return this.raw as unknown as KubeObject;
  }

  /**
   * Whether the object exists on the server (a GET; `raw` is left as it is).
   * @throws {InvalidObjectError} when the object has no name.
   */
  async exists(options: ObjectRequestOptions = {}): Promise<boolean> {
    const k = await this.client();
    try {
      await k.get(this.#cls, this.#requireName("look up"), { namespace: this.namespace, ...options });
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  /**
   * Creates the object (POST) and takes the server's answer (name, uid, defaults, status) as `raw`. The
   * JSON it was constructed from is not modified, so one `generateName` spec can make several objects.
   * Without a namespace it goes to the client's.
   * @throws {ConflictError} (`AlreadyExists`) when it exists; {@link apply} creates or updates.
   * @throws {InvalidError} when the server refuses the object, with the server's message and causes.
   */
  async create(options: Omit<WriteOptions, "namespace"> = {}): Promise<this> {
    const k = await this.client();
    const [created] = await k.create(this.#json(), options);
    return this.#take(created as APIObject);
  }

  /**
   * Reads the object again and takes the server's state as `raw`.
   * @throws {NotFoundError} when it no longer exists.
   */
  async refresh(options: ObjectRequestOptions = {}): Promise<this> {
    const k = await this.client();
    const [found] = await k.get(this.#cls, this.#requireName("refresh"), {
      namespace: this.namespace,
      ...options,
    });
    return this.#take(found as APIObject);
  }

  /**
   * Patches the object and takes the result as `raw`. `type`: `merge` (default), `json` (a list of RFC 6902
   * operations), `strategic` (built-in kinds), `apply`.
   * @example
   * await deploy.patch({ spec: { replicas: 2 } });
   * await pod.patch([{ op: "replace", path: "/metadata/labels", value: { app: "db" } }], { type: "json" });
   * @throws {NotFoundError} when it no longer exists; {@link InvalidError} when the server refuses the result.
   */
  async patch(patch: unknown, options: ObjectPatchOptions = {}): Promise<this> {
    const k = await this.client();
    const patched = await k.patch(this.#cls, this.#requireName("patch"), patch, {
      ...options,
      type: options.type ?? "merge",
      namespace: this.namespace,
    });
    return this.#take(patched);
  }

  /**
   * Server-side apply of `raw` (field manager `kr8s` unless given): creates the object or updates the
   * fields this manager owns, and takes the result as `raw` (with `dryRun`, the result the server would
   * have stored).
   * @throws {ConflictError} with `conflicts` when another manager owns a field; `force: true` takes it.
   */
  async apply(options: Omit<ApplyOptions, "namespace"> = {}): Promise<this> {
    const k = await this.client();
    this.#requireName("apply");
    const [applied] = await k.apply(this.#json(), options);
    return this.#take(applied as APIObject);
  }

  /**
   * Replaces the object with `raw` (PUT) and takes the result. With `metadata.resourceVersion` in `raw` (an
   * object read from the server has it) the write fails if the object changed since.
   * @throws {ConflictError} (`Conflict`) when the object changed since it was read: `refresh()` and retry.
   */
  async replace(options: Omit<WriteOptions, "namespace"> = {}): Promise<this> {
    const k = await this.client();
    this.#requireName("replace");
    return this.#take(await k.replace(this.#json(), options));
  }

  /**
   * Deletes the object. Resolves once the server has accepted the deletion (a pod's graceful termination or
   * finalizers may keep it a while; `force` removes it at once). An object that is already gone is not an
   * error: the call succeeds at once.
   * @throws {InvalidObjectError} when the object has no name.
   */
  async delete(options: ObjectDeleteOptions = {}): Promise<void> {
    const k = await this.client();
    const { force, ...rest } = options;
    // kubectl's --force: grace period 0 unless one is given (kubectl delete's `o.GracePeriod < 0` rule).
    const gracePeriodSeconds = rest.gracePeriodSeconds ?? (force ? 0 : undefined);
    await k.delete(this.#cls, this.#requireName("delete"), {
      ...rest,
      gracePeriodSeconds,
      namespace: this.namespace,
      ignoreNotFound: true,
    });
  }

  /**
   * Changes to this object (a watch of its collection with a `metadata.name` field selector): first its
   * current state as `ADDED`, then every change, each event carrying a new instance of this class. `raw`
   * follows the events. Leaving the loop or aborting `signal` ends the watch.
   * @example
   * for await (const { type, object } of pod.watch()) if (object.status?.phase === "Running") break;
   */
  async *watch(options: ObjectWatchOptions = {}): AsyncGenerator<WatchEvent<this>, void, undefined> {
    const k = await this.client();
    const name = this.#requireName("watch");
    for await (const event of k.watch(this.#cls, { ...options, namespace: this.namespace, name })) {
      this.raw = event.object.raw as unknown as Raw;
      yield event as unknown as WatchEvent<this>;
    }
  }

  /**
   * Sets or removes labels (one merge patch) and takes the result. Arguments: `"key=value"`, `"key-"`
   * (remove), or an object (`null` removes). Keys may be prefixed (`app.kubernetes.io/name=web`).
   * @example
   * await pod.label("tier=web", "app.kubernetes.io/part-of=shop", "old-");
   * await pod.label({ tier: "db", old: null });
   * @throws {InvalidArgumentError} for a string that is neither `key=value` nor `key-`.
   * @throws {InvalidError} when the server refuses a key or value (with its message).
   */
  async label(...labels: MetadataArg[]): Promise<this> {
    return this.patch({ metadata: { labels: metadataChanges("label", labels) } });
  }

  /** Removes labels by key (an absent key is no error). See {@link label}. */
  async removeLabel(...keys: string[]): Promise<this> {
    return this.patch({
      metadata: { labels: metadataChanges("label", [Object.fromEntries(keys.map((k) => [k, null]))]) },
    });
  }

  /** Sets or removes annotations, as {@link label} does labels. */
  async annotate(...annotations: MetadataArg[]): Promise<this> {
    return this.patch({ metadata: { annotations: metadataChanges("annotation", annotations) } });
  }

  /**
   * Makes `owner` an owner of this object (an ownerReference with `controller` and `blockOwnerDeletion`
   * set, as client-go's `NewControllerRef`): deleting the owner then garbage-collects this object. An
   * earlier reference to the same owner is replaced, other owners are kept. The object is read first and
   * written with its resourceVersion, so a concurrent change is never overwritten (a conflict retries).
   * @throws {InvalidArgumentError} when the owner has no uid (not created yet) or is in another namespace.
   */
  async setOwner(owner: OwnerLike, options: OwnerOptions = {}): Promise<this> {
    const { signal } = options;
    for (let attempt = 1; ; attempt++) {
      await this.refresh({ signal });
      const reference = ownerReference(owner, { label: this.#label, namespace: this.namespace }, options);
      try {
        return await this.patch(
          {
            metadata: {
              resourceVersion: this.metadata.resourceVersion,
              ownerReferences: withOwner(this.metadata.ownerReferences, reference),
            },
          },
          { signal },
        );
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 5) throw error;
      }
    }
  }

  /** Makes this object an owner of `child` (`child.setOwner(this)`); resolves with the child. */
  async adopt<Child extends { setOwner(owner: OwnerLike, options?: OwnerOptions): Promise<unknown> }>(
    child: Child,
    options: OwnerOptions = {},
  ): Promise<Child> {
    await child.setOwner(this, options);
    return child;
  }

  /**
   * Sets the replica count and resolves once the kind's controller has observed it
   * (`status.observedGeneration` ≥ the generation the write produced), followed on a watch. Kinds with a
   * `scale` subresource (Deployment, ReplicaSet, StatefulSet, custom resources that declare one) are scaled
   * through it; other kinds whose class is `scalable` through `spec[scalableSpec]` (a dotted path; Job:
   * `parallelism`), and those wait only when the object's status reports `observedGeneration` (a Job's does
   * not: it resolves once the write is accepted). A custom resource whose controller does not report
   * `observedGeneration` needs `wait: false`. `raw` becomes the observed state.
   * @example
   * await deploy.scale(3);
   * @throws {InvalidArgumentError} when the kind cannot be scaled or `replicas` is not a whole number ≥ 0.
   * @throws {APITimeoutError} when the controller has not observed the change within `timeout` ms.
   * @throws {NotFoundError} when the object is gone, or is deleted while waiting.
   */
  async scale(replicas: number, options: ScaleOptions = {}): Promise<this> {
    const k = await this.client();
    const target = { name: this.#requireName("scale"), namespace: this.namespace, label: this.#label };
    this.raw = (await scaleObject(k, this.#cls, target, replicas, options)) as unknown as Raw;
    return this;
  }

  /**
   * The object as YAML (YAML 1.1 quoting, as kubectl reads it: a string such as `"yes"` stays quoted).
   * @example
   * console.log(pod.toYAML());
   */
  toYAML(): string {
    return stringify(this.raw, { ...KUBECONFIG_YAML_OPTIONS, lineWidth: 0 });
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

/**
 * A class of {@link APIObject} for one kind: what the registry hands out and the verbs accept as a kind.
 * Without a type argument it is any such class, typed ones included (`Pod` holds a `Pod` JSON from
 * `kubernetes-types`, which `KubeObject` cannot stand for: its `apiVersion` is the literal `"v1"`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the verbs build a class's instances from the JSON the server sent for its kind, which is what the class's own type describes
export type APIObjectClass<Raw extends KubeObjectShape = any> = (new (
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

/**
 * An instance of any kind's class, whatever its JSON type (`Pod`, `Deployment`, a generic class…): what
 * functions taking "an object" accept. (`APIObject<KubeObjectShape>` would not do: `spec` is typed per kind.)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- every kind's JSON type
export type AnyAPIObject = APIObject<any>;
