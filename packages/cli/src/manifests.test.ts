import { describe, expect, it } from "vitest";
import { parseManifest } from "./manifests.ts";

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
});
