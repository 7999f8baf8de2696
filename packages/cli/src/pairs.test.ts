import { describe, expect, it } from "vitest";
import { UsageError } from "./errors.ts";
import { parsePairs } from "./pairs.ts";

// Cases from kubectl's cmdutil.ParsePairs (pkg/cmd/util/helpers.go, v1.33).
describe("parsePairs (kubectl's key=value / key- arguments)", () => {
  it("sets keys (the value may hold `=`, the last one wins) and removes `key-`", () => {
    const pairs = parsePairs(["a=1", "b=x=y", "a=2", "c-", "d=", "e-=v", "=-"], "exec-env");
    expect([...pairs.set]).toEqual([
      ["a", "2"],
      ["b", "x=y"],
      ["d", ""],
      ["e-", "v"],
    ]);
    // `=-` has no key before `=`, so it is read as the removal of `=`, as kubectl reads it.
    expect(pairs.remove).toEqual(["c", "="]);
  });

  it("names every malformed argument in kubectl's words", () => {
    expect(() => parsePairs(["ok=1", "BAD", "=x", "-"], "auth-provider-arg")).toThrow(
      new UsageError("invalid auth-provider-arg format: BAD, =x, -"),
    );
  });
});
