import { describe, expect, test } from "vitest";
import { goSyntax } from "./go-syntax.ts";

describe("goSyntax: Go's %#v of JSON data in an interface {}", () => {
  test("maps sorted by key, slices, quoted strings, integers and floats as Go prints them", () => {
    expect(
      goSyntax({ b: [1, 2.5, true, null], a: { "x y": 'tab\t"q" é\n', e: {} }, c: [], d: 1e6 + 0.5 }),
    ).toBe(
      'map[string]interface {}{"a":map[string]interface {}{"e":map[string]interface {}{}, "x y":"tab\\t\\"q\\" é\\n"}, ' +
        '"b":[]interface {}{1, 2.5, true, interface {}(nil)}, "c":[]interface {}{}, "d":1.0000005e+06}',
    );
  });
});
