// Wire tests of the informer: handlers, cache, and that it never stops silently — every failure reaches the
// error handlers while it retries, and restarting it from its own error handler leaves exactly one watch.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ForbiddenError } from "../../src/errors.ts";
import { informer, type Informer } from "../../src/watch/informer.ts";
import type { RawObject } from "../../src/watch/types.ts";
import {
  configMap,
  configMaps,
  fakeApiServer,
  list,
  status,
  type FakeApiServer,
  type FakeHandler,
  type WatchStream,
} from "./fake-apiserver.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.restoreAllMocks();
});
async function serve(handler: FakeHandler): Promise<FakeApiServer> {
  const server = await fakeApiServer(handler);
  cleanups.push(() => server.close());
  return server;
}
function track<T>(inf: Informer<T>): Informer<T> {
  cleanups.push(() => inf.stop());
  return inf;
}

const options = {
  namespace: "ns",
  sendInitialEvents: false,
  backoff: { minDelayMs: 1, maxDelayMs: 5 },
} as const;
const name = (o: RawObject): string => `${o.metadata?.name}@${o.metadata?.resourceVersion}`;

/** Records handler calls as compact strings. */
function recorder() {
  const calls: string[] = [];
  return {
    calls,
    handlers: {
      add: (o: RawObject) => void calls.push(`add ${name(o)}`),
      update: (before: RawObject, after: RawObject) =>
        void calls.push(`update ${name(before)} -> ${name(after)}`),
      delete: (o: RawObject) => void calls.push(`delete ${name(o)}`),
    },
  };
}

