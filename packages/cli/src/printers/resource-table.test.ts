import type { Table } from "@kr8s/core";
import { describe, expect, it } from "vitest";
import { formatLabels } from "./labels.ts";
import { formatResourceTable } from "./resource-table.ts";

const column = (name: string, priority = 0, format = "") => ({
  name,
  type: "string",
  format,
  description: "",
  priority,
});

const pods: Table = {
  apiVersion: "meta.k8s.io/v1",
  kind: "Table",
  metadata: {},
  columnDefinitions: [column("Name", 0, "name"), column("Ready"), column("Restarts"), column("IP", 1)],
  rows: [
    {
      cells: ["web-1", "1/1", 0, "10.0.0.4"],
      object: { metadata: { name: "web-1", namespace: "prod", labels: { tier: "web", app: "shop" } } },
    },
    { cells: ["db", "0/1", 12, "<none>"], object: { metadata: { name: "db", namespace: "data" } } },
  ],
};

describe("formatResourceTable", () => {
  it("prints the default columns, upper-cased, at least 6 wide with 3 spaces between (kubectl get)", () => {
    expect(formatResourceTable(pods)).toBe(
      "NAME    READY   RESTARTS\nweb-1   1/1     0\ndb      0/1     12\n",
    );
  });

  it("-o wide adds the columns of priority > 0", () => {
    expect(formatResourceTable(pods, { wide: true })).toContain("NAME    READY   RESTARTS   IP\n");
  });

  it("adds the namespace first, the kind on names, label columns and LABELS last", () => {
    expect(
      formatResourceTable(pods, {
        withNamespace: true,
        kind: "pod",
        labelColumns: ["example.com/tier", "tier"],
        showLabels: true,
      }),
    ).toBe(
      [
        "NAMESPACE   NAME        READY   RESTARTS   TIER   TIER   LABELS",
        "prod        pod/web-1   1/1     0                 web    app=shop,tier=web",
        "data        pod/db      0/1     12                       <none>",
        "",
      ].join("\n"),
    );
  });

  it("--no-headers drops the header; a table without rows prints nothing", () => {
    expect(formatResourceTable(pods, { noHeaders: true })).toBe("web-1   1/1   0\ndb      0/1   12\n");
    expect(formatResourceTable({ ...pods, rows: [] })).toBe("");
  });

  it("cuts a cell at its first line break, as kubectl does", () => {
    const table: Table = { ...pods, rows: [{ cells: ["a", "line one\nline two", 1, ""] }] };
    expect(formatResourceTable(table, { noHeaders: true })).toBe("a     line one...   1\n");
  });

  it("formats labels like labels.FormatLabels", () => {
    expect(formatLabels({ b: "2", a: "1" })).toBe("a=1,b=2");
    expect(formatLabels({})).toBe("<none>");
    // Sorted as `key=value` strings, as apimachinery's Set.String: `-` and `.` sort before `=`.
    expect(formatLabels({ app: "web", "app-tier": "x", "app.kubernetes.io/name": "w", app_x: "y" })).toBe(
      "app-tier=x,app.kubernetes.io/name=w,app=web,app_x=y",
    );
    expect(formatLabels({ "1": "one", "10": "ten", "01": "z", "2": "two" })).toBe("01=z,10=ten,1=one,2=two");
  });
});
