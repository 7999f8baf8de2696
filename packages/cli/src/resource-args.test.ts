import { describe, expect, it } from "vitest";
import { namesSingleObject, parseResourceArgs } from "./resource-args.ts";

describe("parseResourceArgs (kubectl's TYPE[,TYPE] [NAME…] | TYPE/NAME… arguments)", () => {
  it('keeps an empty type for the lookup to refuse (kubectl: the server doesn\'t have a resource type "")', () => {
    expect(parseResourceArgs(["po,"])).toEqual([
      { type: "po", names: [], categories: true },
      { type: "", names: [], categories: true },
    ]);
    expect(parseResourceArgs([""])).toEqual([{ type: "", names: [], categories: true }]);
    expect(parseResourceArgs([])).toEqual([]);
  });

  it("asks for every name of every comma-separated type", () => {
    expect(parseResourceArgs(["po,svc", "a", "b"])).toEqual([
      { type: "po", names: ["a", "b"], categories: false },
      { type: "svc", names: ["a", "b"], categories: false },
    ]);
  });

  it("lets a type name a category where kubectl expands categories: types alone, or one type with names", () => {
    expect(parseResourceArgs(["all,cm"]).map((r) => r.categories)).toEqual([true, true]);
    expect(parseResourceArgs(["all", "web"])).toEqual([{ type: "all", names: ["web"], categories: true }]);
    // kubectl reads `all,cm web` as the pairs all/web and cm/web, and `all/web` as a pair: "all" is no type.
    expect(parseResourceArgs(["all,cm", "web"]).map((r) => r.categories)).toEqual([false, false]);
    expect(parseResourceArgs(["all/web"])).toEqual([{ type: "all", names: ["web"], categories: false }]);
  });

  it("groups consecutive TYPE/NAME arguments of one type", () => {
    expect(parseResourceArgs(["svc/a", "svc/b", "pod/c", "svc/d"])).toEqual([
      { type: "svc", names: ["a", "b"], categories: false },
      { type: "pod", names: ["c"], categories: false },
      { type: "svc", names: ["d"], categories: false },
    ]);
  });

  it("refuses a type alone among TYPE/NAME arguments, and an empty half, with kubectl's messages", () => {
    expect(() => parseResourceArgs(["pod/x", "svc"])).toThrow(
      /there is no need to specify a resource type as a separate argument/,
    );
    for (const args of [["po/"], ["/x"], ["pod,svc/web"]])
      expect(() => parseResourceArgs(args)).toThrow(
        "arguments in resource/name form must have a single resource and name",
      );
    // Two slashes: kubectl's own message; a type alone anywhere is checked before any argument is split.
    for (const args of [["deploy/web/extra"], ["deploy/web,svc/web-lb"], ["pod/x", "deploy/a/b"]])
      expect(() => parseResourceArgs(args)).toThrow(
        "arguments in resource/name form may not have more than one slash",
      );
    expect(() => parseResourceArgs(["deploy/a/b", "svc"])).toThrow(/there is no need to specify/);
  });

  it("one type and one name is a single object (printed unwrapped by -o json)", () => {
    expect(namesSingleObject(parseResourceArgs(["pod", "x"]))).toBe(true);
    expect(namesSingleObject(parseResourceArgs(["pod/x"]))).toBe(true);
    expect(namesSingleObject(parseResourceArgs(["pod", "x", "y"]))).toBe(false);
    expect(namesSingleObject(parseResourceArgs(["po,svc", "x"]))).toBe(false);
  });
});
