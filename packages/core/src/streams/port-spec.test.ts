import { describe, expect, test } from "vitest";
import { InvalidArgumentError } from "../errors.ts";
import { parsePortSpecs } from "./port-spec.ts";

describe("parsePortSpecs (kubectl's N, :N, L:N)", () => {
  test("N means the same local number, not a random one", () => {
    expect(parsePortSpecs(8080)).toEqual([{ remote: 8080, local: "match" }]);
    expect(parsePortSpecs("8080")).toEqual([{ remote: 8080, local: "match" }]);
  });

  test(":N means any free local port, L:N local port L", () => {
    expect(parsePortSpecs([":8080", "9000:8080"])).toEqual([
      { remote: 8080, local: 0 },
      { remote: 8080, local: 9000 },
    ]);
  });

  test("localPorts auto or a number changes N only", () => {
    expect(parsePortSpecs([80, "1:2"], "auto")).toEqual([
      { remote: 80, local: 0 },
      { remote: 2, local: 1 },
    ]);
    expect(parsePortSpecs(80, 8888)).toEqual([{ remote: 80, local: 8888 }]);
  });

  test("named pod ports are kept for the pod to resolve", () => {
    expect(parsePortSpecs(["http", "8000:metrics"])).toEqual([
      { remote: "http", local: "match" },
      { remote: "metrics", local: 8000 },
    ]);
  });

  test.each([
    ["0", /pod port 0 is out of range/],
    ["70000", /pod port 70000 is out of range/],
    ["a:80", /local port "a" is not a number/],
    ["80:", /the pod port is missing/],
    ["Not_A_Name", /is not a port name/],
  ])("%s is refused with the reason", (spec, reason) => {
    expect(() => parsePortSpecs(spec)).toThrow(InvalidArgumentError);
    expect(() => parsePortSpecs(spec)).toThrow(reason);
  });

  test("one numeric localPorts cannot serve several ports", () => {
    expect(() => parsePortSpecs([80, 81], 9000)).toThrow("localPorts 9000 names one local port for 2 ports");
  });
});
