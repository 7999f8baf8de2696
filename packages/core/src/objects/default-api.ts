/**
 * The client objects use when none was given (`new Pod({...}).create()`): one `api()` per process, kept for
 * its lifetime, like kr8s's default client. Idle keep-alive sockets do not hold the process open.
 */
import type { Api } from "../api.ts";

let shared: Promise<Api> | undefined;

/**
 * The process's default client, created by the first call with `api()`'s defaults (kubeconfig, context
 * and namespace found like kubectl). A failed creation is not kept: the next call tries again.
 * @throws {KubeConfigError} when no usable configuration is found.
 */
export function defaultApi(): Promise<Api> {
  if (!shared) {
    // Imported when first needed, not at the top: api.ts → registry.ts → the built-in classes → api-object.ts
    // → here would be a cycle in which a built-in class module could run before `APIObject` exists.
    const created = import("../api.ts").then(({ api }) => api());
    shared = created;
    created.catch(() => {
      if (shared === created) shared = undefined;
    });
  }
  return shared;
}
