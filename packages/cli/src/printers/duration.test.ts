import { describe, expect, it } from "vitest";
import { humanDuration } from "./duration.ts";

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe("humanDuration (apimachinery's HumanDuration)", () => {
  it.for([
    [-3 * s, "<invalid>"],
    [-1 * s, "0s"],
    [119 * s, "119s"],
    [2 * m, "2m"],
    [3 * m + 12 * s, "3m12s"],
    [10 * m + 59 * s, "10m"],
    [179 * m, "179m"],
    [3 * h, "3h"],
    [5 * h + 3 * m, "5h3m"],
    [47 * h, "47h"],
    [2 * d, "2d"],
    [2 * d + 4 * h, "2d4h"],
    [8 * d + 5 * h, "8d"],
    [729 * d, "729d"],
    [2 * 365 * d, "2y"],
    [2 * 365 * d + 20 * d, "2y20d"],
    [9 * 365 * d + 20 * d, "9y"],
  ] as const)("%i ms → %s", ([ms, text]) => {
    expect(humanDuration(ms)).toBe(text);
  });
});
