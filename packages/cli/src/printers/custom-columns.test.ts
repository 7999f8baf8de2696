import { compileJsonPath, relaxedJsonPath } from "@kr8s/core";
import { describe, expect, it } from "vitest";
import { formatCustomColumns, parseCustomColumns, parseCustomColumnsFile } from "./custom-columns.ts";
import { sortByPath } from "./sort-by.ts";

const columns = (spec: string) =>
  parseCustomColumns(spec).map(({ header, rawPath }) => ({
    header,
    path: compileJsonPath(relaxedJsonPath(rawPath)),
  }));

const pods = [
  {
    metadata: { name: "web-10", labels: { app: "web" } },
    spec: { containers: [{ name: "a" }, { name: "b" }] },
  },
  {
    metadata: { name: "web-2" },
    spec: { containers: [{ name: "c" }] },
    status: { ready: true, restarts: 3 },
  },
];

describe("custom columns, as kubectl prints them", () => {
  it("joins several results with commas, prints <none> for nothing, maps and lists as Go's %v", () => {
    expect(
      formatCustomColumns(
        columns("NAME:.metadata.name,C:.spec.containers[*].name,L:.metadata.labels,R:status.restarts"),
        pods,
      ),
    ).toBe(
      "NAME     C     L              R\nweb-10   a,b   map[app:web]   <none>\nweb-2    c     <none>         3\n",
    );
  });

  it("--no-headers drops the header line", () => {
    expect(formatCustomColumns(columns("N:.metadata.name"), pods, true)).toBe("web-10\nweb-2\n");
  });

  it("refuses a column without header or path with kubectl's message", () => {
    expect(() => parseCustomColumns("NAME")).toThrow(
      "unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>",
    );
  });

  it("refuses a columns file as kubectl does: no header line, no spec line, counts that differ", () => {
    const expected =
      "Expected format is one line of space separated headers, one line of space separated column specs.";
    expect(() => parseCustomColumnsFile("")).toThrow(`invalid template, missing header line. ${expected}`);
    expect(() => parseCustomColumnsFile("NAME\n")).toThrow(
      `invalid template, missing spec line. ${expected}`,
    );
    expect(() => parseCustomColumnsFile("NAME NS\n.metadata.name\n")).toThrow(
      "number of headers (2) and field specifications (1) don't match",
    );
    // The first two lines, even when the first is blank (kubectl's scanner does not skip it).
    expect(() => parseCustomColumnsFile("\nNAME\n.metadata.name\n")).toThrow(
      "number of headers (0) and field specifications (1) don't match",
    );
  });

  it("reads a columns file: headers on the first line, paths on the second", () => {
    expect(parseCustomColumnsFile("NAME   IMAGE\n.metadata.name   .spec.image\n")).toEqual([
      { header: "NAME", rawPath: ".metadata.name" },
      { header: "IMAGE", rawPath: ".spec.image" },
    ]);
  });
});

describe("sortByPath (--sort-by)", () => {
  const byName = compileJsonPath("{.metadata.name}");
  it("sorts strings by their characters, numbers by value, missing values first, stably", () => {
    expect(sortByPath(pods, byName, (p) => p).map((p) => p.metadata.name)).toEqual(["web-10", "web-2"]);
    const numbers = [{ n: 10 }, { n: 9 }, {}, { n: 9, second: true }];
    expect(sortByPath(numbers, compileJsonPath("{.n}"), (o) => o)).toEqual([
      {},
      { n: 9 },
      { n: 9, second: true },
      { n: 10 },
    ]);
  });

  it("refuses a path that finds maps or lists in two objects, which kubectl cannot sort either; one is sorted", () => {
    const one = [{ metadata: { name: "b", labels: { x: "y" } } }, { metadata: { name: "a" } }];
    expect(
      sortByPath(one, compileJsonPath("{.metadata.labels}"), (p) => p).map((p) => p.metadata.name),
    ).toEqual(["a", "b"]);
    const two = [...one, { metadata: { name: "c", labels: { x: "z" } } }];
    expect(() => sortByPath(two, compileJsonPath("{.metadata.labels}"), (p) => p)).toThrow(
      "cannot sort by {.metadata.labels}: it finds a map; sort by a field that holds a string, a number or a boolean",
    );
    expect(() => sortByPath(pods, compileJsonPath("{.spec.containers}"), (p) => p)).toThrow(
      "it finds a list",
    );
  });

  it("puts a null value after a missing one and before every value, as kubectl's sorter does", () => {
    const events = [
      { reason: "Started", lastTimestamp: "2026-12-02T09:00:02Z" },
      { reason: "Scheduled", lastTimestamp: null },
      { reason: "Pulled", lastTimestamp: "2026-12-02T09:00:01Z" },
      { reason: "Absent" },
      { reason: "Created", lastTimestamp: null },
    ];
    const sorted = sortByPath(events, compileJsonPath("{.lastTimestamp}"), (e) => e);
    expect(sorted.map((e) => e.reason)).toEqual(["Absent", "Scheduled", "Created", "Pulled", "Started"]);
  });

  it("compares two strings that are both resource quantities by amount, as kubectl's sorter does", () => {
    const byN = compileJsonPath("{.n}");
    const quantities = ["10", "9", "1k", "500m", "1Ki"].map((n) => ({ n }));
    expect(sortByPath(quantities, byN, (o) => o).map((o) => o.n)).toEqual(["500m", "9", "10", "1k", "1Ki"]);
    const names = ["cfg2", "cfg10", "e3"].map((n) => ({ n }));
    expect(sortByPath(names, byN, (o) => o).map((o) => o.n)).toEqual(["cfg10", "cfg2", "e3"]);
  });
});
