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
import type { AnyAPIObject } from "./api-object.ts";

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
