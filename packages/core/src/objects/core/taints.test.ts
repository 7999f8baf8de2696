import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../errors.ts";
import { changeTaints, parseTaintSpec } from "./taints.ts";

describe("parseTaintSpec (kubectl taint's grammar)", () => {
  it("reads the forms that add a taint", () => {
    expect(parseTaintSpec("dedicated=gpu:NoSchedule")).toEqual({
      key: "dedicated",
      value: "gpu",
      effect: "NoSchedule",
    });
    expect(parseTaintSpec("example.com/maint:NoExecute")).toEqual({
      key: "example.com/maint",
      effect: "NoExecute",
    });
  });

  it("reads the forms that remove taints", () => {
    expect(parseTaintSpec("dedicated:NoSchedule-")).toEqual({
      key: "dedicated",
      effect: "NoSchedule",
      remove: true,
    });
    expect(parseTaintSpec("dedicated=gpu:NoSchedule-")).toEqual({
      key: "dedicated",
      value: "gpu",
      effect: "NoSchedule",
      remove: true,
    });
    expect(parseTaintSpec("dedicated-")).toEqual({ key: "dedicated", remove: true });
  });

  it("refuses what kubectl refuses, with kubectl's message", () => {
    expect(() => parseTaintSpec("dedicated=gpu:Sometimes")).toThrow(
      "invalid taint effect: Sometimes, unsupported taint effect",
    );
    expect(() => parseTaintSpec("dedicated")).toThrow("invalid taint spec: dedicated");
    expect(() => parseTaintSpec("a=b=c:NoSchedule")).toThrow("invalid taint spec: a=b=c:NoSchedule");
    expect(() => parseTaintSpec("a:b:NoSchedule")).toThrow("invalid taint spec: a:b:NoSchedule");
    expect(() => parseTaintSpec("bad key:NoSchedule")).toThrow(InvalidArgumentError);
    expect(() => parseTaintSpec("k=bad value:NoSchedule")).toThrow(InvalidArgumentError);
  });
});

describe("changeTaints (kubectl's reorganizeTaints)", () => {
  const a = { key: "a", value: "1", effect: "NoSchedule" };
  const b = { key: "b", effect: "NoExecute" };

  it("puts added taints first, then keeps the others in order", () => {
    expect(changeTaints("n", [a], [parseTaintSpec("b:NoExecute")], false)).toEqual([b, a]);
  });

  it("refuses to replace a taint of the same key and effect unless overwrite is set", () => {
    expect(() => changeTaints("n", [a], [parseTaintSpec("a=2:NoSchedule")], false)).toThrow(
      "node n already has a taint(s) with same effect(s) and overwrite is false",
    );
    expect(changeTaints("n", [a, b], [parseTaintSpec("a=2:NoSchedule")], true)).toEqual([
      { ...a, value: "2" },
      b,
    ]);
  });

  it("removes by key and effect, or every taint of a key", () => {
    const a2 = { key: "a", effect: "NoExecute" };
    expect(changeTaints("n", [a, a2, b], [parseTaintSpec("a:NoSchedule-")], false)).toEqual([a2, b]);
    expect(changeTaints("n", [a, a2, b], [parseTaintSpec("a-")], false)).toEqual([b]);
  });

  it("says which taint to remove is not there", () => {
    expect(() => changeTaints("n", [a], [parseTaintSpec("c:NoSchedule-")], false)).toThrow(
      'taint "c:NoSchedule" not found',
    );
    expect(() => changeTaints("n", [a], [parseTaintSpec("c-")], false)).toThrow('taint "c" not found');
  });

  it("refuses the same key and effect twice in one change", () => {
    expect(() =>
      changeTaints("n", [], [parseTaintSpec("a=1:NoSchedule"), parseTaintSpec("a=2:NoSchedule")], false),
    ).toThrow("duplicated taints with the same key and effect");
  });
});
