// Wire tests of watch(): what goes on the wire and what the consumer gets for the shapes a real server
// sends rarely or never on demand (in-stream 410, streams cut mid-event, refused WatchList, silence).
import { describe, expect, it, vi } from "vitest";
import { ForbiddenError, WatchError } from "../../src/errors.ts";
import { watch } from "../../src/watch/watch.ts";
import { configMap, configMaps, list, status, summary, take, serve } from "./fake-apiserver.ts";

const fast = { backoff: { minDelayMs: 1, maxDelayMs: 5 } };
const listAndWatch = { ...fast, sendInitialEvents: false, namespace: "ns" } as const;

describe("the start of a watch", () => {
  it("without resourceVersion: lists, yields the listed objects as ADDED, then watches from the list's resourceVersion", async () => {
    const server = await serve((request, reply) => {
      if (request.kind === "list")
        return reply.json(200, list("10", [configMap("a", "5"), configMap("b", "6")]));
      const stream = reply.stream();
      stream.event("MODIFIED", configMap("a", "11"));
    });
    const events = await take(watch(server.transport, configMaps, listAndWatch), 3);
    expect(summary(events)).toEqual([
      ["ADDED", "a", "5"],
      ["ADDED", "b", "6"],
      ["MODIFIED", "a", "11"],
    ]);
    const watchRequest = server.requests.find((r) => r.kind === "watch");
    expect(watchRequest?.path).toBe("/api/v1/namespaces/ns/configmaps");
    expect(Object.fromEntries(watchRequest?.query ?? [])).toEqual({
      watch: "1",
      allowWatchBookmarks: "true",
      resourceVersion: "10",
    });
  });

  it("onSynced is called once the listed objects have all been yielded, after a list and after a WatchList", async () => {
    const server = await serve((request, reply) => {
      if (request.kind === "list")
        return reply.json(200, list("10", [configMap("a", "5"), configMap("b", "6")]));
      const stream = reply.stream();
      if (request.query.get("sendInitialEvents") === "true") {
        stream.event("ADDED", configMap("a", "5"));
        stream.event("BOOKMARK", {
          kind: "ConfigMap",
          metadata: { resourceVersion: "30", annotations: { "k8s.io/initial-events-end": "true" } },
        });
      }
      stream.event("MODIFIED", configMap("a", "31"));
    });
    for (const [options, count] of [
      [listAndWatch, 3],
      [{ ...fast, namespace: "ns", sendInitialEvents: true }, 2],
    ] as const) {
      const seen: string[] = [];
      for await (const { type, object } of watch(server.transport, configMaps, {
        ...options,
        onSynced: () => seen.push("synced"),
      })) {
        seen.push(`${type} ${object.metadata?.name ?? ""}`);
        if (seen.length === count + 1) break;
      }
      expect(seen).toEqual(
        count === 3 ? ["ADDED a", "ADDED b", "synced", "MODIFIED a"] : ["ADDED a", "synced", "MODIFIED a"],
      );
    }
  });

  it("with resourceVersion: no list, the watch starts there", async () => {
    const server = await serve((_request, reply) => reply.stream().event("DELETED", configMap("a", "21")));
    const events = await take(watch(server.transport, configMaps, { ...fast, resourceVersion: "20" }), 1);
    expect(summary(events)).toEqual([["DELETED", "a", "21"]]);
    expect(server.requests.map((r) => [r.kind, r.path, r.query.get("resourceVersion")])).toEqual([
      ["watch", "/api/v1/configmaps", "20"],
    ]);
  });

  it("sends name as a metadata.name field selector next to the other selectors, on the list and the watch", async () => {
    const server = await serve((request, reply) => {
      if (request.kind === "list") return reply.json(200, list("10", [configMap("a", "5")]));
      reply.stream().event("MODIFIED", configMap("a", "11"));
    });
    await take(
      watch(server.transport, configMaps, {
        ...listAndWatch,
        name: "a",
        fieldSelector: { "metadata.namespace": "ns" },
        labelSelector: { app: "web", tier: "db" },
        timeoutSeconds: 30,
      }),
      2,
    );
    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      expect(request.query.get("fieldSelector")).toBe("metadata.namespace=ns,metadata.name=a");
      expect(request.query.get("labelSelector")).toBe("app=web,tier=db");
    }
    expect(server.requests[1]?.query.get("timeoutSeconds")).toBe("30");
  });

  it("a WatchList: initial ADDED events, then the bookmark that ends them; resumes from that bookmark's resourceVersion", async () => {
    let watches = 0;
    const server = await serve((_request, reply) => {
      const stream = reply.stream();
      if (++watches === 1) {
        stream.event("ADDED", configMap("a", "5"));
        stream.event("ADDED", configMap("b", "6"));
        stream.event("BOOKMARK", {
          kind: "ConfigMap",
          metadata: { resourceVersion: "30", annotations: { "k8s.io/initial-events-end": "true" } },
        });
        stream.end();
      } else stream.event("MODIFIED", configMap("b", "31"));
    });
    const events = await take(watch(server.transport, configMaps, { ...fast, namespace: "ns" }), 3);
    expect(summary(events)).toEqual([
      ["ADDED", "a", "5"],
      ["ADDED", "b", "6"],
      ["MODIFIED", "b", "31"],
    ]);
    const [first, second] = server.requests.map((r) => Object.fromEntries(r.query));
    expect(first).toEqual({
      watch: "1",
      allowWatchBookmarks: "true",
      sendInitialEvents: "true",
      resourceVersionMatch: "NotOlderThan",
    });
    expect(second).toMatchObject({ watch: "1", resourceVersion: "30" });
    expect(second?.sendInitialEvents).toBeUndefined();
  });

  it("a server that refuses sendInitialEvents gets list+watch, and is not asked again on the same transport", async () => {
    const server = await serve((request, reply) => {
      if (request.query.get("sendInitialEvents"))
        return reply.json(
          422,
          status(
            422,
            "Invalid",
            "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled",
          ),
        );
      if (request.kind === "list") return reply.json(200, list("10", [configMap("a", "5")]));
      reply.stream().event("DELETED", configMap("a", "11"));
    });
    for (let i = 0; i < 2; i++)
      expect(
        summary(await take(watch(server.transport, configMaps, { ...fast, namespace: "ns" }), 2)),
      ).toEqual([
        ["ADDED", "a", "5"],
        ["DELETED", "a", "11"],
      ]);
    expect(server.requests.map((r) => (r.query.get("sendInitialEvents") ? "watchlist" : r.kind))).toEqual([
      "watchlist",
      "list",
      "watch",
      "list",
      "watch",
    ]);
  });

  it("a server that takes sendInitialEvents but never sends the bookmark ending them gets a list that completes the state", async () => {
    const server = await serve((request, reply) => {
      if (request.kind === "list")
        return reply.json(200, list("20", [configMap("a", "5"), configMap("b", "6")]));
      const stream = reply.stream();
      if (request.query.get("sendInitialEvents")) {
        stream.event("ADDED", configMap("a", "5"));
        stream.event("BOOKMARK", { kind: "ConfigMap", metadata: { resourceVersion: "19" } });
      } else stream.event("DELETED", configMap("a", "21"));
    });
    const events = await take(watch(server.transport, configMaps, { ...fast, namespace: "ns" }), 3);
    expect(summary(events)).toEqual([
      ["ADDED", "a", "5"],
      ["ADDED", "b", "6"],
      ["DELETED", "a", "21"],
    ]);
    expect(server.requests.map((r) => (r.query.get("sendInitialEvents") ? "watchlist" : r.kind))).toEqual([
      "watchlist",
      "list",
      "watch",
    ]);
  });
});

