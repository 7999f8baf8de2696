import { describe, expect, it } from "vitest";
import { formatGoJson, formatGoJsonLine, sortKeys } from "./go-json.ts";

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

  it("sorts integer-like keys as strings, where JavaScript objects list them first", () => {
    const data = { a: "g", "1": "a", "10": "b", "2": "c", "-1": "d", "4294967295": "f" };
    expect(formatGoJson({ data })).toBe(
      '{\n    "data": {\n        "-1": "d",\n        "1": "a",\n        "10": "b",\n        "2": "c",\n        "4294967295": "f",\n        "a": "g"\n    }\n}\n',
    );
  });

  it("writes what JSON.stringify writes for empty containers, nulls and members left undefined", () => {
    expect(formatGoJson({ a: [], b: {}, c: null, d: undefined, e: [null, 1.5, "x"] })).toBe(
      '{\n    "a": [],\n    "b": {},\n    "c": null,\n    "e": [\n        null,\n        1.5,\n        "x"\n    ]\n}\n',
    );
    expect(formatGoJsonLine({ type: "ADDED", object: sortKeys({ b: 1, "2": [], a: {} }) })).toBe(
      '{"type":"ADDED","object":{"2":[],"a":{},"b":1}}\n',
    );
  });
});
