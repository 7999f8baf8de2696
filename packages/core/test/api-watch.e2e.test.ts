// Api.watch(kind) and Api.informer(kind): any kind spelling, the client's namespace by default, objects
// wrapped in their classes — the watch layer itself is proven in watch.e2e.test.ts.
import { afterEach } from "vitest";
import { ALL, APIObject, type TableWatchEvent, type WatchEvent } from "@kr8s/core";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { closeApis, connect, tempDir } from "./support.ts";

afterEach(async () => {
  await closeApis();
});

const configMap = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: {} });

describe("Api.watch", () => {
  test("a short name in the client's namespace: current objects, then changes, as APIObjects", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await connect({ kubeconfig, namespace, discoveryCacheDir: await tempDir("disco") });
    await k.create(configMap("before"));
    const controller = new AbortController();
    const seen: WatchEvent<APIObject>[] = [];
    const done = (async () => {
      for await (const event of k.watch("cm", { signal: controller.signal })) {
        if (event.object.name === "kube-root-ca.crt") continue;
        seen.push(event);
        if (event.type === "ADDED" && event.object.name === "before") await k.create(configMap("after"));
        if (event.type === "ADDED" && event.object.name === "after") await k.delete("configmap", "before");
        if (event.type === "DELETED") controller.abort();
      }
    })();
    await done;
    expect(seen.map((e) => [e.type, e.object.name, e.object.namespace])).toEqual([
      ["ADDED", "before", namespace],
      ["ADDED", "after", namespace],
      ["DELETED", "before", namespace],
    ]);
    expect(seen.every((e) => e.object instanceof APIObject && e.object.kind === "ConfigMap")).toBe(true);
  });

  test("raw: true yields the server's JSON; ALL watches every namespace", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await connect({ kubeconfig, namespace: "default", discoveryCacheDir: false });
    await kubectl(["create", "configmap", "everywhere"], { namespace });
    for await (const { object } of k.watch("configmap", {
      namespace: ALL,
      fieldSelector: { "metadata.name": "everywhere" },
      raw: true,
    })) {
      expect(object).not.toBeInstanceOf(APIObject);
      expect(object.metadata?.namespace).toBe(namespace);
      break;
    }
  });
});

describe("Api.watchTable", () => {
  test("the rows kubectl get prints: current rows, then each change's row, with the server's columns and the object's metadata", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await connect({ kubeconfig, namespace, discoveryCacheDir: false });
    await k.create(configMap("before"));
    const controller = new AbortController();
    const seen: TableWatchEvent[] = [];
    let synced = 0;
    const done = (async () => {
      for await (const event of k.watchTable("cm", {
        signal: controller.signal,
        onSynced: () => synced++,
      })) {
        if (event.row.object?.metadata?.name === "kube-root-ca.crt") continue;
        seen.push(event);
        if (seen.length === 1)
          await kubectl(["patch", "configmap", "before", "-p", '{"data":{"a":"1","b":"2"}}'], { namespace });
        if (seen.length === 2) await k.delete("configmap", "before");
        if (event.type === "DELETED") controller.abort();
      }
    })();
    await done;
    expect(synced).toBe(1);
    expect(seen.map((e) => [e.type, e.row.cells[0], e.row.cells[1]])).toEqual([
      ["ADDED", "before", 0],
      ["MODIFIED", "before", 2],
      ["DELETED", "before", 2],
    ]);
    for (const event of seen) {
      expect(event.columns.map((c) => c.name)).toEqual(["Name", "Data", "Age"]);
      expect(event.row.object?.metadata?.namespace).toBe(namespace);
      expect(event.row.object?.kind).toBe("PartialObjectMetadata");
    }
    expect(new Set(seen.map((e) => e.row.object?.metadata?.uid)).size).toBe(1);
  });

  test('includeObject: "Object" puts the whole object in each row', async ({ kubeconfig, namespace }) => {
    const k = await connect({ kubeconfig, namespace, discoveryCacheDir: false });
    await kubectl(["create", "configmap", "whole", "--from-literal=key=value"], { namespace });
    for await (const { row } of k.watchTable("configmaps", {
      fieldSelector: { "metadata.name": "whole" },
      includeObject: "Object",
    })) {
      expect(row.object).toMatchObject({ kind: "ConfigMap", apiVersion: "v1", data: { key: "value" } });
      break;
    }
  });
});

describe("Api.informer", () => {
  test("caches a kind given by any spelling, in the client's namespace", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await connect({ kubeconfig, namespace, discoveryCacheDir: false });
    await k.create([configMap("one"), configMap("two")]);
    const informer = await k.informer("ConfigMap");
    informer.start();
    await informer.synced;
    const names = informer
      .list()
      .map((o) => o.name)
      .filter((n) => n !== "kube-root-ca.crt")
      .sort();
    expect(names).toEqual(["one", "two"]);
    expect(informer.list().every((o) => o instanceof APIObject && o.namespace === namespace)).toBe(true);
    await informer.stop();
  });

  test("an unknown kind is refused before anything starts", async ({ kubeconfig, namespace }) => {
    const k = await connect({ kubeconfig, namespace, discoveryCacheDir: false });
    await expect(k.informer("nosuchkinds")).rejects.toThrow(/nosuchkinds/);
  });
});
