import { describe, expect, it } from "vitest";
import { wrapWords } from "./word-wrap.ts";

// The cases of go-wordwrap's own test (wordwrap_test.go), which kubectl explain's wrapping follows.
describe("wrapWords (go-wordwrap's WrapString)", () => {
  it.for([
    ["foo", "foo", 4],
    ["foobarbaz", "foobarbaz", 4],
    ["foo bar baz", "foo\nbar\nbaz", 4],
    ["foo bars bazzes", "foo\nbars\nbazzes", 4],
    ["fo sop", "fo\nsop", 4],
    ["foo bar\u00a0baz", "foo\nbar\u00a0baz", 10],
    ["foo\nb\t r\n baz", "foo\nb\t r\n baz", 4],
    ["foo    \nb   ar   ", "foo\nb\nar", 4],
    ["foo bar baz\n", "foo\nbar\nbaz\n", 4],
    ["\nfoo bar\n\n\nbaz\n", "\nfoo\nbar\n\n\nbaz\n", 4],
    [
      " This is a list: \n\n\t* foo\n\t* bar\n\n\n\t* baz  \nBAM    ",
      " This\nis a\nlist: \n\n\t* foo\n\t* bar\n\n\n\t* baz\nBAM",
      6,
    ],
    ["\u2584 ".repeat(4), "\u2584 \u2584\n" + "\u2584 ".repeat(2), 4],
  ] as const)("%j at %i columns", ([input, output, limit]) => {
    expect(wrapWords(input, limit)).toBe(output);
  });
});
