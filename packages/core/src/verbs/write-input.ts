/**
 * Objects handed to the write verbs: checked (kind, apiVersion, name, namespace) and resolved before the
 * first write, then written one by one so a refusal midway can say which were written.
 */
import { InvalidObjectError, PartialWriteError } from "../errors.ts";
import type { Query } from "../http/query.ts";
import type { VerbContext } from "../internal/verb-context.ts";
import { APIObject, type APIObjectClass, type KubeObject } from "../objects/api-object.ts";
import type { KindInfo } from "../objects/registry.ts";
import { wrap } from "./get.ts";

/**
 * An object as the write verbs take it: plain API JSON or an `APIObject` of any kind (`Pod`, whose JSON is
 * typed, as well as generic classes).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an object of any kind, whatever its JSON type
export type ObjectInput = KubeObject | APIObject<any>;

/** Options every write verb takes: the API's own names. */
export interface WriteOptions {
  /**
   * Namespace for objects that carry none (namespaced kinds only). An object whose own namespace differs is
   * refused, as kubectl refuses it. @default the client's namespace
   */
  namespace?: string | undefined;
  /** Let the server validate and answer without persisting anything (`dryRun=All`). */
  dryRun?: boolean | "All" | undefined;
  /** The field manager recorded for the change. */
  fieldManager?: string | undefined;
  /** What the server does with unknown or duplicate fields: `Strict` refuses, `Warn` (server default), `Ignore`. */
  fieldValidation?: "Strict" | "Warn" | "Ignore" | undefined;
  signal?: AbortSignal | undefined;
}

/** An object ready to send. */
export interface PreparedObject {
  readonly body: KubeObject;
  readonly info: KindInfo;
  readonly cls: APIObjectClass;
  /** The namespace segment of its URL (undefined for cluster-scoped kinds). */
  readonly namespace: string | undefined;
  /** `metadata.name` (undefined only for `generateName` creates). */
  readonly name: string | undefined;
  /** `Pod ns/web`, `Namespace dev`: how errors name it. */
  readonly label: string;
}

/** The query parameters of a write. */
export function writeQuery(options: WriteOptions): Query {
  return {
    dryRun: options.dryRun === true || options.dryRun === "All" ? "All" : undefined,
    fieldManager: options.fieldManager,
    fieldValidation: options.fieldValidation,
  };
}

function asArray(objects: ObjectInput | readonly ObjectInput[]): readonly ObjectInput[] {
  return Array.isArray(objects) ? (objects as readonly ObjectInput[]) : [objects as ObjectInput];
}

function describe(info: KindInfo, namespace: string | undefined, name: string): string {
  return `${info.kind} ${namespace === undefined ? name : `${namespace}/${name}`}`;
}

/**
 * Checks and resolves every object before anything is written.
 * @throws {InvalidObjectError} naming the object (its position when there are several) and what is missing.
 * @throws {UnknownKindError} when the cluster does not serve an object's kind.
 */
export async function prepareObjects(
  ctx: VerbContext,
  objects: ObjectInput | readonly ObjectInput[],
  options: WriteOptions & { nameRequired: boolean },
): Promise<PreparedObject[]> {
  const list = asArray(objects);
  if (list.length === 0) throw new InvalidObjectError("no objects given");
  const several = list.length > 1;
  return Promise.all(
    list.map(async (input, position) => {
      const index = several ? position : undefined;
      const fail = (message: string, suggestions: string[] = []): never => {
        throw new InvalidObjectError(message, { ...(index === undefined ? {} : { index }), suggestions });
      };
      const body: KubeObject = input instanceof APIObject ? (input.raw as KubeObject) : input;
      if (typeof body !== "object" || body === null || Array.isArray(body))
        fail("an object must be a Kubernetes object (a plain JSON object with apiVersion, kind, metadata)");
      if (typeof body.kind !== "string" || body.kind === "")
        fail("the object has no `kind`", ["set `kind`, e.g. `kind: Pod`"]);
      if (typeof body.apiVersion !== "string" || body.apiVersion === "")
        fail(`the ${String(body.kind)} has no \`apiVersion\``, ["set `apiVersion`, e.g. `apiVersion: v1`"]);
      const meta = body.metadata ?? {};
      const name = typeof meta.name === "string" && meta.name !== "" ? meta.name : undefined;
      if (name === undefined && (options.nameRequired || typeof meta.generateName !== "string"))
        fail(`the ${String(body.kind)} has no \`metadata.name\``, [
          options.nameRequired ? "set `metadata.name`" : "set `metadata.name` or `metadata.generateName`",
        ]);
      const resolved = await ctx.resolveObject(
        body.apiVersion as string,
        body.kind as string,
        options.signal,
      );
      const own = typeof meta.namespace === "string" && meta.namespace !== "" ? meta.namespace : undefined;
      if (resolved.info.namespaced && own && options.namespace !== undefined && own !== options.namespace)
        fail(`the namespace of the object ("${own}") does not match the namespace "${options.namespace}"`, [
          `pass namespace: "${own}", or change the object's namespace`,
        ]);
      const namespace = resolved.info.namespaced ? (own ?? options.namespace ?? ctx.namespace) : undefined;
      return {
        body,
        info: resolved.info,
        cls: resolved.cls,
        namespace,
        name,
        label: describe(resolved.info, namespace, name ?? `${String(meta.generateName)}*`),
      };
    }),
  );
}

/**
 * Writes prepared objects in order. With one object the server's error is thrown as it is; with several, a
 * refusal becomes a {@link PartialWriteError} saying which were written and which not.
 */
export async function writeEach(
  ctx: VerbContext,
  verb: string,
  prepared: readonly PreparedObject[],
  write: (object: PreparedObject) => Promise<KubeObject>,
): Promise<APIObject[]> {
  const results: APIObject[] = [];
  for (const [index, object] of prepared.entries()) {
    try {
      results.push(wrap(ctx, object.cls, object.info, await write(object)));
    } catch (error) {
      if (prepared.length === 1) throw error;
      throw new PartialWriteError(
        verb,
        prepared.slice(0, index).map((p) => p.label),
        prepared.slice(index).map((p) => p.label),
        error,
      );
    }
  }
  return results;
}
