import type { KubeObject } from "@kr8s/core";

/**
 * `object` without `metadata.managedFields`, as kubectl's `-o json` and `-o yaml` printers show it unless
 * `--show-managed-fields` (JSONPath and templates see them). The object itself is left as it is.
 */
export function withoutManagedFields<T extends KubeObject>(object: T): T {
  if (!object.metadata?.managedFields) return object;
  const { managedFields: _, ...metadata } = object.metadata;
  return { ...object, metadata };
}
