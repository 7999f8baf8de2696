import { compileJsonPath, relaxedJsonPath, type TableColumn, type TableRow } from "@kr8s/core";
import { describe, expect, it } from "vitest";
import type { LiveEvent, WatchedResource } from "../watch/events.ts";
import { classifyChange } from "./cell-change.ts";
import { FADE_MS, LiveModel, type LiveModelOptions, type TypeView } from "./model.ts";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const deployments: WatchedResource = { id: "deployment.apps", kind: "Deployment", namespaced: true };
const column = (name: string, priority = 0, type = "string"): TableColumn => ({
  name,
  type,
  format: name === "Name" ? "name" : "",
  description: "",
  priority,
});
const columns = [
  column("Name"),
  column("Ready"),
  column("Available", 0, "integer"),
  column("Images", 1),
  column("Age"),
];

function row(name: string, ready: string, available: number, labels: Record<string, string> = {}): TableRow {
  return {
    cells: [name, ready, available, "nginx", "0s"],
    object: {
      metadata: {
        name,
        namespace: "ns",
        uid: `uid-${name}`,
        labels,
        creationTimestamp: new Date(T0).toISOString(),
      },
    },
  };
}

const change = (type: "ADDED" | "MODIFIED" | "DELETED", r: TableRow): LiveEvent => ({
  kind: "change",
  resource: deployments,
  type,
  key: String(r.object?.metadata?.uid),
  row: r,
});

/** A model that has listed `rows` and is watching. */
function listed(rows: TableRow[], options: LiveModelOptions = {}): LiveModel {
  const model = new LiveModel(options);
  model.apply({ kind: "columns", resource: deployments, columns }, T0);
  for (const r of rows) model.apply(change("ADDED", r), T0);
  model.apply({ kind: "synced", resource: deployments }, T0);
  return model;
}

const only = (views: TypeView[]): TypeView => {
  expect(views).toHaveLength(1);
  return views[0] as TypeView;
};
const texts = (view: TypeView): string[][] => view.rows.map((r) => r.cells.map((c) => c.text));
const marks = (view: TypeView): (string | undefined)[][] => view.rows.map((r) => r.cells.map((c) => c.mark));

describe("classifyChange", () => {
  it.each([
    ["1/3", "2/3", "up"],
    ["2/3", "1/3", "down"],
    ["1/3", "1/4", "up"],
    ["0", "1", "up"],
    ["10", "9", "down"],
    ["1 (5s ago)", "2 (1s ago)", "up"],
    ["Pending", "Running", "changed"],
    ["<none>", "10.0.0.1", "changed"],
    ["1/3", "Running", "changed"],
  ])("%s → %s is %s", (before, after, expected) => {
    expect(classifyChange(before, after)).toBe(expected);
  });
});

