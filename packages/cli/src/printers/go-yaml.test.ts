// Expected texts are what kubectl v1.32 printed for the same objects (`kubectl get cm -o yaml`).
import { describe, expect, it } from "vitest";
import { formatGoYaml, goYamlKeyOrder } from "./go-yaml.ts";

describe("formatGoYaml writes what kubectl -o yaml writes", () => {
  it("quotes what YAML 1.1 would read as another type, keys included, and picks go-yaml's quote style", () => {
    const data = { e: "", n: "0123", script: "line one\nline two", t: " lead", x: "it's: #1", y: "yes" };
    expect(formatGoYaml({ data })).toBe(
      [
        "data:",
        '  e: ""',
        '  "n": "0123"',
        "  script: |-",
        "    line one",
        "    line two",
        "  t: ' lead'",
        "  x: 'it''s: #1'",
        '  "y": "yes"',
        "",
      ].join("\n"),
    );
  });

  it("double-quotes timestamps and numeric strings, leaves plain strings bare", () => {
    expect(
      formatGoYaml({
        metadata: { creationTimestamp: "2026-12-02T01:19:56Z", name: "cfg", resourceVersion: "775" },
      }),
    ).toBe('metadata:\n  creationTimestamp: "2026-12-02T01:19:56Z"\n  name: cfg\n  resourceVersion: "775"\n');
  });

  it("folds long strings at the first space past column 80, continuing one level deeper", () => {
    const long = "word ".repeat(40);
    expect(formatGoYaml({ data: { a: "b", long } })).toBe(
      [
        "data:",
        "  a: b",
        "  long: 'word word word word word word word word word word word word word word word",
        "    word word word word word word word word word word word word word word word word",
        "    word word word word word word word word word '",
        "",
      ].join("\n"),
    );
    const description =
      "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";
    // As in `kubectl get cm -A -o yaml`: the key sits in a List item's metadata.
    expect(
      formatGoYaml({ items: [{ metadata: { annotations: { "kubernetes.io/description": description } } }] }),
    ).toBe(
      [
        "items:",
        "- metadata:",
        "    annotations:",
        "      kubernetes.io/description: Contains a CA bundle that can be used to verify the",
        "        kube-apiserver when using internal endpoints such as the internal service",
        "        IP or kubernetes.default.svc. No other usage is guaranteed across distributions",
        "        of Kubernetes clusters.",
        "",
      ].join("\n"),
    );
  });

  it("keeps a final line break as a clipped literal block, sequences unindented under their key", () => {
    expect(
      formatGoYaml({
        items: [{ data: { "ca.crt": "a\nb\n" }, kind: "ConfigMap" }, []],
        kind: "List",
        metadata: {},
      }),
    ).toBe(
      [
        "items:",
        "- data:",
        "    ca.crt: |",
        "      a",
        "      b",
        "  kind: ConfigMap",
        "- []",
        "kind: List",
        "metadata: {}",
        "",
      ].join("\n"),
    );
  });

  it("writes numbers, booleans and null as go-yaml does", () => {
    expect(formatGoYaml({ a: 1, b: 0.5, c: true, d: null, e: 1e-7 })).toBe(
      "a: 1\nb: 0.5\nc: true\nd: null\ne: 1e-07\n",
    );
  });

  it("sorts keys as go-yaml does: digit runs by value, other characters before letters", () => {
    expect(["a10", "a9", "aB", "a", "a_", "f:b", ".", "B"].sort(goYamlKeyOrder)).toEqual([
      ".",
      "B",
      "a",
      "a_",
      "a9",
      "a10",
      "aB",
      "f:b",
    ]);
  });
});
