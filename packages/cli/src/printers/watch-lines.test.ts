import { describe, expect, it } from "vitest";
import { compileJsonPath, type TableColumn, type TableRow } from "@kr8s/core";
import type { LiveEvent, WatchedResource } from "../watch/events.ts";
import { WatchLinePrinter, type WatchLineOptions } from "./watch-lines.ts";

const cm: WatchedResource = { id: "configmap", kind: "ConfigMap", namespaced: true };
const deploy: WatchedResource = { id: "deployment.apps", kind: "Deployment", namespaced: true };

const column = (name: string, format = ""): TableColumn => ({
  name,
  type: "string",
  format,
  description: "",
  priority: 0,
});
const CM_COLUMNS = [column("Name", "name"), column("Data"), column("Age")];
const DEPLOY_COLUMNS = [column("Name", "name"), column("Ready"), column("Age")];

function row(name: string, ...cells: unknown[]): TableRow {
  return {
    cells: [name, ...cells],
    object: {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name, namespace: "ns", uid: `uid-${name}`, managedFields: [{ manager: "m" }] },
      data: { k: `<${name}>` },
    },
  };
}
const change = (
  resource: WatchedResource,
  type: "ADDED" | "MODIFIED" | "DELETED",
  r: TableRow,
): LiveEvent => ({ kind: "change", resource, type, key: String(r.cells[0]), row: r });

/** Pushes the events and returns what each printed ("" = nothing). */
function print(resources: WatchedResource[], options: WatchLineOptions, events: LiveEvent[]): string[] {
  const printer = new WatchLinePrinter(resources, options);
  return events.map((event) => printer.push(event));
}

const table = { output: { format: "table", wide: false } } as const;
const initial = (resource = cm, columns = CM_COLUMNS): LiveEvent[] => [
  { kind: "columns", resource, columns },
  change(resource, "ADDED", row("a", 1, "5s")),
  change(resource, "ADDED", row("kube-root-ca.crt", 1, "9s")),
  { kind: "synced", resource },
];

describe("WatchLinePrinter, tables", () => {
  it("prints the current rows as one table when synced, then each change as a line aligned with the lines before it", () => {
    const out = print([cm], table, [
      ...initial(),
      change(cm, "ADDED", row("b", 0, "0s")),
      change(cm, "MODIFIED", row("c-with-a-longer-name", 2, "1s")),
      change(cm, "DELETED", row("a", 1, "7s")),
    ]);
    expect(out.join("")).toBe(
      [
        "NAME               DATA   AGE",
        "a                  1      5s",
        "kube-root-ca.crt   1      9s",
        // kubectl's tab writer remembers widths: narrower lines keep the columns, wider ones push them.
        "b                  0      0s",
        "c-with-a-longer-name   2      1s",
        "a                      1      7s",
        "",
      ].join("\n"),
    );
    expect(out.slice(0, 3)).toEqual(["", "", ""]);
  });

  it("--output-watch-events: an EVENT column padded like kubectl's (ADDED, MODIFIED, DELETED)", () => {
    const out = print([cm], { ...table, watchEvents: true }, [
      ...initial(),
      change(cm, "MODIFIED", row("a", 2, "6s")),
      change(cm, "DELETED", row("a", 2, "7s")),
    ]);
    expect(out.join("")).toBe(
      [
        "EVENT      NAME               DATA   AGE",
        "ADDED      a                  1      5s",
        "ADDED      kube-root-ca.crt   1      9s",
        "MODIFIED   a                  2      6s",
        "DELETED    a                  2      7s",
        "",
      ].join("\n"),
    );
  });

  it("--watch-only: nothing for the current rows; the header comes with the first change", () => {
    const out = print([cm], { ...table, watchOnly: true }, [
      ...initial(),
      change(cm, "ADDED", row("b", 0, "0s")),
    ]);
    expect(out.join("")).toBe("NAME   DATA   AGE\nb      0      0s\n");
  });

  it("no current rows: no header until the first change, which comes with it", () => {
    const out = print([cm], table, [
      { kind: "synced", resource: cm },
      { kind: "columns", resource: cm, columns: CM_COLUMNS },
      change(cm, "ADDED", row("b", 0, "0s")),
      change(cm, "ADDED", row("c", 0, "0s")),
    ]);
    expect(out.join("")).toBe("NAME   DATA   AGE\nb      0      0s\nc      0      0s\n");
  });

  it("--sort-by orders the current rows only; -A adds NAMESPACE; --no-headers leaves the header out", () => {
    const sortBy = compileJsonPath("{.metadata.uid}");
    const out = print([cm], { ...table, sortBy, allNamespaces: true, noHeaders: true }, [
      { kind: "columns", resource: cm, columns: CM_COLUMNS },
      change(cm, "ADDED", row("z", 1, "1s")),
      change(cm, "ADDED", row("m", 1, "1s")),
      { kind: "synced", resource: cm },
      change(cm, "ADDED", row("b", 1, "1s")),
    ]);
    expect(out.join("")).toBe("ns    m     1     1s\nns    z     1     1s\nns    b     1     1s\n");
  });

  it("several types: rows held until every type is synced, one table each with kind/name, and a type's header again when the printed type changes", () => {
    const out = print([deploy, cm], table, [
      ...initial(deploy, DEPLOY_COLUMNS).slice(0, 3),
      { kind: "columns", resource: cm, columns: CM_COLUMNS },
      change(cm, "ADDED", row("a", 1, "5s")),
      { kind: "synced", resource: cm },
      change(cm, "MODIFIED", row("a", 2, "6s")),
      { kind: "synced", resource: deploy },
      change(deploy, "MODIFIED", row("a", "1/1", "7s")),
      change(deploy, "MODIFIED", row("a", "2/2", "8s")),
    ]);
    expect(out.slice(0, 5)).toEqual(["", "", "", "", ""]);
    expect(out.join("")).toBe(
      [
        "NAME                               READY   AGE",
        "deployment.apps/a                  1       5s",
        "deployment.apps/kube-root-ca.crt   1       9s",
        "",
        "NAME          DATA   AGE",
        "configmap/a   1      5s",
        "configmap/a   2      6s",
        "",
        "NAME                               READY   AGE",
        "deployment.apps/a                  1/1     7s",
        "deployment.apps/a                  2/2     8s",
        "",
      ].join("\n"),
    );
  });
});

