import { describe, expect, it } from "vitest";
import { labelSelectorString } from "./label-selector.ts";

describe("labelSelectorString", () => {
  it("writes matchLabels and every matchExpressions operator as the API reads them", () => {
    expect(
      labelSelectorString({
        matchLabels: { app: "web", tier: "front" },
        matchExpressions: [
          { key: "env", operator: "In", values: ["a", "b"] },
          { key: "zone", operator: "NotIn", values: ["x"] },
          { key: "canary", operator: "Exists" },
          { key: "legacy", operator: "DoesNotExist" },
        ],
      }),
    ).toBe("app=web,tier=front,env in (a,b),zone notin (x),canary,!legacy");
  });

  it("gives the empty selector (everything) for none", () => {
    expect(labelSelectorString(undefined)).toBe("");
    expect(labelSelectorString({})).toBe("");
  });
});
