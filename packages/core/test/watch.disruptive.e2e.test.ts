// A watch that outlives its API server: the stream dies with the server, reconnections fail while it is
// down, and after the restart the watch goes on from where it was — no change lost, none repeated (the new
// server's watch cache may no longer reach back that far: then the re-list delivers the difference).
// Runs in the disruptive vitest project (after every other e2e test), because it takes the API server away.
import { afterAll } from "vitest";
import { createTransport, resolveConnection } from "@kr8s/core";
import { configMaps } from "./resource-refs.ts";
import type { WatchEvent } from "../src/watch/types.ts";
import { watch } from "../src/watch/watch.ts";
import { expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { killApiServer } from "@kr8s/test-utils/restart";

let restarted: Promise<void> | undefined;
afterAll(async () => {
  await restarted; // never leave the cluster without its API server
});

async function must(args: string[], namespace: string): Promise<void> {
  const result = await kubectl(args, { namespace });
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
}

test("a watch survives an API server restart without losing or repeating a change", async ({
  kubeconfig,
  namespace,
}) => {
  const transport = createTransport(await resolveConnection({ kubeconfig }), { qps: Infinity });
  const controller = new AbortController();
  const seen: WatchEvent[] = [];
  const retried: Error[] = [];
  const done = (async () => {
    for await (const event of watch(transport, configMaps, {
      namespace,
      signal: controller.signal,
      backoff: { maxDelayMs: 2000 },
      onRetry: (error) => retried.push(error),
    }))
      seen.push(event);
  })();
  const lines = (): string[] => seen.map((e) => `${e.type} ${e.object.metadata?.name ?? ""}`);
  try {
    await must(["create", "configmap", "a", "--from-literal=k=1"], namespace);
    await expect.poll(lines, { timeout: 30_000 }).toContain("ADDED a");

    const killed = await killApiServer();
    restarted = killed.restart();
    await restarted;

    // Made (most likely) before the watch has reconnected: it must come through the resume or re-list.
    await must(["create", "configmap", "b", "--from-literal=k=1"], namespace);
    await expect.poll(lines, { timeout: 60_000 }).toContain("ADDED b");
    await must(["patch", "configmap", "a", "--type=merge", "-p", '{"data":{"k":"2"}}'], namespace);
    await must(["delete", "configmap", "a"], namespace);
    await expect.poll(lines, { timeout: 30_000 }).toContain("DELETED a");
    await new Promise((resolve) => setTimeout(resolve, 1000)); // room for a duplicate to show up

    expect(lines().filter((l) => l.endsWith(" a"))).toEqual(["ADDED a", "MODIFIED a", "DELETED a"]);
    expect(lines().filter((l) => l.endsWith(" b"))).toEqual(["ADDED b"]);
    expect(retried.length).toBeGreaterThan(0); // the server really was gone for a while
  } finally {
    controller.abort();
    await done;
    await transport.close();
  }
});
