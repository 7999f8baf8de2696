// Resources as discovery describes them, for tests and benchmarks of code that takes a ResourceRef
// (watch, informer) before a kind string can be resolved through discovery.
import type { ResourceRef } from "../src/internal/resource.ts";

const core = (kind: string, plural: string): ResourceRef => ({
  group: "",
  version: "v1",
  kind,
  plural,
  namespaced: true,
});

export const configMaps = core("ConfigMap", "configmaps");
export const pods = core("Pod", "pods");
export const events = core("Event", "events");
