import type { Node as NodeJSON, Taint } from "kubernetes-types/core/v1.js";
import type { Api } from "../../api.ts";
import { ConflictError } from "../../errors.ts";
import { APIObject, type APIObjectClass } from "../api-object.ts";
import { refreshRaw } from "../object-helpers.ts";
import { drainNode, type DrainOptions, type DrainResult } from "./drain.ts";
import { changeTaints, parseTaintSpec, type TaintSpec } from "./taints.ts";

/** Options of {@link Node.taint}. */
export interface TaintOptions {
  /** Replace the value of a taint that exists with the same key and effect (`--overwrite`). @default false */
  overwrite?: boolean | undefined;
}

/** How often a taint change is tried again when the node changed between reading and writing it. */
const TAINT_ATTEMPTS = 5;

/** A Node (`v1`, cluster-scoped): a machine Pods run on. */
export class Node extends APIObject<NodeJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "Node";
  static override readonly plural = "nodes";
  static override readonly singular = "node";
  static override readonly shortNames = ["no"];
  static override readonly namespaced = false;

  /** Whether `spec.unschedulable` is set (the node is cordoned), as last read. */
  get unschedulable(): boolean {
    return this.raw.spec?.unschedulable ?? false;
  }

  /** `spec.taints` as last read (`[]` when none). */
  get taints(): Taint[] {
    return this.raw.spec?.taints ?? [];
  }

  async #setUnschedulable(k: Api, value: true | null): Promise<void> {
    // kubectl's patch: `false` is the zero value, so uncordon removes the field rather than writing false.
    const patched = await k.patch(
      this.constructor as APIObjectClass,
      this.name,
      { spec: { unschedulable: value } },
      { type: "merge" },
    );
    this.raw = patched.raw as NodeJSON;
  }

  /**
   * `kubectl cordon`: marks the node unschedulable, so no new Pod is scheduled on it. `raw` becomes the
   * patched node. Cordoning a cordoned node changes nothing.
   * @throws {NotFoundError} when the node does not exist.
   */
  async cordon(): Promise<void> {
    await this.#setUnschedulable(await this.client(), true);
  }

  /**
   * `kubectl uncordon`: makes the node schedulable again (removes `spec.unschedulable`, as kubectl does).
   * @throws {NotFoundError} when the node does not exist.
   */
  async uncordon(): Promise<void> {
    await this.#setUnschedulable(await this.client(), null);
  }

  /**
   * `kubectl taint`: adds and removes taints. A spec is a string of kubectl's grammar (`"key=value:Effect"`,
   * `"key:Effect"` to add; `"key=value:Effect-"`, `"key:Effect-"`, `"key-"` to remove) or a
   * {@link TaintSpec} (`{key, value, effect}`, `remove: true`). The change is written with the node's
   * `resourceVersion`, so a concurrent writer's change is never lost (a conflict re-reads and retries).
   * @example
   * await node.taint("dedicated=gpu:NoSchedule");
   * await node.taint({ key: "dedicated", effect: "NoSchedule", remove: true });
   * @throws {InvalidArgumentError} for a malformed spec or unknown effect, a taint to add that exists with the
   * same key and effect (without `overwrite`), or a taint to remove that is not there (kubectl's messages).
   * @throws {NotFoundError} when the node does not exist.
   */
  async taint(
    specs: string | TaintSpec | readonly (string | TaintSpec)[],
    options: TaintOptions = {},
  ): Promise<void> {
    const list = (Array.isArray(specs) ? specs : [specs]) as (string | TaintSpec)[];
    const parsed = list.map((spec) => (typeof spec === "string" ? parseTaintSpec(spec) : spec));
    const k = await this.client();
    for (let attempt = 1; ; attempt++) {
      const node = await refreshRaw(k, this);
      const taints = changeTaints(this.name, node.spec?.taints ?? [], parsed, options.overwrite ?? false);
      try {
        // A merge patch replaces the whole list; the resourceVersion makes the server refuse it (409) if the
        // node changed since it was read.
        const patched = await k.patch(
          this.constructor as APIObjectClass,
          this.name,
          {
            metadata: { resourceVersion: node.metadata?.resourceVersion },
            spec: { taints: taints.length > 0 ? taints : null },
          },
          { type: "merge" },
        );
        this.raw = patched.raw as NodeJSON;
        return;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= TAINT_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * `kubectl drain`: cordons the node, then evicts its Pods through the Eviction API so PodDisruptionBudgets
   * are honoured (an eviction they refuse is retried every 5 s until they allow it), and waits until every
   * evicted Pod is gone. Pods are followed by UID: a Pod recreated elsewhere under the same name (a
   * StatefulSet's) counts as gone. DaemonSet Pods and mirror Pods are left in place (`ignoreDaemonSets`
   * defaults to true, unlike kubectl). Progress goes to `onProgress`. The node stays cordoned.
   * @example
   * await node.drain({ timeout: 120_000, onProgress: (e) => console.log(e.type, "pod" in e ? e.pod.name : "") });
   * @throws {DrainError} before any eviction, naming the Pods kubectl would refuse too: local storage without
   * `deleteEmptyDirData`, no controller without `force`, DaemonSet Pods with `ignoreDaemonSets: false`.
   * @throws {APITimeoutError} when `timeout` passes first, naming each Pod left and why (e.g. the
   * PodDisruptionBudget's refusal).
   * @throws {ServerError} when the server refuses an eviction for another reason than a disruption budget.
   */
  async drain(options: DrainOptions = {}): Promise<DrainResult> {
    const k = await this.client();
    return drainNode(k, this.name, () => this.#setUnschedulable(k, true), options);
  }
}
