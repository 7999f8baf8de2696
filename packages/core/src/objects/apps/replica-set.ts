import type { ReplicaSet as ReplicaSetJSON } from "kubernetes-types/apps/v1.js";
import { APIObject } from "../api-object.ts";
import type { Pod } from "../core/pod.ts";
import { refreshRaw } from "../object-helpers.ts";
import { workloadPods } from "./workload.ts";
import type { ExecResult } from "../../streams/exec.ts";
import type { LogsOptions } from "../../streams/logs.ts";
import type { PortForward, PortForwardOptions, PortSpecInput } from "../../streams/port-forward.ts";
import { execIn, logsOf, portForwardTo, type WorkloadExecOptions } from "../streaming.ts";

/** A ReplicaSet (`apps/v1`, namespaced): keeps a number of identical Pods running. */
export class ReplicaSet extends APIObject<ReplicaSetJSON> {
  static override readonly apiVersion = "apps/v1";
  static override readonly kind = "ReplicaSet";
  static override readonly plural = "replicasets";
  static override readonly singular = "replicaset";
  static override readonly shortNames = ["rs"];
  static override readonly namespaced = true;
  static override readonly scalable = true;

  /** The Pods this ReplicaSet controls (its selector's matches whose controller it is). */
  async pods(): Promise<Pod[]> {
    return workloadPods(await this.client(), this, { owned: true });
  }

  /**
   * Whether the controller has seen the latest spec and `spec.replicas` (default 1) Pods are ready
   * (kubectl has no rollout status for ReplicaSets; this is kr8s's rule). `raw` is updated.
   * @throws {NotFoundError} when the ReplicaSet does not exist.
   */
  async ready(): Promise<boolean> {
    const rs = await refreshRaw(await this.client(), this);
    const observed = (rs.status?.observedGeneration ?? 0) >= (rs.metadata?.generation ?? 0);
    return observed && (rs.status?.readyReplicas ?? 0) >= (rs.spec?.replicas ?? 1);
  }
  /**
   * Runs `command` in this ReplicaSet's best Running and Ready pod (kubectl's choice for `kubectl exec rs/<name>`),
   * waiting up to `podRunningTimeout` (ms, default 60000) for one. See `exec()` in `@kr8s/core` for the options,
   * the result and the errors.
   * @example
   * const { stdout } = await rs.exec(["cat", "/etc/hostname"]);
   */
  async exec(command: readonly string[], options: WorkloadExecOptions = {}): Promise<ExecResult<string>> {
    return (await execIn(await this.client(), this, command, options)) as ExecResult<string>;
  }

  /**
   * Forwards local ports to a ready pod of this ReplicaSet, picked again when it goes away (kubectl's `N`, `L:N`, `:N` spellings); close it with `stop()` or `await using`.
   * See `portForward()` in `@kr8s/core`.
   * @example
   * await using pf = await rs.portForward(80);
   * await fetch(`http://127.0.0.1:${pf.localPort}/`);
   */
  async portForward(ports: PortSpecInput, options: PortForwardOptions = {}): Promise<PortForward> {
    return portForwardTo(await this.client(), this, ports, options);
  }

  /**
   * The log lines of every pod of this ReplicaSet, each line prefixed with its pod, as an async iterable (`follow`, `tailLines`, `sinceSeconds`…; a followed stream
   * that drops resumes without losing or repeating lines). See `logs()` in `@kr8s/core`.
   * @example
   * for await (const line of rs.logs({ tailLines: 10 })) console.log(line);
   */
  async *logs(options: LogsOptions = {}): AsyncGenerator<string> {
    yield* logsOf(await this.client(), this, options);
  }
}