describe("WatchLinePrinter, objects", () => {
  const events = [...initial(), change(cm, "DELETED", row("a", 1, "7s"))];

  it("-o name: kind/name per object and per change", () => {
    expect(print([cm], { output: { format: "name" } }, events).join("")).toBe(
      "configmap/a\nconfigmap/kube-root-ca.crt\nconfigmap/a\n",
    );
  });

  it("-o json: each object indented without managedFields; with events one line per event, type first, managedFields kept, Go's escapes", () => {
    const plain = print([cm], { output: { format: "json" } }, events).join("");
    expect(plain).toMatch(/^\{\n {4}"apiVersion": "v1",\n {4}"data": \{\n {8}"k": "\\u003ca\\u003e"/);
    expect(plain).not.toContain("managedFields");
    const lines = print([cm], { output: { format: "json" }, watchEvents: true }, events)
      .join("")
      .split("\n");
    expect(lines[2]).toBe(
      '{"type":"DELETED","object":{"apiVersion":"v1","data":{"k":"\\u003ca\\u003e"},"kind":"ConfigMap","metadata":{"managedFields":[{"manager":"m"}],"name":"a","namespace":"ns","uid":"uid-a"}}}',
    );
  });

  it("-o yaml: documents separated by ---; with events {object, type} with sorted keys", () => {
    const plain = print([cm], { output: { format: "yaml" } }, events).join("");
    expect(plain.split("---\n")).toHaveLength(3);
    expect(plain.startsWith("apiVersion: v1\ndata:\n")).toBe(true);
    const withEvents = print([cm], { output: { format: "yaml" }, watchEvents: true }, events).join("");
    expect(withEvents.split("---\n")[2]).toMatch(/^object:\n {2}apiVersion: v1\n[\s\S]*\ntype: DELETED\n$/);
  });

  it("-o custom-columns: the current objects aligned as one table, changes aligned with them; with events the paths see {type, object}", () => {
    const columns = [
      { header: "N", path: compileJsonPath("{.metadata.name}") },
      { header: "T", path: compileJsonPath("{.type}") },
    ];
    expect(print([cm], { output: { format: "custom-columns", columns } }, events).join("")).toBe(
      "N                  T\na                  <none>\nkube-root-ca.crt   <none>\na                  <none>\n",
    );
    expect(
      print([cm], { output: { format: "custom-columns", columns }, watchEvents: true }, events).join(""),
    ).toBe("N        T\n<none>   ADDED\n<none>   ADDED\n<none>   DELETED\n");
  });

  it("-o jsonpath: the template per object, nothing added", () => {
    const path = compileJsonPath("{.metadata.name},");
    expect(print([cm], { output: { format: "jsonpath", path, asJson: false } }, events).join("")).toBe(
      "a,kube-root-ca.crt,a,",
    );
  });
});
