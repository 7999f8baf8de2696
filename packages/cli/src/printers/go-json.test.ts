import { describe, expect, it } from "vitest";
import { formatGoJson } from "./go-json.ts";

describe("formatGoJson writes what kubectl -o json writes", () => {
  it("sorts keys at every level and indents by 4", () => {
    expect(formatGoJson({ kind: "List", apiVersion: "v1", items: [{ b: 1, a: [{ d: 2, c: 3 }] }] })).toBe(
      `{
    "apiVersion": "v1",
    "items": [
        {
            "a": [
                {
                    "c": 3,
                    "d": 2
                }
            ],
            "b": 1
        }
    ],
    "kind": "List"
}
`,
    );
  });

  it("escapes <, > and & as Go's encoder does", () => {
    expect(formatGoJson({ a: "<b> & c\u2028" })).toBe('{\n    "a": "\\u003cb\\u003e \\u0026 c\\u2028"\n}\n');
  });
});