describe("when the server ends the stream", () => {
  it("reconnects from the last resourceVersion seen, bookmarks included: nothing lost, nothing repeated", async () => {
    let watches = 0;
    const server = await serve((request, reply) => {
      if (request.kind === "list") return reply.json(200, list("10", []));
      const stream = reply.stream();
      watches++;
      if (watches === 1) {
        stream.event("ADDED", configMap("a", "11"));
        stream.end();
      } else if (watches === 2) {
        stream.event("BOOKMARK", { kind: "ConfigMap", metadata: { resourceVersion: "15" } });
        stream.end();
      } else stream.event("MODIFIED", configMap("a", "16"));
    });
    const events = await take(watch(server.transport, configMaps, listAndWatch), 2);
    expect(summary(events)).toEqual([
      ["ADDED", "a", "11"],
      ["MODIFIED", "a", "16"],
    ]);
    expect(
      server.requests.filter((r) => r.kind === "watch").map((r) => r.query.get("resourceVersion")),
    ).toEqual(["10", "11", "15"]);
  });

  it("a stream cut in the middle of an event resumes before that event, which then arrives once", async () => {
    let watches = 0;
    const server = await serve((request, reply) => {
      if (request.kind === "list") return reply.json(200, list("10", []));
      const stream = reply.stream();
      if (++watches === 1) {
        stream.event("ADDED", configMap("a", "11"));
        stream.raw(JSON.stringify({ type: "ADDED", object: configMap("b", "12") }).slice(0, 40));
        stream.end();
      } else stream.event("ADDED", configMap("b", "12"));
    });
    const events = await take(watch(server.transport, configMaps, listAndWatch), 2);
    expect(summary(events)).toEqual([
      ["ADDED", "a", "11"],
      ["ADDED", "b", "12"],
    ]);
    expect(
      server.requests.filter((r) => r.kind === "watch").map((r) => r.query.get("resourceVersion")),
    ).toEqual(["10", "11"]);
  });

  it("silence longer than inactivityTimeoutMs: reconnects from the last resourceVersion and reports it to onRetry and onConnected", async () => {
    let watches = 0;
    const server = await serve((request, reply) => {
      if (request.kind === "list") return reply.json(200, list("10", []));
      const stream = reply.stream();
      if (++watches === 1)
        stream.event("ADDED", configMap("a", "11")); // then nothing
      else stream.event("ADDED", configMap("b", "12"));
    });
    const onRetry = vi.fn();
    const onConnected = vi.fn();
    const events = await take(
      watch(server.transport, configMaps, {
        ...listAndWatch,
        inactivityTimeoutMs: 200,
        onRetry,
        onConnected,
      }),
      2,
    );
    expect(summary(events).map(([, name]) => name)).toEqual(["a", "b"]);
    expect(onRetry).toHaveBeenCalledTimes(1);
    // Once per opened watch stream: the first, and the one after the reconnection.
    expect(onConnected).toHaveBeenCalledTimes(2);
    expect(onRetry.mock.invocationCallOrder[0]).toBeLessThan(onConnected.mock.invocationCallOrder[1] ?? 0);
    expect(String(onRetry.mock.calls[0]?.[0])).toMatch(/no data for 200 ms/);
    expect(
      server.requests.filter((r) => r.kind === "watch").map((r) => r.query.get("resourceVersion")),
    ).toEqual(["10", "11"]);
  });
});

