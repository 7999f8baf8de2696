// vitest global setup for the e2e projects: one control plane per test run.
// - KR8S_TEST_KUBECONFIG set: run against that cluster (kind, cloud, ...) and start nothing.
// - the local cluster already up (`pnpm cluster up`): reuse it and leave it running.
// - otherwise: start the local cluster and tear it down when the run ends.
// Tests read the paths with `inject("kubeconfig")` / `inject("clusterInfo")` (or use fixtures.ts).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { clusterDown, clusterUp } from "./cluster.ts";
import "./provided-context.ts";

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.KR8S_TEST_KUBECONFIG;
  if (external) {
    const path = resolve(external);
    if (!existsSync(path)) throw new Error(`KR8S_TEST_KUBECONFIG points at ${path}, which does not exist`);
    project.provide("kubeconfig", path);
    project.provide("clusterInfo", undefined);
    return undefined;
  }
  const result = await clusterUp();
  project.provide("kubeconfig", result.kubeconfig);
  project.provide("clusterInfo", result.clusterInfo);
  // Only the run that started the cluster stops it; a cluster someone brought up stays up.
  return result.reused ? undefined : () => clusterDown();
}
