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
});