describe("410 Gone", () => {
  const expired = status(410, "Expired", "too old resource version: 10 (20)");

  it("an in-stream ERROR 410 is not yielded: the watch re-lists and yields only the difference", async () => {
    let lists = 0;
    const server = await serve((request, reply) => {
      if (request.kind === "list") {
        lists++;
        return reply.json(
          200,
          lists === 1
            ? list("10", [configMap("same", "1"), configMap("changed", "2"), configMap("gone", "3")])
            : list("40", [configMap("same", "1"), configMap("changed", "33"), configMap("new", "34")]),
        );
      }
      const stream = reply.stream();
      if (request.query.get("resourceVersion") === "10") stream.event("ERROR", expired);
      else stream.event("MODIFIED", configMap("new", "41"));
    });
    const events = await take(watch(server.transport, configMaps, listAndWatch), 7);
    expect(summary(events)).toEqual([
      ["ADDED", "same", "1"],
      ["ADDED", "changed", "2"],
      ["ADDED", "gone", "3"],
      ["MODIFIED", "changed", "33"],
      ["ADDED", "new", "34"],
      ["DELETED", "gone", "3"],
      ["MODIFIED", "new", "41"],
    ]);
    expect(
      server.requests.map(
        (r) => `${r.kind}${r.kind === "watch" ? `@${r.query.get("resourceVersion")}` : ""}`,
      ),
    ).toEqual(["list", "watch@10", "list", "watch@40"]);
  });

  it("an HTTP 410 on the watch request is handled the same way; no watch is ever sent with an empty resourceVersion", async () => {
    let lists = 0;
    const server = await serve((request, reply) => {
      if (request.kind === "list")
        return reply.json(200, list(++lists === 1 ? "10" : "50", [configMap("a", lists === 1 ? "1" : "45")]));
      if (request.query.get("resourceVersion") === "10") return reply.json(410, expired);
      reply.stream().event("DELETED", configMap("a", "51"));
    });
    const events = await take(watch(server.transport, configMaps, listAndWatch), 3);
    expect(summary(events)).toEqual([
      ["ADDED", "a", "1"],
      ["MODIFIED", "a", "45"],
      ["DELETED", "a", "51"],
    ]);
    const watches = server.requests.filter((r) => r.kind === "watch");
    expect(watches.map((r) => r.query.get("resourceVersion"))).toEqual(["10", "50"]);
  });

  it("a watch started from a given resourceVersion that has expired lists and yields the current objects", async () => {
    const server = await serve((request, reply) => {
      if (request.kind === "list") return reply.json(200, list("60", [configMap("a", "55")]));
      if (request.query.get("resourceVersion") === "1") return reply.stream().event("ERROR", expired);
      reply.stream();
    });
    const events = await take(
      watch(server.transport, configMaps, { ...listAndWatch, resourceVersion: "1" }),
      1,
    );
    expect(summary(events)).toEqual([["ADDED", "a", "55"]]);
  });
});

