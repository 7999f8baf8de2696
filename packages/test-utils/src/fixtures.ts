// Test helpers for e2e tests against the harness cluster (local or KR8S_TEST_KUBECONFIG):
// `test` with `kubeconfig` and `namespace` fixtures, and `kubectl()` running the real kubectl.
//
//   import { expect, kubectl, test } from "@kr8s/test-utils/fixtures";
//   test("lists pods", async ({ namespace }) => {
//     const { stdout } = await kubectl(["get", "pods"], { namespace });
//   });
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { referenceKubectl } from "./kubectl.ts";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type RequestListener, type Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { inject, test as base } from "vitest";
import type { ClusterInfo } from "./cluster.ts";
import { run } from "./exec.ts";
import "./provided-context.ts";
import { portForward } from "./kwok-config.ts";

export { describe, expect } from "vitest";
export type { ClusterInfo } from "./cluster.ts";

export interface KubectlOptions {
  /** Adds `--namespace`. */
  readonly namespace?: string;
  /** Written to kubectl's stdin (e.g. a manifest for `apply -f -`). */
  readonly input?: string;
  /** Adds `--context` (e.g. "kr8s-token" for the unprivileged token user). */
  readonly context?: string;
  /** @default the injected harness kubeconfig */
  readonly kubeconfig?: string;
  /** @default 60000 */
  readonly timeoutMs?: number;
}

export interface KubectlResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

function kubectlArgs(args: readonly string[], options: KubectlOptions): string[] {
  return [
    `--kubeconfig=${options.kubeconfig ?? inject("kubeconfig")}`,
    ...(options.context ? [`--context=${options.context}`] : []),
    ...(options.namespace ? [`--namespace=${options.namespace}`] : []),
    ...args,
  ];
}

/**
 * A klog line: `I1204 01:58:24.049560   14927 reflector.go:556] …`. client-go inside kubectl logs these
 * unasked when its informer's watch is cut short (`wait`, `events -w` under load) — diagnostics of
 * kubectl's own machinery, not its output, and they come and go with the machine's load.
 */
const klogLine = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ [\w.-]+:\d+\] .*\n/gm;

/** True when kubectl was asked to log (`-v N`, `-vN`, `--v=N`): then its klog lines are the point. */
function asksForLogs(args: readonly string[]): boolean {
  return args.some((arg) => /^(-v|--v)(=?\d*)$/.test(arg));
}

/**
 * Runs the real kubectl against the harness cluster. Never throws for a non-zero exit. Unless `args`
 * ask for logs (`-v`), klog lines are dropped from stderr (see {@link klogLine}), so a parity test
 * compares what kubectl prints for the user.
 */
export async function kubectl(args: readonly string[], options: KubectlOptions = {}): Promise<KubectlResult> {
  const result = await run(referenceKubectl, kubectlArgs(args, options), {
    timeoutMs: options.timeoutMs ?? 60_000,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  return asksForLogs(args) ? result : { ...result, stderr: result.stderr.replace(klogLine, "") };
}

/** Starts a long-running kubectl (port-forward, logs -f, attach); the caller kills it. */
export function spawnKubectl(
  args: readonly string[],
  options: Omit<KubectlOptions, "input" | "timeoutMs"> = {},
): ChildProcessWithoutNullStreams {
  return spawn(referenceKubectl, kubectlArgs(args, options), { stdio: "pipe" });
}

/** The local cluster's cluster.json, or undefined when running against KR8S_TEST_KUBECONFIG. */
export function clusterInfo(): ClusterInfo | undefined {
  const path = inject("clusterInfo");
  return path === undefined ? undefined : (JSON.parse(readFileSync(path, "utf8")) as ClusterInfo);
}

/**
 * Starts an HTTP server that kwok's port-forward reaches: it listens on 127.0.0.1 on a free port P of the
 * forwarded range, and `kubectl port-forward pod/x :P` (pod port P) arrives at it. See README.md.
 */
export async function startPortForwardTarget(
  listener: RequestListener,
): Promise<{ server: Server; port: number }> {
  for (let port = portForward.first; port <= portForward.last; port++) {
    const server = createServer(listener);
    const ok = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, portForward.address, () => resolve(true));
    });
    if (ok) return { server, port };
  }
  throw new Error(`no free port in ${portForward.first}-${portForward.last} for a port-forward target`);
}

/** A DNS-1123 label from the test name plus a random suffix. */
function namespaceName(testName: string): string {
  const slug = testName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return `e2e-${slug || "test"}-${randomBytes(3).toString("hex")}`;
}

async function waitForDefaultServiceAccount(namespace: string, kubeconfig: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const sa = await kubectl(["get", "serviceaccount", "default", "-o", "name"], { namespace, kubeconfig });
    if (sa.exitCode === 0) return;
    if (Date.now() > deadline)
      throw new Error(`namespace ${namespace} got no default ServiceAccount within 30 s: ${sa.stderr}`);
    await sleep(100);
  }
}

export interface HarnessFixtures {
  /** Path of the kubeconfig (admin is the current context). */
  kubeconfig: string;
  /** A fresh namespace, created before the test and deleted (without waiting) after it. */
  namespace: string;
}

export const test = base.extend<HarnessFixtures>({
  // vitest reads fixture dependencies from the destructuring pattern, so the empty one is required.
  // eslint-disable-next-line no-empty-pattern
  kubeconfig: async ({}, use) => {
    await use(inject("kubeconfig"));
  },
  namespace: async ({ kubeconfig, task }, use) => {
    const name = namespaceName(task.name);
    const created = await kubectl(["create", "namespace", name], { kubeconfig });
    if (created.exitCode !== 0) throw new Error(`creating namespace ${name} failed: ${created.stderr}`);
    // The ServiceAccount admission plugin rejects pods until kube-controller-manager has created the
    // namespace's `default` ServiceAccount (as on any real cluster); wait so tests need not.
    await waitForDefaultServiceAccount(name, kubeconfig);
    await use(name);
    await kubectl(["delete", "namespace", name, "--wait=false", "--ignore-not-found"], { kubeconfig });
  },
});

/** Runs a busybox pod (KWOK makes it Running without a container) and waits until it is Ready. */
export async function runningPod(namespace: string, name = "app"): Promise<string> {
  const created = await kubectl(["run", name, "--image=busybox", "--restart=Never"], { namespace });
  if (created.exitCode !== 0) throw new Error(`kubectl run ${name} failed: ${created.stderr}`);
  const ready = await kubectl(["wait", "--for=condition=Ready", `pod/${name}`, "--timeout=60s"], {
    namespace,
    timeoutMs: 70_000,
  });
  if (ready.exitCode !== 0) throw new Error(`pod ${name} did not become Ready: ${ready.stderr}`);
  return name;
}
