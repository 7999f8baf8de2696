import { describe, expect, test } from "vitest";
import { requestUriProblem } from "./raw-uri.ts";

describe("requestUriProblem: Go's url.ParseRequestURI, as get --raw checks its URI", () => {
  test("absolute paths and URLs parse, with or without a query", () => {
    for (const uri of ["/version", "/api/v1/namespaces?limit=1", "https://host:6443/version", "/a%2Fb"])
      expect(requestUriProblem(uri), uri).toBeUndefined();
  });

  test("a relative path, a bad escape, a control character and an empty scheme, in Go's words", () => {
    expect(requestUriProblem("version")).toBe('parse "version": invalid URI for request');
    expect(requestUriProblem("/%zz")).toBe('parse "/%zz": invalid URL escape "%zz"');
    expect(requestUriProblem("/a%4")).toBe('parse "/a%4": invalid URL escape "%4"');
    expect(requestUriProblem("/a?b=%zz")).toBeUndefined();
    expect(requestUriProblem("/a\tb")).toBe('parse "/a\\tb": net/url: invalid control character in URL');
    expect(requestUriProblem(":x")).toBe('parse ":x": missing protocol scheme');
  });
});
