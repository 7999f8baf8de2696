// watch() and the informer against the real API server: the events kubectl sees, reconnections after the
// server ends the stream, and a real 410 Gone.
import diagnosticsChannel from "node:diagnostics_channel";
import { afterEach } from "vitest";
import {
  createTransport,
  HTTP_DEBUG_CHANNEL,
  resolveConnection,
  type HttpDebugEvent,
  type Transport,
} from "@kr8s/core";
import type { ResourceRef } from "../src/internal/resource.ts";
import { configMaps, events, pods } from "./resource-refs.ts";
import { informer, type Informer } from "../src/watch/informer.ts";
import type { RawObject, WatchEvent } from "../src/watch/types.ts";
import { watch, type WatchOptions } from "../src/watch/watch.ts";
import { compactEtcd } from "@kr8s/test-utils/etcd";
import { describe, expect, kubectl, spawnKubectl, test } from "@kr8s/test-utils/fixtures";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function transportFor(kubeconfig: string): Promise<Transport> {
  const transport = createTransport(await resolveConnection({ kubeconfig }), { qps: Infinity });
  cleanups.push(() => transport.close());
  return transport;
}

async function must(args: string[], namespace: string, input?: string): Promise<string> {
  const result = await kubectl(args, { namespace, ...(input === undefined ? {} : { input }) });
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

/** A watch consumed in the background; `until` waits for the events collected so far to satisfy a check. */
function collect(transport: Transport, ref: ResourceRef, options: WatchOptions) {
  const controller = new AbortController();
  const seen: WatchEvent[] = [];
  const done = (async () => {
    for await (const event of watch(transport, ref, { ...options, signal: controller.signal }))
      seen.push(event);
  })();
  cleanups.push(async () => {
    controller.abort();
    await done;
  });
  return {
    seen,
    done,
    async until(check: (seen: WatchEvent[]) => boolean, what: string): Promise<void> {
      const deadline = Date.now() + 45_000;
      while (!check(seen)) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}; saw ${JSON.stringify(lines(seen))}`);
        await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 50))]);
      }
    },
  };
}

const lines = (seen: WatchEvent[]): string[] => seen.map((e) => `${e.type} ${e.object.metadata?.name ?? ""}`);

/** The GET requests this process sends from now on, through the transport's debug channel. */
function recordRequests(): { watches: () => string[]; all: string[] } {
  const all: string[] = [];
  const listener = (message: unknown): void => {
    const event = message as HttpDebugEvent;
    if (event.type !== "request" || event.attempt !== 1 || event.method !== "GET") return;
    const query = new URL(event.url).searchParams;
    const rv = query.get("resourceVersion");
    all.push(
      query.get("sendInitialEvents")
        ? "watchlist"
        : query.get("watch") === "1"
          ? `watch@${rv ?? ""}`
          : "list",
    );
  };
  diagnosticsChannel.subscribe(HTTP_DEBUG_CHANNEL, listener);
  cleanups.push(() => Promise.resolve(diagnosticsChannel.unsubscribe(HTTP_DEBUG_CHANNEL, listener)));
  return { all, watches: () => all.filter((r) => r.startsWith("watch@")) };
}

describe("watch", () => {
  test("sees ADDED, MODIFIED and DELETED for ConfigMaps exactly as kubectl get -w --output-watch-events does", async ({
    kubeconfig,
    namespace,
  }) => {
    await must(["create", "configmap", "before", "--from-literal=k=1"], namespace);
    const transport = await transportFor(kubeconfig);
    const ours = collect(transport, configMaps, { namespace });
    const theirs = spawnKubectl(
      [
        "get",
        "configmaps",
        "--watch",
        "--output-watch-events",
        "-o",
        'jsonpath={.type} {.object.metadata.name}{"\\n"}',
      ],
      { namespace },
    );
    cleanups.push(() => Promise.resolve(theirs.kill()));
    let kubectlOut = "";
    theirs.stdout.on("data", (chunk: Buffer) => (kubectlOut += chunk.toString()));
    // Both have listed once the pre-existing objects are there.
    await ours.until((seen) => seen.length >= 2, "the listed ConfigMaps");
    await expect
      .poll(() => kubectlOut.split("\n").filter(Boolean).length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(2);

    await must(["create", "configmap", "made", "--from-literal=k=1"], namespace);
    await must(["patch", "configmap", "made", "--type=merge", "-p", '{"data":{"k":"2"}}'], namespace);
    await must(["delete", "configmap", "made"], namespace);
    await ours.until((seen) => lines(seen).includes("DELETED made"), "the deletion");
    await expect.poll(() => kubectlOut, { timeout: 30_000 }).toContain("DELETED made");

    const expected = kubectlOut.split("\n").filter(Boolean);
    expect(lines(ours.seen).sort()).toEqual([...expected].sort()); // the two lists may interleave in any order…
    expect(lines(ours.seen).filter((l) => l.endsWith(" made"))).toEqual([
      "ADDED made",
      "MODIFIED made",
      "DELETED made",
    ]);
    expect(lines(ours.seen).slice(0, 2).sort()).toEqual(["ADDED before", "ADDED kube-root-ca.crt"]);
  }, 120_000);

  test("follows one Pod through its life by name (a metadata.name field selector)", async ({
    kubeconfig,
    namespace,
  }) => {
    const transport = await transportFor(kubeconfig);
    const ours = collect(transport, pods, { namespace, name: "target" });
    await must(["run", "other", "--image=busybox", "--restart=Never"], namespace);
    await must(["run", "target", "--image=busybox", "--restart=Never"], namespace);
    await ours.until(
      (seen) => seen.some((e) => (e.object.status as { phase?: string })?.phase === "Running"),
      "Running",
    );
    await must(["delete", "pod", "target", "--wait=true"], namespace);
    await ours.until((seen) => seen.at(-1)?.type === "DELETED", "the deletion");
    const types = ours.seen.map((e) => e.type);
    expect(types[0]).toBe("ADDED");
    expect(types.slice(1, -1).every((t) => t === "MODIFIED")).toBe(true);
    expect(types.at(-1)).toBe("DELETED");
    expect(new Set(ours.seen.map((e) => e.object.metadata?.name))).toEqual(new Set(["target"]));
  });

  for (const sendInitialEvents of [false, undefined]) {
    test(`survives the server ending the stream every second (timeoutSeconds: 1${sendInitialEvents === false ? ", list+watch" : ""}): every change once, in order`, async ({
      kubeconfig,
      namespace,
    }) => {
      const transport = await transportFor(kubeconfig);
      const requests = recordRequests();
      const ours = collect(transport, configMaps, { namespace, timeoutSeconds: 1, sendInitialEvents });
      await ours.until((seen) => seen.length >= 1, "kube-root-ca.crt");
      // Changes through the API directly (one kubectl process each would take most of the test's time).
      const path = `/api/v1/namespaces/${namespace}/configmaps`;
      const names = Array.from({ length: 12 }, (_, i) => `cm-${i}`);
      for (const [i, name] of names.entries()) {
        await transport.request({
          method: "POST",
          path,
          body: { metadata: { name }, data: { i: String(i) } },
        });
        // Spread the changes over several server-side closes.
        if (i % 4 === 3) await new Promise((resolve) => setTimeout(resolve, 1200));
      }
      for (const name of names)
        await transport.request({
          method: "PATCH",
          path: `${path}/${name}`,
          body: { data: { i: "x" } },
          contentType: "application/merge-patch+json",
        });
      for (const name of names) await transport.request({ method: "DELETE", path: `${path}/${name}` });
      await ours.until((seen) => names.every((n) => lines(seen).includes(`DELETED ${n}`)), "every deletion");
      await new Promise((resolve) => setTimeout(resolve, 1500)); // room for a duplicate to show up
      for (const name of names)
        expect(lines(ours.seen).filter((l) => l.endsWith(` ${name}`))).toEqual([
          `ADDED ${name}`,
          `MODIFIED ${name}`,
          `DELETED ${name}`,
        ]);
      // It did reconnect, several times, each time from a resourceVersion (never a fresh list).
      expect(requests.watches().length).toBeGreaterThanOrEqual(4);
      expect(requests.watches().every((r) => r !== "watch@")).toBe(true);
      expect(requests.all.filter((r) => r === "list")).toHaveLength(1);
      expect(requests.all.filter((r) => r === "watchlist").length).toBeLessThanOrEqual(1); // refused by 1.33
    }, 120_000);
  }

  test("a watch from a resourceVersion the server no longer has (410 Gone) yields the current ConfigMaps instead of failing", async ({
    kubeconfig,
    namespace,
  }) => {
    await must(["create", "configmap", "a", "--from-literal=k=1"], namespace);
    const transport = await transportFor(kubeconfig);
    const requests = recordRequests();
    const ours = collect(transport, configMaps, {
      namespace,
      resourceVersion: "1",
      sendInitialEvents: false,
    });
    await ours.until((seen) => seen.length >= 2, "the re-listed ConfigMaps");
    expect(lines(ours.seen).sort()).toEqual(["ADDED a", "ADDED kube-root-ca.crt"]);
    expect(requests.all.slice(0, 2)).toEqual(["watch@1", "list"]);
    expect(requests.all[2]).toMatch(/^watch@\d+$/);
    // Then it watches on from the list: later changes arrive.
    await must(["delete", "configmap", "a"], namespace);
    await ours.until((seen) => lines(seen).includes("DELETED a"), "the deletion");
  });
});

describe("informer", () => {
  function start(transport: Transport, ref: ResourceRef, namespace: string) {
    const inf: Informer = informer(transport, ref, { namespace });
    const calls: string[] = [];
    const errors: Error[] = [];
    const name = (o: RawObject): string => o.metadata?.name ?? "";
    inf.on({
      add: (o) => void calls.push(`add ${name(o)}`),
      update: (_before, o) => void calls.push(`update ${name(o)}`),
      delete: (o) => void calls.push(`delete ${name(o)}`),
      error: (e) => void errors.push(e),
    });
    inf.start();
    cleanups.push(() => inf.stop());
    return { inf, calls, errors };
  }

  test("its cache holds what kubectl lists, and its handlers follow the changes", async ({
    kubeconfig,
    namespace,
  }) => {
    await must(["create", "configmap", "a", "--from-literal=k=1"], namespace);
    const transport = await transportFor(kubeconfig);
    const { inf, calls } = start(transport, configMaps, namespace);
    await inf.synced;
    const listed = (await must(["get", "configmaps", "-o", "name"], namespace)).trim().split("\n");
    expect(
      inf
        .list()
        .map((o) => `configmap/${o.metadata?.name}`)
        .sort(),
    ).toEqual(listed.sort());

    await must(["create", "configmap", "b", "--from-literal=k=1"], namespace);
    await must(["label", "configmap", "a", "x=y"], namespace);
    await must(["delete", "configmap", "b"], namespace);
    await expect.poll(() => calls.slice(2), { timeout: 30_000 }).toEqual(["add b", "update a", "delete b"]);
    expect(inf.get(namespace, "a")?.metadata?.labels).toEqual({ x: "y" });
  });

  test("converges after a real 410 Gone (etcd compacted while it was stopped): handlers get exactly the difference", async ({
    kubeconfig,
    namespace,
  }) => {
    // Events are served from etcd, not the API server's watch cache (kube-apiserver's default), so compacting
    // etcd makes an older resourceVersion truly gone.
    const event = (name: string, message: string): string =>
      JSON.stringify({
        apiVersion: "v1",
        kind: "Event",
        metadata: { name },
        involvedObject: { kind: "Pod", name: "p", namespace },
        reason: "Test",
        message,
      });
    for (const name of ["kept", "changed", "removed"])
      await must(["create", "-f", "-"], namespace, event(name, "1"));
    const transport = await transportFor(kubeconfig);
    const { inf, calls, errors } = start(transport, events, namespace);
    await inf.synced;
    expect(calls.sort()).toEqual(["add changed", "add kept", "add removed"]);
    await inf.stop();
    calls.length = 0;

    await must(["replace", "-f", "-"], namespace, event("changed", "2"));
    await must(["delete", "event", "removed"], namespace);
    await must(["create", "-f", "-"], namespace, event("added", "1"));
    await compactEtcd();

    const requests = recordRequests();
    inf.start();
    await expect.poll(() => calls.length, { timeout: 30_000 }).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 500)); // room for a duplicate to show up
    expect(calls.sort()).toEqual(["add added", "delete removed", "update changed"]);
    expect(errors).toEqual([]);
    const listed = (await must(["get", "events", "-o", "name"], namespace)).trim().split("\n");
    expect(
      inf
        .list()
        .map((o) => `event/${o.metadata?.name}`)
        .sort(),
    ).toEqual(listed.sort());
    // It resumed from its old resourceVersion, was told 410 Gone, and listed again.
    expect(requests.all[0]).toMatch(/^watch@\d+$/);
    expect(["list", "watchlist"]).toContain(requests.all[1]);
  }, 120_000);
});
