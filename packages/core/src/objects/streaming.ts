/**
 * The streaming methods of the built-in classes (`pod.exec()`, `deployment.portForward()`, `svc.logs()`…):
 * each resolves its target and hands over to `streams/`. The stream modules (and `ws`, `tar`) are imported
 * on first use, so a program that never streams does not load them (STYLE.md §14), and the classes do not
 * import `streams/target.ts`, which imports them.
 */
import type { Api } from "../api.ts";
import type { CopyOptions, CopyResult } from "../streams/cp.ts";
import type { ExecOptions, ExecResult } from "../streams/exec.ts";
import type { LogsOptions } from "../streams/logs.ts";
import type { PodRef } from "../streams/pod-target.ts";
import type { PortForward, PortForwardOptions, PortSpecInput } from "../streams/port-forward.ts";

import type { ProxyHttpRequestOptions, ProxyHttpResponse } from "../streams/proxy.ts";
import { type AnyAPIObject, APIObject, type KubeObjectShape } from "./api-object.ts";

/** Options of `exec()` on a Service or workload: {@link ExecOptions} plus how long to wait for a ready pod. */
export interface WorkloadExecOptions extends ExecOptions {
  /** How long (ms) to wait for a Running and Ready pod when there is none yet. @default 60000 */
  podRunningTimeout?: number;
}

/**
 * The pod a Service or workload runs `exec` in: its best Running and Ready pod by kubectl's order
 * (`kubectl exec deploy/web` picks the same one).
 */
async function readyPodRef(
  k: Api,
  target: AnyAPIObject,
  options: { signal?: AbortSignal | undefined; podRunningTimeout?: number | undefined },
): Promise<PodRef> {
  const { firstReadyPod } = await import("../streams/target.ts");
  const { pod } = await firstReadyPod(k, target, {
    signal: options.signal,
    timeoutMs: options.podRunningTimeout,
  });
  return { name: pod.metadata?.name ?? "", namespace: pod.metadata?.namespace };
}

/** `exec` in the pod itself (a Pod) or in a ready pod of a Service or workload. */
export async function execIn(
  k: Api,
  target: AnyAPIObject,
  command: readonly string[],
  options: WorkloadExecOptions,
): Promise<ExecResult<string | Buffer>> {
  const { exec } = await import("../streams/exec.ts");
  const { podRunningTimeout, ...execOptions } = options;
  const pod: PodRef =
    target.kind === "Pod"
      ? { name: target.name, namespace: target.namespace }
      : await readyPodRef(k, target, { signal: options.signal, podRunningTimeout });
  return exec(k, pod, command, execOptions as ExecOptions & { encoding?: "utf8" });
}

/** `portForward` to the target (a pod, or a ready pod of a Service or workload, re-resolved when it goes). */
export async function portForwardTo(
  k: Api,
  target: AnyAPIObject,
  ports: PortSpecInput,
  options: PortForwardOptions,
): Promise<PortForward> {
  const { portForward } = await import("../streams/port-forward.ts");
  return portForward(k, target, ports, options);
}

/** The log lines of the target's pods (one pod, or every pod of a Service or workload, prefixed). */
export async function* logsOf(k: Api, target: AnyAPIObject, options: LogsOptions): AsyncGenerator<string> {
  const { logs } = await import("../streams/logs.ts");
  yield* logs(k, target, options);
}

/** An HTTP request to the target through the API server's proxy subresource. */
export async function proxyTo(
  k: Api,
  target: AnyAPIObject,
  method: string,
  path: string,
  options: ProxyHttpRequestOptions,
): Promise<ProxyHttpResponse> {
  const { proxyHttpRequest } = await import("../streams/proxy.ts");
  return proxyHttpRequest(k, target, method, path, options);
}

/** `cp` between this machine and a pod (tar over exec). */
export async function copyWithPod(
  k: Api,
  pod: PodRef,
  src: string,
  dst: string,
  options: CopyOptions,
): Promise<CopyResult> {
  const { cp } = await import("../streams/cp.ts");
  return cp(k, pod, src, dst, options);
}

/**
 * The base of the classes whose objects stand for pods: Pod, Service, Deployment, StatefulSet, DaemonSet,
 * ReplicaSet. A Pod streams to itself; the others to their best Running and Ready pod (kubectl's choice), and
 * `logs` fans out over all their pods.
 */
export abstract class StreamingObject<Raw extends KubeObjectShape> extends APIObject<Raw> {
  /**
   * Runs `command` in the pod (for a Service or workload: its best Running and Ready pod, as
   * `kubectl exec deploy/web` picks it, waiting up to `podRunningTimeout` ms, default 60000). See `exec()` in
   * `@kr8s/core` for the options, the result and the errors.
   * @example
   * const { stdout } = await deploy.exec(["cat", "/etc/hostname"]);
   */
  async exec(command: readonly string[], options: WorkloadExecOptions = {}): Promise<ExecResult<string>> {
    return (await execIn(await this.client(), this, command, options)) as ExecResult<string>;
  }

  /**
   * Forwards local ports to the pod (kubectl's `N`, `L:N`, `:N` spellings; Service ports map to the pod's
   * targetPort; a workload's pod is picked again when it goes away); close it with `stop()` or `await using`.
   * See `portForward()` in `@kr8s/core`.
   * @example
   * await using pf = await svc.portForward(80);
   * await fetch(`http://127.0.0.1:${pf.localPort}/`);
   */
  async portForward(ports: PortSpecInput, options: PortForwardOptions = {}): Promise<PortForward> {
    return portForwardTo(await this.client(), this, ports, options);
  }

  /**
   * The log lines of the pod (or of every pod of a Service or workload, each line prefixed with its pod), as an
   * async iterable; a followed stream that drops resumes without losing or repeating lines. See `logs()` in
   * `@kr8s/core`.
   * @example
   * for await (const line of deploy.logs({ tailLines: 10 })) console.log(line);
   */
  async *logs(options: LogsOptions = {}): AsyncGenerator<string> {
    yield* logsOf(await this.client(), this, options);
  }

  /**
   * An HTTP request through the API server's proxy subresource (`…/proxy/<path>`) to the pod or Service (a
   * workload: its best ready pod); any answer of the backend is returned, errors included. See
   * `proxyHttpRequest()` in `@kr8s/core`.
   * @example
   * const res = await svc.proxyHttpRequest("GET", "/healthz");
   */
  async proxyHttpRequest(
    method: string,
    path: string,
    options: ProxyHttpRequestOptions = {},
  ): Promise<ProxyHttpResponse> {
    return proxyTo(await this.client(), this, method, path, options);
  }
}
