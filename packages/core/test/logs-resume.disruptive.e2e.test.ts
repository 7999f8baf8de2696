// A followed log stream that outlives its API server: the stream dies with the server, reopening it fails
// while the server is down, and once it is back the stream goes on from the last line's timestamp — every
// line appended before, during and after the restart arrives exactly once and in order. `kubectl logs -f`
// on the same pod is the reference for what other clients do: it stops when the connection goes.
// Runs in the disruptive vitest project (after every other e2e test), because it takes the API server away.
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach } from "vitest";
import { api, logs } from "@kr8s/core";
import { clusterInfo, expect, runningPod, spawnKubectl, test } from "@kr8s/test-utils/fixtures";
import { killApiServer } from "@kr8s/test-utils/restart";

let restarted: Promise<void> | undefined;
afterAll(async () => {
  await restarted; // never leave the cluster without its API server
});

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

test("logs({follow: true}) receives every line appended before, during and after an API server restart, once and in order", async ({
  kubeconfig,
  namespace,
}) => {
  const pod = await runningPod(namespace);
  // Every KWOK container "logs" the harness's pod.log: append to it, and put it back afterwards.
  const file = clusterInfo()?.simulation.podLogFile ?? "";
  const original = await readFile(file, "utf8");
  cleanups.push(() => writeFile(file, original));
  const appended: string[] = [];
  const append = async (label: string): Promise<void> => {
    const text = `${label} ${appended.length + 1} ${namespace}`;
    appended.push(text);
    await appendFile(file, `${new Date().toISOString()} stdout F ${text}\n`);
  };

  const k = await api({ kubeconfig, discoveryCacheDir: false });
  cleanups.push(() => k.close());
  const seen: string[] = [];
  const controller = new AbortController();
  const following = (async () => {
    for await (const line of logs(k, pod, { namespace, follow: true, signal: controller.signal }))
      seen.push(line);
  })().catch((error: unknown) => error);
  const reference = spawnKubectl(["logs", "-f", pod], { namespace });
  cleanups.push(() => void reference.kill());
  let kubectlOut = "";
  reference.stdout.on("data", (c: Buffer) => (kubectlOut += c.toString()));
  const configured = clusterInfo()?.simulation.podLogLines ?? [];
  await expect.poll(() => seen.length, { timeout: 30_000 }).toBe(configured.length);

  // Before: several lines, the last ones in the same second as the kill (the resume point is per second).
  for (let i = 0; i < 3; i++) await append("before");
  await expect.poll(() => seen.at(-1), { timeout: 30_000 }).toBe(appended.at(-1));
  await expect.poll(() => kubectlOut.includes(appended.at(-1) ?? "?"), { timeout: 30_000 }).toBe(true);
  await append("before");
  const killed = await killApiServer();
  // During: lines written while no server exists, spread over more than a second.
  for (let i = 0; i < 3; i++) {
    await append("during");
    await sleep(400);
  }
  restarted = killed.restart();
  await append("during");
  await restarted;
  // After: lines written once the server is back.
  for (let i = 0; i < 3; i++) await append("after");

  await expect.poll(() => seen.at(-1), { timeout: 60_000 }).toBe(appended.at(-1));
  controller.abort();
  await following;
  expect(seen).toEqual([...configured, ...appended]);
  // kubectl's stream ended with the connection: nothing written after the kill reached it.
  expect(kubectlOut).toContain(appended.find((l) => l.startsWith("before")));
  expect(kubectlOut).not.toContain(appended.find((l) => l.startsWith("after")));
}, 180_000);
