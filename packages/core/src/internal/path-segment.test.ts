import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.ts";
import { invalidPathSegment } from "./path-segment.ts";
import { resourcePath } from "./resource.ts";

const pods = { group: "", version: "v1", kind: "Pod", plural: "pods", namespaced: true };

describe("invalidPathSegment (client-go IsValidPathSegmentName)", () => {
  it.each([
    ["bad/ns", `invalid namespace "bad/ns": [may not contain '/']`],
    ["a%b", `invalid namespace "a%b": [may not contain '%']`],
    ["a/%", `invalid namespace "a/%": [may not contain '/' may not contain '%']`],
    [".", `invalid namespace ".": [may not be '.']`],
    ["..", `invalid namespace "..": [may not be '..']`],
  ])("%s → %s", (value, message) => {
    expect(invalidPathSegment("namespace", value)).toBe(message);
  });

  it.each(["default", "BAD", "a.b", "...", "with space"])("%s is left to the server", (value) => {
    expect(invalidPathSegment("namespace", value)).toBeUndefined();
  });
});

describe("resourcePath refuses what client-go refuses to put in a path", () => {
  it("a namespace or a name that is not a path segment → InvalidArgumentError in kubectl's words", () => {
    expect(() => resourcePath(pods, { namespace: "bad/ns" })).toThrow(
      new InvalidArgumentError(`invalid namespace "bad/ns": [may not contain '/']`),
    );
    expect(() => resourcePath(pods, { namespace: "default", name: ".." })).toThrow(
      new InvalidArgumentError(`invalid resource name "..": [may not be '..']`),
    );
    expect(resourcePath(pods, { namespace: "default", name: "web" })).toBe(
      "/api/v1/namespaces/default/pods/web",
    );
  });
});
