// Wire tests of watchTable(): what a Table watch asks for and how it reads the server's Tables — rows keyed
// by their object's metadata, column definitions remembered from the list or the first event of a stream,
// resumption from the last resourceVersion and the difference after a 410. The real server's Tables are
// exercised in table-watch.e2e.test.ts.
import { describe, expect, it } from "vitest";
import { TABLE_ACCEPT, type TableColumn } from "../../src/verbs/table.ts";
import { watchTable, type TableWatchEvent } from "../../src/watch/table-watch.ts";
import type { RawObject } from "../../src/watch/types.ts";
import { configMap, configMaps, list, status, take, serve } from "./fake-apiserver.ts";

const options = { backoff: { minDelayMs: 1, maxDelayMs: 5 }, namespace: "ns" } as const;

const column = (name: string): TableColumn => ({
  name,
  type: "string",
  format: name === "Name" ? "name" : "",
  description: "",
  priority: 0,
});
const COLUMNS = [column("Name"), column("Data")];

/** The server's row for a config map: its name and "resourceVersion" as cells, its metadata as object. */
function row(name: string, resourceVersion: string, uid = `uid-${name}`) {
  const { metadata } = configMap(name, resourceVersion, uid);
  return {
    cells: [name, resourceVersion],
    object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata },
  };
}
/** A Table as the server sends it for a list page or a watch event (`columns: null` after the first). */
function table(
  resourceVersion: string,
  rows: ReturnType<typeof row>[],
  columns: TableColumn[] | null = COLUMNS,
  continueToken?: string,
): RawObject {
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion, ...(continueToken ? { continue: continueToken } : {}) },
    columnDefinitions: columns,
    rows,
  };
}
/** `TYPE name=cells columns=names` of table watch events, for compact assertions. */
const summary = (events: TableWatchEvent[]): string[] =>
  events.map(
    ({ type, row: r, columns }) => `${type} ${r.cells.join("@")} [${columns.map((c) => c.name).join(",")}]`,
  );

