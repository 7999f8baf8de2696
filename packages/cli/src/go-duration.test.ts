import { describe, expect, it } from "vitest";
import { parseGoDuration } from "./go-duration.ts";

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
