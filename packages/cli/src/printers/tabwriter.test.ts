import { describe, expect, test } from "vitest";
import { alignTabs, tabwrite } from "./tabwriter.ts";
import { DescribeWriter } from "./describe/writer.ts";

describe("alignTabs (Go's text/tabwriter with kubectl's settings)", () => {
  test("a column is as wide as its widest cell plus two spaces", () => {
    expect(alignTabs("Name:\tweb\nNamespace:\tdefault\n")).toBe("Name:       web\nNamespace:  default\n");
  });

  test("a line without a tab ends the column: the lines after it are aligned on their own", () => {
    expect(alignTabs("A:\t1\nLonger title:\t2\nSection\nB:\t3\n")).toBe(
      "A:             1\nLonger title:  2\nSection\nB:  3\n",
    );
  });

  test("nested columns: a second column spans only the lines that have it", () => {
    expect(alignTabs("Port:\thttp\t80/TCP\nTargetPort:\t8080/TCP\nNodePort:\thttp\t30080/TCP\n")).toBe(
      "Port:        http  80/TCP\nTargetPort:  8080/TCP\nNodePort:    http  30080/TCP\n",
    );
  });

  test("widths count characters, not bytes; empty cells are padded", () => {
    expect(alignTabs("é:\tx\nab:\ty\n\t\tz\n")).toBe("é:   x\nab:  y\n       z\n");
  });

  test("RememberWidths: a column keeps the widest width it had, across calls and blocks", () => {
    const remembered: number[] = [];
    expect(tabwrite("abcdef\tx\n", { minWidth: 6, padding: 3, rememberedWidths: remembered })).toBe(
      "abcdef   x\n",
    );
    expect(tabwrite("a\tx\nb\n\tc\ty\n", { minWidth: 6, padding: 3, rememberedWidths: remembered })).toBe(
      "a        x\nb\n         c     y\n",
    );
    expect(remembered).toEqual([9, 6]);
  });

  test("\\v ends a cell and \\f a line, as a tab and a newline", () => {
    expect(alignTabs("a\vb\fcc\td\n")).toBe("a   b\ncc  d\n");
  });

  test("text after the last newline is kept as it is", () => {
    expect(alignTabs("a\tb")).toBe("a  b");
  });
});

describe("DescribeWriter (kubectl's prefix writer)", () => {
  test("levels indent by two spaces; flush aligns what came before apart from what follows", () => {
    const w = new DescribeWriter();
    w.write(0, "Name:\tx\n");
    w.write(1, "Very long label:\ty\n");
    w.flush();
    w.write(1, "T:\tz\n");
    expect(w.toString()).toBe("Name:               x\n  Very long label:  y\n  T:  z\n");
  });

  test("terminal escapes in object text are made harmless", () => {
    const w = new DescribeWriter();
    w.write(0, "Name:\t\x1b[31mred\r\n");
    w.writeLine("<none>");
    expect(w.toString()).toBe("Name:  ^[[31mred\\r\n<none>\n");
  });
});