describe("informer", () => {
  it("fills its cache from the list, resolves synced, then follows changes with add/update/delete", async () => {
    let stream: WatchStream | undefined;
    const server = await serve((request, reply) => {
      if (request.kind === "list")
        return reply.json(200, list("10", [configMap("a", "1"), configMap("b", "2")]));
      stream = reply.stream();
    });
    const inf = track(informer(server.transport, configMaps, options));
    const { calls, handlers } = recorder();
    inf.on(handlers);
    expect(inf.hasSynced).toBe(false);
    inf.start();
    await inf.synced;
    expect(inf.hasSynced).toBe(true);
    expect(calls).toEqual(["add a@1", "add b@2"]);
    expect(inf.list().map(name).sort()).toEqual(["a@1", "b@2"]);

    await vi.waitFor(() => expect(stream).toBeDefined());
    stream?.event("MODIFIED", configMap("a", "11"));
    stream?.event("DELETED", configMap("b", "12"));
    stream?.event("ADDED", configMap("c", "13"));
    await vi.waitFor(() => expect(calls).toHaveLength(5));
    expect(calls.slice(2)).toEqual(["update a@1 -> a@11", "delete b@12", "add c@13"]);
    expect(inf.get("ns", "a")?.metadata?.resourceVersion).toBe("11");
    expect(inf.get("ns", "b")).toBeUndefined();
  });

  it("reports every failure to the error handlers and keeps retrying until it syncs", async () => {
    let lists = 0;
    const server = await serve((request, reply) => {
      if (request.kind === "list") {
        lists++;
        if (lists === 1) return reply.json(403, status(403, "Forbidden", "configmaps is forbidden"));
        if (lists === 2) return reply.json(500, status(500, "InternalError", "etcd is down"));
        return reply.json(200, list("10", [configMap("a", "1")]));
      }
      reply.stream();
    });
    const inf = track(informer(server.transport, configMaps, options));
    const errors: Error[] = [];
    inf.on("error", (error) => errors.push(error));
    inf.start();
    await inf.synced;
    expect(errors.map((e) => e.message)).toEqual(["configmaps is forbidden", "etcd is down"]);
    expect(errors[0]).toBeInstanceOf(ForbiddenError);
    expect(inf.list().map(name)).toEqual(["a@1"]);
  });

  it("restarted from its own error handler, it opens exactly one watch", async () => {
    let watches = 0;
    const server = await serve((request, reply) => {
      if (request.kind === "list") return reply.json(200, list("10", [configMap("a", "1")]));
      if (++watches === 1) return reply.json(403, status(403, "Forbidden", "watch is forbidden"));
      reply.stream().event("MODIFIED", configMap("a", "11"));
    });
    const inf = track(informer(server.transport, configMaps, options));
    const { calls, handlers } = recorder();
    inf.on(handlers);
    inf.on("error", () => {
      void inf.stop();
      inf.start();
    });
    inf.start();
    await vi.waitFor(() => expect(calls).toEqual(["add a@1", "update a@1 -> a@11"]));
    // Give a second (wrongly) surviving loop time to open its own watch.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests.filter((r) => r.kind === "watch")).toHaveLength(2); // the refused one and one more
    expect(server.openWatches).toBe(1);
    expect(server.requests.filter((r) => r.kind === "list")).toHaveLength(1);
  });

  it("stop closes the watch; start resumes from the last resourceVersion without repeating anything", async () => {
    let watches = 0;
    const server = await serve((request, reply) => {
      if (request.kind === "list") return reply.json(200, list("10", [configMap("a", "1")]));
      const stream = reply.stream();
      if (++watches === 1) stream.event("MODIFIED", configMap("a", "11"));
      else stream.event("ADDED", configMap("b", "12"));
    });
    const inf = track(informer(server.transport, configMaps, options));
    const { calls, handlers } = recorder();
    inf.on(handlers);
    inf.start();
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    await inf.stop();
    expect(inf.running).toBe(false);
    await vi.waitFor(() => expect(server.openWatches).toBe(0));
    inf.start();
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    expect(calls).toEqual(["add a@1", "update a@1 -> a@11", "add b@12"]);
    expect(
      server.requests.filter((r) => r.kind === "watch").map((r) => r.query.get("resourceVersion")),
    ).toEqual(["10", "11"]);
  });

  it("stopped from a handler, it delivers nothing more", async () => {
    const server = await serve((request, reply) => {
      if (request.kind === "list")
        return reply.json(200, list("10", [configMap("a", "1"), configMap("b", "2"), configMap("c", "3")]));
      reply.stream();
    });
    const inf = track(informer(server.transport, configMaps, options));
    const { calls, handlers } = recorder();
    inf.on(handlers);
    inf.on("add", () => void inf.stop());
    inf.start();
    await vi.waitFor(() => expect(inf.running).toBe(false));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toEqual(["add a@1"]);
    expect(server.requests.filter((r) => r.kind === "watch")).toHaveLength(0);
  });

  it("a handler registered after the cache filled gets add for each cached object", async () => {
    const server = await serve((request, reply) => {
      if (request.kind === "list")
        return reply.json(200, list("10", [configMap("a", "1"), configMap("b", "2")]));
      reply.stream();
    });
    const inf = track(informer(server.transport, configMaps, options));
    inf.start();
    await inf.synced;
    const { calls, handlers } = recorder();
    inf.on("add", handlers.add);
    expect(calls.sort()).toEqual(["add a@1", "add b@2"]);
  });

  it("a throwing or rejecting handler is reported to the error handlers, and the others still run", async () => {
    const server = await serve((request, reply) => {
      if (request.kind === "list") return reply.json(200, list("10", [configMap("a", "1")]));
      reply.stream();
    });
    const inf = track(informer(server.transport, configMaps, options));
    const errors: string[] = [];
    inf.on("error", (error) => errors.push(error.message));
    inf.on("add", () => {
      throw new Error("handler bug");
    });
    inf.on("add", () => Promise.reject(new Error("async handler bug")));
    const { calls, handlers } = recorder();
    inf.on(handlers);
    inf.start();
    await inf.synced;
    await vi.waitFor(() => expect(errors).toEqual(["handler bug", "async handler bug"]));
    expect(calls).toEqual(["add a@1"]);
  });

  it("without an error handler, failures become process warnings instead of disappearing", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    let lists = 0;
    const server = await serve((request, reply) => {
      if (request.kind === "list")
        return ++lists === 1
          ? reply.json(403, status(403, "Forbidden", "configmaps is forbidden"))
          : reply.json(200, list("10", []));
      reply.stream();
    });
    const inf = track(informer(server.transport, configMaps, options));
    inf.start();
    await inf.synced;
    expect(warn).toHaveBeenCalledWith("configmaps is forbidden", {
      type: "Kr8sInformerWarning",
      code: "KR8S_FORBIDDEN",
    });
  });
});
