import { describe, expect, it } from "vitest";
import { allowsColor, warningLine } from "./warning.ts";

describe("warningLine", () => {
  it("is kubectl's `Warning: <text>` line, the label bold yellow when coloured", () => {
    expect(warningLine('widgets "v1" are going away', false)).toBe('Warning: widgets "v1" are going away\n');
    expect(warningLine("x", true)).toBe("\u001b[1m\u001b[33mWarning:\u001b[39m\u001b[22m x\n");
  });
});

describe("allowsColor", () => {
  it("colours on a terminal only, unless TERM=dumb or NO_COLOR is set (even empty)", () => {
    expect(allowsColor({ isTTY: true }, {})).toBe(true);
    expect(allowsColor({ isTTY: false }, {})).toBe(false);
    expect(allowsColor({}, {})).toBe(false);
    expect(allowsColor({ isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(allowsColor({ isTTY: true }, { NO_COLOR: "" })).toBe(false);
    expect(allowsColor({ isTTY: true }, { TERM: "xterm-256color" })).toBe(true);
  });
});
