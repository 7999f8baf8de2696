import { describe, expect, it } from "vitest";
import { goDurationError, parseGoDuration } from "./go-duration.ts";

describe("parseGoDuration (Go's time.ParseDuration, in ms)", () => {
  it.for([
    ["30s", 30_000],
    ["0", 0],
    ["1h30m", 5_400_000],
    ["1.5s", 1500],
    ["500ms", 500],
    ["-1s", -1000],
    ["2m3s", 123_000],
  ] as const)("%s is %i ms", ([text, ms]) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it.for(["", "30", "soon", "1x", "s", "1s 2s"])("refuses %j", (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});

describe("goDurationError (Go's time.ParseDuration errors)", () => {
  it("names a missing unit, an unknown unit, or the whole text as invalid, as Go does", () => {
    expect(goDurationError("1")).toBe('time: missing unit in duration "1"');
    expect(goDurationError("-1")).toBe('time: missing unit in duration "-1"');
    expect(goDurationError("1h2")).toBe('time: missing unit in duration "1h2"');
    expect(goDurationError("1d")).toBe('time: unknown unit "d" in duration "1d"');
    expect(goDurationError("1s2d")).toBe('time: unknown unit "d" in duration "1s2d"');
    expect(goDurationError("abc")).toBe('time: invalid duration "abc"');
    expect(goDurationError("")).toBe('time: invalid duration ""');
    expect(goDurationError(".s")).toBe('time: invalid duration ".s"');
  });
});
