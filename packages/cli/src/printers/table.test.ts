import { describe, expect, it } from "vitest";
import { formatTable } from "./table.ts";

describe("formatTable", () => {
  it("pads every column but the last to the widest cell plus 3, at least 6, like kubectl", () => {
    expect(
      formatTable([
        ["NAME", "STATUS"],
        ["kwok-node-0", "Ready"],
      ]),
    ).toBe("NAME          STATUS\nkwok-node-0   Ready\n");
    expect(
      formatTable([
        ["A", "B", "C"],
        ["x", "y", "z"],
      ]),
    ).toBe("A     B     C\nx     y     z\n");
  });

  it("counts runes, not UTF-16 code units", () => {
    expect(formatTable([["añb😀", "v"]])).toBe("añb😀   v\n");
  });

  it("escapes ESC and CR in cells as kubectl does, and counts the escaped width", () => {
    expect(
      formatTable([
        ["A", "B"],
        ["x\x1b[31mred", "a\rb"],
        ["y", "z"],
      ]),
    ).toBe("A            B\nx^[[31mred   a\\rb\ny            z\n");
  });

  it("a tab in a cell splits it, a newline breaks the line: Go's tabwriter, widths remembered after", () => {
    expect(
      formatTable([
        ["N", "V"],
        ["a", "x\ty"],
        ["b", "first\nsecond"],
        ["long-name-here", "v"],
        ["c", "w"],
      ]),
    ).toBe(
      [
        "N     V",
        "a     x     y",
        "b     first",
        "second",
        "long-name-here   v",
        "c                w",
        "",
      ].join("\n"),
    );
    // Remembered: the block after the break is at least as wide as the one before it.
    expect(
      formatTable([
        ["long-name-here", "1"],
        ["x\ny", "2"],
        ["b", "3"],
      ]),
    ).toBe("long-name-here   1\nx\ny                2\nb                3\n");
  });
});
