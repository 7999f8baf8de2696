import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import type { WatchedResource } from "../watch/events.ts";
import { renderFrame, shareRows } from "./frame.ts";
import type { RowView, TypeView } from "./model.ts";

const deployments: WatchedResource = { id: "deployment.apps", kind: "Deployment", namespaced: true };
const pods: WatchedResource = { id: "pod", kind: "Pod", namespaced: true };

const steady = (...cells: string[]): RowView => ({ cells: cells.map((text) => ({ text })), state: "steady" });

function view(overrides: Partial<TypeView> = {}): TypeView {
  return {
    resource: deployments,
    status: { state: "watching" },
    header: ["NAME", "READY", "AGE"],
    rows: [steady("web", "1/1", "5s")],
    widths: [6, 8],
    ...overrides,
  };
}

const plain = { width: 80, height: 24, color: false };
const colored = { width: 80, height: 24, color: true };

describe("renderFrame", () => {
  it("draws a status line, then each type's heading and aligned table", () => {
    expect(renderFrame([view()], plain)).toEqual([
      "deployment.apps: watching   (q to quit)",
      "deployment.apps (1)",
      "  NAME  READY   AGE",
      "  web   1/1     5s",
    ]);
  });

  it("puts a blank line between types and says when a type has no rows", () => {
    const frame = renderFrame([view(), view({ resource: pods, rows: [] })], plain);
    expect(frame.slice(4)).toEqual(["", "pod (0)", "  No resources found"]);
    expect(frame[0]).toBe("deployment.apps: watching · pod: watching   (q to quit)");
  });

  it("marks cells with ↑ ↓ Δ, readable without colour", () => {
    const row: RowView = {
      cells: [
        { text: "web" },
        { text: "2/3", mark: "up" },
        { text: "1", mark: "down" },
        { text: "Running", mark: "changed" },
      ],
      state: "steady",
    };
    const frame = renderFrame(
      [view({ header: ["NAME", "READY", "AVAILABLE", "STATUS"], rows: [row], widths: [6, 8, 12] })],
      plain,
    );
    expect(frame[3]).toBe("  web   2/3 ↑   1 ↓         Running Δ");
  });

  it("colours up green, down red, other changes yellow", () => {
    const row: RowView = {
      cells: [
        { text: "2/3", mark: "up" },
        { text: "1", mark: "down" },
        { text: "x", mark: "changed" },
      ],
      state: "steady",
    };
    const line = renderFrame([view({ header: ["A", "B", "C"], rows: [row] })], colored)[3] ?? "";
    expect(line).toContain("\u001B[32m2/3 ↑\u001B[39m");
    expect(line).toContain("\u001B[31m1 ↓\u001B[39m");
    expect(line).toContain("\u001B[33mx Δ\u001B[39m");
  });

  it("prefixes added rows with + (bold green) and deleted rows with - (dim, struck)", () => {
    const rows: RowView[] = [
      { ...steady("new", "0/1", "1s"), state: "added" },
      { ...steady("old", "1/1", "9m"), state: "deleted" },
    ];
    expect(renderFrame([view({ rows })], plain).slice(3)).toEqual([
      "+ new   0/1     1s",
      "- old   1/1     9m",
    ]);
    const [added, deleted] = renderFrame([view({ rows })], colored).slice(3);
    expect(added).toContain("\u001B[1m\u001B[32mnew\u001B[39m\u001B[22m");
    expect(deleted).toContain("\u001B[2m\u001B[9mold\u001B[29m\u001B[22m");
  });

  it("writes no escape codes without colour (NO_COLOR)", () => {
    const rows: RowView[] = [
      { cells: [{ text: "a" }, { text: "1/1", mark: "up" }, { text: "1s" }], state: "steady" },
      { ...steady("b", "1/1", "1s"), state: "deleted" },
    ];
    const frame = renderFrame([view({ rows, status: { state: "error", message: "forbidden" } })], plain);
    expect(frame.map((line) => stripVTControlCharacters(line))).toEqual(frame);
  });

  it("says reconnecting with the seconds before the retry, then the reason, and errors", () => {
    const reconnecting = view({
      status: { state: "reconnecting", reason: "connection refused", retryInMs: 1500 },
    });
    const failed = view({ resource: pods, status: { state: "error", message: "pods is forbidden" } });
    expect(renderFrame([reconnecting, failed], { ...plain, width: 200 })[0]).toBe(
      "pod: error: pods is forbidden · deployment.apps: reconnecting in 2s (connection refused)   (q to quit)",
    );
  });

  it("lists the types in trouble first on the status line", () => {
    const fine = view();
    const reconnecting = view({
      resource: pods,
      status: { state: "reconnecting", reason: "EOF", retryInMs: 0 },
    });
    expect(renderFrame([fine, reconnecting], plain)[0]).toBe(
      "pod: reconnecting (EOF) · deployment.apps: watching   (q to quit)",
    );
  });

  it("says listing while the first list is under way, and waits for the columns", () => {
    const frame = renderFrame([view({ status: { state: "listing" }, header: [], rows: [] })], plain);
    expect(frame).toEqual([
      "deployment.apps: listing   (q to quit)",
      "deployment.apps (0)",
      "  waiting for the server's columns",
    ]);
  });

  it("says an empty type has no resources once it is listed, though no columns came", () => {
    const frame = renderFrame([view({ status: { state: "watching" }, header: [], rows: [] })], plain);
    expect(frame).toEqual([
      "deployment.apps: watching   (q to quit)",
      "deployment.apps (0)",
      "  No resources found",
    ]);
  });

  it("cuts lines to the width so that none wraps", () => {
    const frame = renderFrame([view()], { ...plain, width: 10 });
    expect(frame.every((line) => [...line].length <= 10)).toBe(true);
    expect(frame[2]).toBe("  NAME  RE");
  });

  it("cuts coloured lines by their visible text", () => {
    const frame = renderFrame([view()], { ...colored, width: 10 });
    expect(frame.map((line) => stripVTControlCharacters(line))).toEqual(
      renderFrame([view()], { ...plain, width: 10 }),
    );
  });

  it("fits the height: headings and headers stay, rows shared between types, `… N more` for the rest", () => {
    const many = (n: number): RowView[] => Array.from({ length: n }, (_, i) => steady(`r${i}`, "1/1", "1s"));
    const frame = renderFrame([view({ rows: many(10) }), view({ resource: pods, rows: many(2) })], {
      ...plain,
      height: 12,
    });
    expect(frame).toHaveLength(12);
    expect(frame).toEqual([
      "deployment.apps: watching · pod: watching   (q to quit)",
      "deployment.apps (10)",
      "  NAME  READY   AGE",
      "  r0    1/1     1s",
      "  r1    1/1     1s",
      "  r2    1/1     1s",
      "  … 7 more",
      "",
      "pod (2)",
      "  NAME  READY   AGE",
      "  r0    1/1     1s",
      "  r1    1/1     1s",
    ]);
  });

  it("never draws more lines than the height, however small", () => {
    expect(renderFrame([view(), view({ resource: pods })], { ...plain, height: 3 })).toHaveLength(3);
  });
});

describe("shareRows", () => {
  it("gives each table an equal share and passes unused shares on", () => {
    expect(shareRows([10, 2], 6)).toEqual([4, 2]);
    expect(shareRows([10, 10], 6)).toEqual([3, 3]);
    expect(shareRows([1, 1], 6)).toEqual([1, 1]);
    expect(shareRows([5, 5, 5], 7)).toEqual([2, 2, 3]);
  });
});