describe("errors", () => {
  it("an in-stream ERROR other than 410 is thrown as a WatchError carrying the Status", async () => {
    const server = await serve((_request, reply) =>
      reply.stream().event("ERROR", status(403, "Forbidden", "configmaps is forbidden")),
    );
    const error = await take(watch(server.transport, configMaps, { ...fast, resourceVersion: "5" }), 1).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WatchError);
    expect((error as WatchError).status.reason).toBe("Forbidden");
    expect((error as WatchError).message).toBe("watch /api/v1/configmaps: configmaps is forbidden");
  });

  it("an in-stream ERROR 500 is retried from the same resourceVersion (as client-go's RetryWatcher does)", async () => {
    let watches = 0;
    const server = await serve((_request, reply) => {
      const stream = reply.stream();
      if (++watches === 1) stream.event("ERROR", status(500, "InternalError", "etcd hiccup"));
      else stream.event("ADDED", configMap("a", "6"));
    });
    const onRetry = vi.fn();
    const events = await take(
      watch(server.transport, configMaps, { ...fast, resourceVersion: "5", onRetry }),
      1,
    );
    expect(summary(events)).toEqual([["ADDED", "a", "6"]]);
    expect(onRetry.mock.calls[0]?.[0]).toBeInstanceOf(WatchError);
    expect(server.requests.map((r) => r.query.get("resourceVersion"))).toEqual(["5", "5"]);
  });

  it("a 403 on the watch request is thrown as ForbiddenError, not retried", async () => {
    const server = await serve((_request, reply) => reply.json(403, status(403, "Forbidden", "nope")));
    await expect(
      take(watch(server.transport, configMaps, { ...fast, resourceVersion: "5" }), 1),
    ).rejects.toThrow(ForbiddenError);
    expect(server.requests).toHaveLength(1);
  });

  it("a line that is not a watch event is thrown as a WatchError", async () => {
    const server = await serve((_request, reply) => reply.stream().raw("<html>oops</html>\n"));
    await expect(
      take(watch(server.transport, configMaps, { ...fast, resourceVersion: "5" }), 1),
    ).rejects.toThrow(WatchError);
  });
});

describe("the end of a watch", () => {
  it("break closes the HTTP stream", async () => {
    const server = await serve((_request, reply) => reply.stream().event("ADDED", configMap("a", "6")));
    await take(watch(server.transport, configMaps, { ...fast, resourceVersion: "5" }), 1);
    await server.requests[0]?.closed;
    expect(server.openWatches).toBe(0);
  });

  it("aborting the signal ends the iteration without an error and closes the HTTP stream", async () => {
    const server = await serve((_request, reply) => reply.stream().event("ADDED", configMap("a", "6")));
    const controller = new AbortController();
    const types: string[] = [];
    for await (const event of watch(server.transport, configMaps, {
      ...fast,
      resourceVersion: "5",
      signal: controller.signal,
    })) {
      types.push(event.type);
      setTimeout(() => controller.abort(), 10); // aborts while the watch waits for the next event
    }
    expect(types).toEqual(["ADDED"]);
    await server.requests[0]?.closed;
    expect(server.openWatches).toBe(0);
  });

  it("bookmarks are yielded only when asked for", async () => {
    const server = await serve((_request, reply) => {
      const stream = reply.stream();
      stream.event("BOOKMARK", { kind: "ConfigMap", metadata: { resourceVersion: "7" } });
      stream.event("ADDED", configMap("a", "8"));
    });
    const plain = await take(watch(server.transport, configMaps, { ...fast, resourceVersion: "5" }), 1);
    expect(plain.map((e) => e.type)).toEqual(["ADDED"]);
    const withBookmarks = await take(
      watch(server.transport, configMaps, { ...fast, resourceVersion: "5", bookmarks: true }),
      2,
    );
    expect(withBookmarks.map((e) => e.type)).toEqual(["BOOKMARK", "ADDED"]);
  });

  it("wrap turns each object into what the events carry", async () => {
    const server = await serve((_request, reply) => reply.stream().event("ADDED", configMap("a", "8")));
    const [event] = await take(
      watch(server.transport, configMaps, {
        ...fast,
        resourceVersion: "5",
        wrap: (raw) => ({ name: raw.metadata?.name }),
      }),
      1,
    );
    expect(event?.object).toEqual({ name: "a" });
  });
});
