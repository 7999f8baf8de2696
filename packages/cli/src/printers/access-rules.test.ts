import { describe, expect, it } from "vitest";
import { formatAccessRules } from "./access-rules.ts";

describe("formatAccessRules (kubectl auth can-i --list)", () => {
  it("breaks rules down per group, resource and name, merges verbs, sorts by the rule's Go string", () => {
    const text = formatAccessRules(
      {
        resourceRules: [
          {
            apiGroups: ["", "apps"],
            resources: ["pods", "deployments/scale"],
            resourceNames: [],
            verbs: ["watch", "get"],
          },
          { apiGroups: [""], resources: ["pods"], resourceNames: [], verbs: ["list", "get"] },
          { apiGroups: [""], resources: ["configmaps"], resourceNames: ["b", "a"], verbs: ["update"] },
          { apiGroups: ["*"], resources: ["*"], resourceNames: [], verbs: ["*"] },
        ],
        nonResourceRules: [
          { nonResourceURLs: ["/healthz", "/api"], verbs: ["get"] },
          { nonResourceURLs: ["/healthz"], verbs: ["get"] },
        ],
        incomplete: false,
        evaluationError: "",
      },
      true,
    );
    const rows = text
      .trimEnd()
      .split("\n")
      .map((line) => line.split(/ {3,}/));
    expect(rows).toEqual([
      ["Resources", "Non-Resource URLs", "Resource Names", "Verbs"],
      ["*.*", "[]", "[]", "[*]"],
      // Verbs keep the role's order; rows sort by the rule's Go string, verbs first.
      ["", "[/api]", "[]", "[get]"],
      ["", "[/healthz]", "[]", "[get]"],
      ["", "[/healthz]", "[]", "[get]"],
      ["configmaps", "[]", "[a]", "[update]"],
      ["configmaps", "[]", "[b]", "[update]"],
      // Go's string order puts "[watch get list]" before "[watch get]" (a space sorts before "]").
      ["pods", "[]", "[]", "[watch get list]"],
      ["deployments/scale", "[]", "[]", "[watch get]"],
      ["deployments.apps/scale", "[]", "[]", "[watch get]"],
      ["pods.apps", "[]", "[]", "[watch get]"],
    ]);
  });

  it("a non-resource URL gets a row per verb, sorted among the others by verb, as rbac's BreakdownRule", () => {
    const text = formatAccessRules(
      {
        resourceRules: [{ apiGroups: [""], resources: ["pods"], resourceNames: [], verbs: ["list"] }],
        nonResourceRules: [{ nonResourceURLs: ["/metrics", "/api/*"], verbs: ["post", "get"] }],
        incomplete: false,
        evaluationError: "",
      },
      false,
    );
    expect(text.split("\n").map((line) => line.trim().split(/ {3,}/))).toEqual([
      ["[/api/*]", "[]", "[get]"],
      ["[/metrics]", "[]", "[get]"],
      ["pods", "[]", "[]", "[list]"],
      ["[/api/*]", "[]", "[post]"],
      ["[/metrics]", "[]", "[post]"],
      [""],
    ]);
  });

  it("--no-headers drops the header row", () => {
    const status = {
      resourceRules: [],
      nonResourceRules: [{ nonResourceURLs: ["/x"], verbs: ["get"] }],
      incomplete: false,
      evaluationError: "",
    };
    expect(formatAccessRules(status, false)).toBe("      [/x]   []    [get]\n");
  });
});