describe("LiveModel", () => {
  it("shows the listed rows as kubectl prints them, unmarked, with the header", () => {
    const view = only(listed([row("web", "1/1", 1)]).view(T0));
    expect(view.header).toEqual(["NAME", "READY", "AVAILABLE", "AGE"]);
    expect(texts(view)).toEqual([["web", "1/1", "1", "0s"]]);
    expect(view.rows[0]?.state).toBe("steady");
    expect(view.status).toEqual({ state: "watching" });
  });

  it("shows each cell on one line: ESC escaped as kubectl escapes it, a tab as \\t (a line break is cut)", () => {
    const view = only(listed([row("web\x1b[2J", "1/1\tx", 1), row("multi\nline", "0/1", 0)]).view(T0));
    expect(texts(view)).toEqual([
      ["multi...", "0/1", "0", "0s"],
      ["web^[[2J", "1/1\\tx", "1", "0s"],
    ]);
  });

  it("says listing until the type is synced", () => {
    const model = new LiveModel();
    model.apply({ kind: "columns", resource: deployments, columns }, T0);
    expect(only(model.view(T0)).status).toEqual({ state: "listing" });
  });

  it("marks a number that went up with up, one that went down with down, other changes with changed", () => {
    const model = listed([row("a", "1/3", 3), row("b", "Pending", 1)]);
    model.apply(change("MODIFIED", row("a", "2/3", 2)), T0 + 1000);
    model.apply(change("MODIFIED", row("b", "Running", 1)), T0 + 1000);
    const view = only(model.view(T0 + 1000));
    expect(texts(view)).toEqual([
      ["a", "2/3", "2", "1s"],
      ["b", "Running", "1", "1s"],
    ]);
    expect(marks(view)).toEqual([
      [undefined, "up", "down", undefined],
      [undefined, "changed", undefined, undefined],
    ]);
  });

  it("fades marks after FADE_MS", () => {
    const model = listed([row("a", "1/3", 3)]);
    model.apply(change("MODIFIED", row("a", "2/3", 3)), T0);
    expect(marks(only(model.view(T0 + FADE_MS - 1)))[0]?.[1]).toBe("up");
    expect(marks(only(model.view(T0 + FADE_MS)))[0]?.[1]).toBeUndefined();
  });

  it("keeps a cell's last change: a later change replaces the mark and restarts its fade", () => {
    const model = listed([row("a", "1/3", 3)]);
    model.apply(change("MODIFIED", row("a", "2/3", 3)), T0);
    model.apply(change("MODIFIED", row("a", "1/3", 3)), T0 + 4000);
    expect(marks(only(model.view(T0 + 8000)))[0]?.[1]).toBe("down");
  });

  it("ticks ages from creationTimestamp between events and never marks them", () => {
    const model = listed([row("a", "1/1", 1)]);
    const later = { ...row("a", "1/1", 1), cells: ["a", "1/1", 1, "nginx", "3m"] };
    model.apply(change("MODIFIED", later), T0 + 180_000);
    const view = only(model.view(T0 + 185_000));
    expect(texts(view)[0]?.[3]).toBe("3m5s");
    expect(marks(view)[0]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("never marks date columns of custom resources", () => {
    const model = new LiveModel();
    const dated = [column("Name"), column("Last Seen", 0, "date")];
    const r = (seen: string): TableRow => ({
      cells: ["x", seen],
      object: { metadata: { name: "x", uid: "u" } },
    });
    model.apply({ kind: "columns", resource: deployments, columns: dated }, T0);
    model.apply(change("ADDED", r("5m")), T0);
    model.apply({ kind: "synced", resource: deployments }, T0);
    model.apply(change("MODIFIED", r("6m")), T0);
    expect(marks(only(model.view(T0)))).toEqual([[undefined, undefined]]);
  });

  it("highlights rows added after the list for FADE_MS, not the listed ones", () => {
    const model = listed([row("a", "1/1", 1)]);
    model.apply(change("ADDED", row("b", "0/1", 0)), T0 + 1000);
    expect(only(model.view(T0 + 1000)).rows.map((r) => r.state)).toEqual(["steady", "added"]);
    expect(only(model.view(T0 + 1000 + FADE_MS)).rows.map((r) => r.state)).toEqual(["steady", "steady"]);
  });

  it("does not mark the changes of a row while it is highlighted as added", () => {
    const model = listed([]);
    model.apply(change("ADDED", row("b", "0/1", 0)), T0);
    model.apply(change("MODIFIED", row("b", "1/1", 1)), T0 + 1000);
    expect(marks(only(model.view(T0 + FADE_MS)))[0]).toEqual([undefined, undefined, undefined, undefined]);
    expect(texts(only(model.view(T0 + FADE_MS)))[0]?.slice(0, 3)).toEqual(["b", "1/1", "1"]);
  });

  it("shows a deleted row as deleted for FADE_MS, then drops it", () => {
    const model = listed([row("a", "1/1", 1), row("b", "1/1", 1)]);
    model.apply(change("DELETED", row("a", "1/1", 1)), T0 + 1000);
    expect(only(model.view(T0 + 1000)).rows.map((r) => r.state)).toEqual(["deleted", "steady"]);
    expect(texts(only(model.view(T0 + 1000 + FADE_MS))).map((cells) => cells[0])).toEqual(["b"]);
  });

  it("brings a deleted row back when it is added again before it went", () => {
    const model = listed([row("a", "1/1", 1)]);
    model.apply(change("DELETED", row("a", "1/1", 1)), T0);
    model.apply(change("ADDED", row("a", "1/1", 1)), T0 + 10);
    expect(only(model.view(T0 + FADE_MS + 10)).rows.map((r) => r.state)).toEqual(["steady"]);
  });

  it("orders rows by namespace and name (the server's list order) whatever order they come in", () => {
    const model = listed([row("b", "1/1", 1), row("c", "1/1", 1)]);
    model.apply(change("ADDED", row("a", "1/1", 1)), T0);
    expect(texts(only(model.view(T0))).map((cells) => cells[0])).toEqual(["a", "b", "c"]);
  });

  it("orders rows by --sort-by on the row's metadata", () => {
    const sortBy = compileJsonPath(relaxedJsonPath(".metadata.labels.rank"));
    const model = listed([row("a", "1/1", 1, { rank: "2" }), row("b", "1/1", 1, { rank: "1" })], { sortBy });
    expect(texts(only(model.view(T0))).map((cells) => cells[0])).toEqual(["b", "a"]);
  });

  it("adds wide, NAMESPACE (-A), -L and --show-labels columns as kubectl does", () => {
    const model = listed([row("a", "1/1", 1, { app: "web" })], {
      wide: true,
      withNamespace: true,
      labelColumns: ["app"],
      showLabels: true,
    });
    const view = only(model.view(T0));
    expect(view.header).toEqual([
      "NAMESPACE",
      "NAME",
      "READY",
      "AVAILABLE",
      "IMAGES",
      "AGE",
      "APP",
      "LABELS",
    ]);
    expect(texts(view)).toEqual([["ns", "a", "1/1", "1", "nginx", "0s", "web", "app=web"]]);
  });

  it("does not mark the NAMESPACE column's neighbour as an age with -A (ages found after the offset)", () => {
    const model = listed([row("a", "1/1", 1)], { withNamespace: true });
    model.apply(change("MODIFIED", row("a", "0/1", 1)), T0 + 1000);
    expect(marks(only(model.view(T0 + 1000)))[0]).toEqual([
      undefined,
      undefined,
      "down",
      undefined,
      undefined,
    ]);
    expect(texts(only(model.view(T0 + 1000)))[0]?.[4]).toBe("1s");
  });

  it("adds no NAMESPACE column with -A to a type that is not namespaced", () => {
    const nodes: WatchedResource = { id: "node", kind: "Node", namespaced: false };
    const model = new LiveModel({ withNamespace: true });
    model.apply({ kind: "columns", resource: nodes, columns: [column("Name")] }, T0);
    model.apply({ kind: "change", resource: nodes, type: "ADDED", key: "n", row: { cells: ["n1"] } }, T0);
    expect(only(model.view(T0)).header).toEqual(["NAME"]);
  });

  it("redraws every row with the new columns when the server sends other ones", () => {
    const model = listed([row("a", "1/1", 1)]);
    model.apply({ kind: "columns", resource: deployments, columns: [column("Name"), column("Ready")] }, T0);
    const view = only(model.view(T0));
    expect(view.header).toEqual(["NAME", "READY"]);
    expect(texts(view)).toEqual([["a", "1/1"]]);
  });

  it("grows column widths within a session and never shrinks them", () => {
    const model = listed([row("a", "1/1", 1)]);
    const narrow = only(model.view(T0)).widths;
    model.apply(change("ADDED", row("a-much-longer-name", "1/1", 1)), T0);
    const wide = only(model.view(T0)).widths;
    expect(wide[0]).toBe("a-much-longer-name".length + 3);
    expect(wide[0]).toBeGreaterThan(narrow[0] ?? 0);
    model.apply(change("DELETED", row("a-much-longer-name", "1/1", 1)), T0);
    expect(only(model.view(T0 + FADE_MS)).widths).toEqual(wide);
  });

  it("counts a mark in its column's width", () => {
    const model = listed([row("a", "1/1", 1)]);
    const before = only(model.view(T0)).widths;
    model.apply(change("MODIFIED", row("a", "1/1", 2)), T0);
    // AVAILABLE (9 + 3) is wider than "2 ↑" + 3; READY's "1/1" is not marked.
    expect(only(model.view(T0)).widths).toEqual(before);
    model.apply(change("MODIFIED", row("a", "10/10", 2)), T0);
    expect(only(model.view(T0)).widths[1]).toBe("10/10".length + 2 + 3);
  });

  it("reports reconnecting with the time left before the retry, and watching again on the next event", () => {
    const model = listed([row("a", "1/1", 1)]);
    model.apply(
      { kind: "reconnecting", resource: deployments, reason: "connection reset", delayMs: 3000 },
      T0,
    );
    expect(only(model.view(T0 + 1000)).status).toEqual({
      state: "reconnecting",
      reason: "connection reset",
      retryInMs: 2000,
    });
    model.apply({ kind: "synced", resource: deployments }, T0 + 4000);
    expect(only(model.view(T0 + 4000)).status).toEqual({ state: "watching" });
    model.apply({ kind: "reconnecting", resource: deployments, reason: "EOF", delayMs: 0 }, T0);
    model.apply(change("MODIFIED", row("a", "1/1", 1)), T0 + 4000);
    expect(only(model.view(T0 + 4000)).status).toEqual({ state: "watching" });
  });

  it("reports watching again once the reconnected watch is open, with no change to show", () => {
    const model = listed([row("a", "1/1", 1)]);
    model.apply({ kind: "reconnecting", resource: deployments, reason: "EOF", delayMs: 1000 }, T0);
    model.apply({ kind: "connected", resource: deployments }, T0 + 1000);
    expect(only(model.view(T0 + 1000)).status).toEqual({ state: "watching" });
    // Before the first list completes, a reconnection goes back to listing.
    const fresh = new LiveModel({ resources: [deployments] });
    fresh.apply({ kind: "reconnecting", resource: deployments, reason: "EOF", delayMs: 0 }, T0);
    fresh.apply({ kind: "connected", resource: deployments }, T0);
    expect(only(fresh.view(T0)).status).toEqual({ state: "listing" });
    // Connected while not reconnecting changes nothing.
    model.apply({ kind: "error", resource: deployments, error: new Error("forbidden") }, T0);
    model.apply({ kind: "connected", resource: deployments }, T0);
    expect(only(model.view(T0)).status).toEqual({ state: "error", message: "forbidden" });
  });

  it("reports a type's fatal error and keeps its rows", () => {
    const model = listed([row("a", "1/1", 1)]);
    model.apply({ kind: "error", resource: deployments, error: new Error("forbidden") }, T0);
    const view = only(model.view(T0));
    expect(view.status).toEqual({ state: "error", message: "forbidden" });
    expect(view.rows).toHaveLength(1);
  });

  it("keeps the tables in the order the types were named, whichever answers first", () => {
    const pods: WatchedResource = { id: "pod", kind: "Pod", namespaced: true };
    const model = new LiveModel({ resources: [deployments, pods, pods] });
    model.apply({ kind: "columns", resource: pods, columns: [column("Name")] }, T0);
    const views = model.view(T0);
    expect(views.map((v) => v.resource.id)).toEqual(["deployment.apps", "pod"]);
    expect(views[0]?.status).toEqual({ state: "listing" });
  });

  it("keeps one table per type, in the order the types first appeared", () => {
    const pods: WatchedResource = { id: "pod", kind: "Pod", namespaced: true };
    const model = listed([]);
    model.apply({ kind: "columns", resource: pods, columns: [column("Name")] }, T0);
    expect(model.view(T0).map((v) => v.resource.id)).toEqual(["deployment.apps", "pod"]);
  });
});
