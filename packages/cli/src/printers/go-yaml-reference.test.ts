import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { formatGoYaml } from "./go-yaml.ts";

/**
 * Strings printed by Go with the library kubectl v1.32 prints `-o yaml` with (sigs.k8s.io/yaml v1.4.0 over
 * go-yaml v2): `testdata/go-yaml-reference-runner.go.txt` wrote `testdata/go-yaml-reference.json` (it
 * rewrites the file from each entry's `string`). kubectl v1.32 itself printed the same for every string as
 * a ConfigMap value (`kubectl create --dry-run=client -o yaml`).
 */
interface Reference {
  string: string;
  asValue: string;
  asKey?: string;
}

const references = JSON.parse(
  readFileSync(new URL("testdata/go-yaml-reference.json", import.meta.url), "utf8"),
) as Reference[];

describe("strings as kubectl -o yaml writes them (recorded from Go)", () => {
  test.each(references.map((r) => [JSON.stringify(r.string), r] as const))("%s", (_name, ref) => {
    expect(formatGoYaml({ v: ref.string })).toBe(ref.asValue);
    if (ref.asKey !== undefined) expect(formatGoYaml({ [ref.string]: "x" })).toBe(ref.asKey);
  });
});