describe("watchTable", () => {
  it("asks for Tables on every request, yields the rows of every list page as ADDED, then watch events with the list's columns", async () => {
    const server = await serve((request, reply) => {
      if (request.kind === "list")
        return reply.json(
          200,
          request.query.get("continue") === "page2"
            ? table("10", [row("b", "6")])
            : table("10", [row("a", "5")], COLUMNS, "page2"),
        );
      reply.stream().event("MODIFIED", table("11", [row("a", "11")], null));
    });
    const events = await take(watchTable(server.transport, configMaps, options), 3);
    expect(summary(events)).toEqual([
      "ADDED a@5 [Name,Data]",
      "ADDED b@6 [Name,Data]",
      "MODIFIED a@11 [Name,Data]",
    ]);
    expect(events[2]?.row.object?.metadata?.uid).toBe("uid-a");
    for (const request of server.requests) {
      expect(request.accept).toBe(TABLE_ACCEPT);
      expect(request.query.get("includeObject")).toBe("Metadata");
    }
    const watchRequest = server.requests.find((r) => r.kind === "watch");
    expect(watchRequest?.query.get("resourceVersion")).toBe("10");
    expect(watchRequest?.query.get("sendInitialEvents")).toBeNull();
  });

  it("remembers the column definitions of a stream's first event for the events that come without them", async () => {
    const other = [column("Name"), column("Status")];
    const server = await serve((_request, reply) => {
      const stream = reply.stream();
      stream.event("ADDED", table("21", [row("a", "21")], other));
      stream.event("MODIFIED", table("22", [row("a", "22")], null));
      stream.event("MODIFIED", table("23", [row("a", "23")], []));
    });
    const events = await take(
      watchTable(server.transport, configMaps, { ...options, resourceVersion: "20" }),
      3,
    );
    expect(summary(events)).toEqual([
      "ADDED a@21 [Name,Status]",
      "MODIFIED a@22 [Name,Status]",
      "MODIFIED a@23 [Name,Status]",
    ]);
  });

  it("includeObject: Object is sent on the list and the watch", async () => {
    const server = await serve((request, reply) => {
      if (request.kind === "list") return reply.json(200, table("10", [row("a", "5")]));
      reply.stream();
    });
    await take(watchTable(server.transport, configMaps, { ...options, includeObject: "Object" }), 1);
    expect(server.requests.map((r) => r.query.get("includeObject"))).toContain("Object");
    expect(new Set(server.requests.map((r) => r.query.get("includeObject")))).toEqual(new Set(["Object"]));
  });

  it("resumes from the resourceVersion of the last row or Table bookmark when the server ends the stream", async () => {
    let watches = 0;
    const server = await serve((request, reply) => {
      if (request.kind === "list") return reply.json(200, table("10", []));
      const stream = reply.stream();
      watches++;
      if (watches === 1) {
        stream.event("ADDED", table("11", [row("a", "11")]));
        stream.end();
      } else if (watches === 2) {
        // The server's bookmark in a Table watch: a Table with the resourceVersion and an empty row.
        stream.event(
          "BOOKMARK",
          table("15", [{ cells: ["", 0, "<unknown>"], object: { metadata: {} } }] as never, null),
        );
        stream.end();
      } else stream.event("MODIFIED", table("16", [row("a", "16")], null));
    });
    const events = await take(watchTable(server.transport, configMaps, options), 2);
    expect(summary(events)).toEqual(["ADDED a@11 [Name,Data]", "MODIFIED a@16 [Name,Data]"]);
    expect(
      server.requests.filter((r) => r.kind === "watch").map((r) => r.query.get("resourceVersion")),
    ).toEqual(["10", "11", "15"]);
  });

  it("after a 410, lists the Table again and yields only the difference: changed, new, deleted (last row), re-created", async () => {
    let lists = 0;
    const server = await serve((request, reply) => {
      if (request.kind === "list") {
        lists++;
        return reply.json(
          200,
          lists === 1
            ? table("10", [row("same", "1"), row("changed", "2"), row("gone", "3"), row("again", "4")])
            : table("40", [
                row("same", "1"),
                row("changed", "33"),
                row("new", "34"),
                row("again", "35", "uid-again-2"),
              ]),
        );
      }
      const stream = reply.stream();
      if (request.query.get("resourceVersion") === "10")
        stream.event("ERROR", status(410, "Expired", "too old resource version: 10 (20)"));
      else stream.event("MODIFIED", table("41", [row("new", "41")]));
    });
    const events = await take(watchTable(server.transport, configMaps, options), 10);
    expect(summary(events).map((line) => line.replace(/ \[.*\]$/, ""))).toEqual([
      "ADDED same@1",
      "ADDED changed@2",
      "ADDED gone@3",
      "ADDED again@4",
      "MODIFIED changed@33",
      "ADDED new@34",
      "DELETED again@4",
      "ADDED again@35",
      "DELETED gone@3",
      "MODIFIED new@41",
    ]);
    expect(
      server.requests.map(
        (r) => `${r.kind}${r.kind === "watch" ? `@${r.query.get("resourceVersion")}` : ""}`,
      ),
    ).toEqual(["list", "watch@10", "list", "watch@40"]);
  });

  it("a server that answers with plain objects gets kubectl's default Name / Created At columns", async () => {
    const server = await serve((request, reply) => {
      if (request.kind === "list") return reply.json(200, list("10", [configMap("a", "5")]));
      reply.stream().event("ADDED", configMap("b", "11"));
    });
    const events = await take(watchTable(server.transport, configMaps, options), 2);
    expect(events.map((e) => [e.type, e.row.cells[0], e.columns.map((c) => c.name)])).toEqual([
      ["ADDED", "a", ["Name", "Created At"]],
      ["ADDED", "b", ["Name", "Created At"]],
    ]);
  });

  it("onSynced is called once the listed rows have all been yielded", async () => {
    const seen: string[] = [];
    const server = await serve((request, reply) => {
      if (request.kind === "list") return reply.json(200, table("10", [row("a", "5"), row("b", "6")]));
      reply.stream().event("ADDED", table("11", [row("c", "11")], null));
    });
    for await (const event of watchTable(server.transport, configMaps, {
      ...options,
      onSynced: () => seen.push("synced"),
    })) {
      seen.push(String(event.row.cells[0]));
      if (seen.length === 4) break;
    }
    expect(seen).toEqual(["a", "b", "synced", "c"]);
  });
});
