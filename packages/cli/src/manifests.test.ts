import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifest, readManifests } from "./manifests.ts";

describe("parseManifest", () => {
  it("reads every YAML document and the items of a List, skipping empty documents", () => {
    const text = [
      "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }",
      "",
      "apiVersion: v1\nkind: List\nitems:\n- { apiVersion: v1, kind: Secret, metadata: { name: b } }",
    ].join("\n---\n");
    const objects = parseManifest(text, "m.yaml");
    expect(objects.map(({ object }) => `${object.kind}/${object.metadata?.name}`)).toEqual([
      "ConfigMap/a",
      "Secret/b",
    ]);
  });

  it("names the file and the line of broken YAML", () => {
    expect(() => parseManifest("kind: ConfigMap\nmetadata:\n  name: [\n", "bad.yaml")).toThrow(
      /^error parsing bad.yaml at line \d+: /,
    );
  });

  it("refuses an object without kind or name", () => {
    expect(() => parseManifest('{"apiVersion": "v1", "metadata": {"name": "x"}}', "x.json")).toThrow(
      "error validating data in x.json: an object needs apiVersion and kind",
    );
    expect(() => parseManifest("apiVersion: v1\nkind: Pod\n", "p.yaml")).toThrow("Pod has no metadata.name");
  });

  it("with continueOnError, keeps what it read and places each unreadable document among the objects", async () => {
    const text = [
      "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }",
      "apiVersion: v1\nmetadata: { name: no-kind }",
      "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }",
      "kind: [\n",
      // Broken YAML ends the file, as kubectl's decoder stops there.
      "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: never }",
    ].join("\n---\n");
    const read = await readManifests(["-"], { stdin: () => Promise.resolve(text), continueOnError: true });
    expect(read.objects.map(({ object }) => object.metadata?.name)).toEqual(["a", "b"]);
    expect(read.errors).toEqual([
      { message: "error validating data in STDIN: an object needs apiVersion and kind", position: 0.5 },
      { message: expect.stringMatching(/^error parsing STDIN at line \d+: /) as unknown, position: 1.5 },
    ]);
    await expect(readManifests(["-"], { stdin: () => Promise.resolve(text) })).rejects.toThrow(
      "error validating data in STDIN: an object needs apiVersion and kind",
    );
  });

  it("reads a stream of JSON objects one after another (as jq prints them), brackets in strings aside", () => {
    const text =
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"}{\\"]"}}\n{\n  "apiVersion": "v1", "kind": "Secret",\n  "metadata": {"name": "b"}\n}\n';
    expect(
      parseManifest(text, "s.json").map(({ object }) => `${object.kind}/${object.metadata?.name}`),
    ).toEqual(["ConfigMap/a", "Secret/b"]);
    expect(() =>
      parseManifest('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n{"x": oops}', "s.json"),
    ).toThrow(/^error parsing s.json at line 2: /);
  });

  it("takes the items of any list (ConfigMapList…), and a key given twice keeps its last value", () => {
    const typed =
      '{"apiVersion":"v1","kind":"ConfigMapList","items":[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}]}';
    expect(parseManifest(typed, "l.json").map(({ object }) => object.metadata?.name)).toEqual(["a"]);
    const twice = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n  name: last\n";
    expect(parseManifest(twice, "d.yaml").map(({ object }) => object.metadata?.name)).toEqual(["last"]);
  });
});

describe("readManifests", () => {
  it("expands a path that does not exist as a glob, sorted; one that matches nothing does not exist", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kr8s-glob-"));
    const manifest = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name} }\n`;
    await writeFile(join(dir, "b.yaml"), manifest("b"));
    await writeFile(join(dir, "a.yaml"), manifest("a"));
    await writeFile(join(dir, "c.json"), '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}');
    const read = await readManifests([join(dir, "*.yaml")]);
    expect(read.objects.map(({ object }) => object.metadata?.name)).toEqual(["a", "b"]);
    expect(read.files).toEqual([join(dir, "a.yaml"), join(dir, "b.yaml")]);
    await expect(readManifests([join(dir, "z*.yaml")])).rejects.toThrow(
      `the path "${join(dir, "z*.yaml")}" does not exist`,
    );
  });
});
