import type {
  ContainerPort,
  EnvVar,
  Pod as PodJSON,
  ResourceRequirements,
} from "kubernetes-types/core/v1.js";
import { InvalidArgumentError } from "../../errors.ts";
import type { APIObjectOptions } from "../api-object.ts";
import { definedFields, refreshRaw } from "../object-helpers.ts";
import type { AttachOptions, AttachResult, ExecOptions, ExecResult } from "../../streams/exec.ts";
import type { CopyOptions, CopyResult } from "../../streams/cp.ts";
import { copyWithPod, execIn, StreamingObject } from "../streaming.ts";

/** What {@link Pod.gen} builds a Pod from: one container, like `kubectl run`. */
export interface PodGenOptions {
  /** `metadata.name`; give it or `generateName`. */
  name?: string | undefined;
  /** `metadata.generateName`: the server appends a random suffix. */
  generateName?: string | undefined;
  /** The container image (required). */
  image: string;
  /** @default the client's namespace, when the Pod is sent */
  namespace?: string | undefined;
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
  /** The container's `command` (replaces the image's entrypoint). */
  command?: string[] | undefined;
  /** The container's `args`. */
  args?: string[] | undefined;
  /** Environment variables: `{NAME: "value"}`, or the API's `EnvVar` list (for `valueFrom`). */
  env?: Record<string, string> | EnvVar[] | undefined;
  /** Container ports: numbers (`containerPort`) or full `ContainerPort` objects. */
  ports?: number | readonly (number | ContainerPort)[] | undefined;
  resources?: ResourceRequirements | undefined;
  imagePullPolicy?: "Always" | "IfNotPresent" | "Never" | undefined;
  /** @default "Always" (kr8s's `Pod.gen`; `kubectl run` also defaults to `Always`) */
  restartPolicy?: "Always" | "OnFailure" | "Never" | undefined;
  /** @default `name`, else `"container"` (as kr8s) */
  containerName?: string | undefined;
}

function envList(env: PodGenOptions["env"]): EnvVar[] | undefined {
  if (env === undefined) return undefined;
  return Array.isArray(env) ? env : Object.entries(env).map(([name, value]) => ({ name, value }));
}

function portList(ports: PodGenOptions["ports"]): ContainerPort[] | undefined {
  if (ports === undefined) return undefined;
  const list = typeof ports === "number" ? [ports] : ports;
  return list.map((port) => (typeof port === "number" ? { containerPort: port } : port));
}

/** A Pod (`v1`, namespaced): one or more containers scheduled together on a node. */
export class Pod extends StreamingObject<PodJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "Pod";
  static override readonly plural = "pods";
  static override readonly singular = "pod";
  static override readonly shortNames = ["po"];
  static override readonly namespaced = true;

  /**
   * A Pod with one container, not yet sent to the server (create or apply it), like kr8s's `Pod.gen` and
   * `kubectl run`.
   * @example
   * const pod = Pod.gen({ name: "web", image: "nginx", ports: [80], env: { MODE: "dev" } });
   * await k.create(pod);
   * @throws {InvalidArgumentError} without `image`, or without both `name` and `generateName`.
   */
  static gen<T extends typeof Pod>(
    this: T,
    options: PodGenOptions,
    objectOptions?: APIObjectOptions,
  ): InstanceType<T> {
    if (!options.image)
      throw new InvalidArgumentError("Pod.gen needs an image", {
        suggestions: ['pass image, e.g. image: "nginx"'],
      });
    if (!options.name && !options.generateName)
      throw new InvalidArgumentError("Pod.gen needs a name or a generateName", {
        suggestions: ['pass name: "web" (or generateName: "web-" for a server-made name)'],
      });
    const raw: PodJSON = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: definedFields({
        name: options.name,
        generateName: options.generateName,
        namespace: options.namespace,
        labels: options.labels,
        annotations: options.annotations,
      }),
      spec: {
        containers: [
          {
            name: options.containerName ?? (options.name || "container"),
            image: options.image,
            ...definedFields({
              command: options.command,
              args: options.args,
              env: envList(options.env),
              ports: portList(options.ports),
              resources: options.resources,
              imagePullPolicy: options.imagePullPolicy,
            }),
          },
        ],
        restartPolicy: options.restartPolicy ?? "Always",
      },
    };
    return new this(raw, objectOptions) as InstanceType<T>;
  }

  /**
   * Whether the Pod is Ready (its `Ready` condition is `True`), read from the server now; `raw` is
   * updated with what the server returned.
   * @throws {NotFoundError} when the Pod does not exist.
   */
  async ready(): Promise<boolean> {
    await refreshRaw(await this.client(), this);
    return isPodReady(this.raw);
  }

  /**
   * Runs `command` in this pod, like `kubectl exec` (WebSocket v5, v4 fallback): captured output and the exact
   * exit code, or streamed to given writables; `check` (default true) throws `ExecError` on a non-zero exit.
   * See `exec()` in `@kr8s/core` for every option and error.
   * @example
   * const { stdout, exitCode } = await pod.exec(["date"]);
   */
  override async exec(
    command: readonly string[],
    options?: ExecOptions & { encoding?: "utf8" },
  ): Promise<ExecResult<string>>;
  override async exec(
    command: readonly string[],
    options: ExecOptions & { encoding: "buffer" },
  ): Promise<ExecResult<Buffer>>;
  override async exec(
    command: readonly string[],
    options: ExecOptions = {},
  ): Promise<ExecResult<string | Buffer>> {
    return execIn(await this.client(), this, command, options);
  }

  /**
   * Attaches to the container's main process, like `kubectl attach`. See `attach()` in `@kr8s/core`.
   * @example
   * await pod.attach({ stdout: process.stdout, timeout: 5000 });
   */
  async attach(options: AttachOptions & { encoding?: "utf8" } = {}): Promise<AttachResult<string>> {
    const { attach } = await import("../../streams/exec.ts");
    return attach(await this.client(), { name: this.name, namespace: this.namespace }, options);
  }

  /**
   * Copies files or directories between this machine and the pod, like `kubectl cp` (tar over exec): the pod's
   * side is spelled `<pod>:<path>`. See `cp()` in `@kr8s/core`.
   * @example
   * await pod.cp("./site", `${pod.name}:/usr/share/nginx/html`);
   */
  async cp(src: string, dst: string, options: CopyOptions = {}): Promise<CopyResult> {
    return copyWithPod(
      await this.client(),
      { name: this.name, namespace: this.namespace },
      src,
      dst,
      options,
    );
  }
}

/** Whether a Pod's JSON has the `Ready` condition `True` (kubectl's `podutil.IsPodReady`). */
export function isPodReady(pod: PodJSON): boolean {
  return pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}
