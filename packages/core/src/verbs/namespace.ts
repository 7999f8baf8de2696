/** `ALL` and how the verbs pick the namespace of a request. */
import type { KindInfo } from "../objects/registry.ts";

/**
 * Every namespace: pass as `namespace` to `get`, `list` (and `watch`) — kubectl's `--all-namespaces`.
 * A registered symbol, so it is the same value in every copy of @kr8s/core.
 * @example
 * for (const pod of await k.get("pods", { namespace: ALL })) console.log(pod.namespace, pod.name);
 */
export const ALL: unique symbol = Symbol.for("kr8s.ALL") as never;

/** A namespace, or {@link ALL}. */
export type NamespaceOption = string | typeof ALL;

/**
 * The namespace segment of a request: none for cluster-scoped kinds and for `ALL`, else the given one,
 * else the client's default.
 */
export function requestNamespace(
  info: Pick<KindInfo, "namespaced">,
  namespace: NamespaceOption | undefined,
  fallback: string,
): string | undefined {
  if (!info.namespaced || namespace === ALL) return undefined;
  return namespace ?? fallback;
}
