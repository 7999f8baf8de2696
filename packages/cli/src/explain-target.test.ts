import type { APIResource } from "@kr8s/core";
import { describe, expect, it } from "vitest";
import { UsageError } from "./errors.ts";
import { explainSyntaxError, explainTarget } from "./explain-target.ts";

function resource(
  name: string,
  group: string,
  version: string,
  kind: string,
  shortNames: string[] = [],
): APIResource {
  return {
    name,
    singularName: kind.toLowerCase(),
    shortNames,
    kind,
    group,
    version,
    apiVersion: group ? `${group}/${version}` : version,
    namespaced: true,
    verbs: [],
    categories: [],
    subresources: [],
    preferred: true,
  };
}

// Discovery order: the core group first.
const served = [
  resource("pods", "", "v1", "Pod", ["po"]),
  resource("events", "", "v1", "Event", ["ev"]),
  resource("deployments", "apps", "v1", "Deployment", ["deploy"]),
  resource("events", "events.k8s.io", "v1", "Event", ["ev"]),
];

describe("explainTarget", () => {
  it("takes the first word for the resource (plural, singular, Kind or short name) and the rest for fields", () => {
    for (const spelling of ["pods", "pod", "Pod", "PODS"])
      expect(explainTarget(`${spelling}.spec.containers`, served)).toEqual({
        group: "",
        version: "v1",
        resource: "pods",
        fieldPath: ["spec", "containers"],
      });
    expect(explainTarget("po.spec.containers", served)).toEqual({
      group: "",
      version: "v1",
      resource: "pods",
      fieldPath: ["spec", "containers"],
      shortName: { name: "po", group: "", plural: "pods" },
    });
    expect(explainTarget("deploy.", served)).toEqual({
      group: "apps",
      version: "v1",
      resource: "deployments",
      fieldPath: [],
      shortName: { name: "deploy", group: "apps", plural: "deployments" },
    });
  });

  it("matches short names only as the server declares them, as kubectl does (`PO` is no type)", () => {
    expect(explainTarget("PO", served)).toBeUndefined();
    expect(explainTarget("Deploy.spec", served)).toBeUndefined();
  });

  it("lets resource.group choose the group, the longest match winning over the core group", () => {
    expect(explainTarget("deployments.apps.spec", served)?.fieldPath).toEqual(["spec"]);
    expect(explainTarget("events.events.k8s.io.note", served)).toEqual({
      group: "events.k8s.io",
      version: "v1",
      resource: "events",
      fieldPath: ["note"],
    });
    expect(explainTarget("events.note", served)?.group).toBe("");
  });

  it("with --api-version, uses its group and version and takes every later word as a field", () => {
    expect(explainTarget("deployments.apps", served, "apps/v1beta1")).toEqual({
      group: "apps",
      version: "v1beta1",
      resource: "deployments",
      fieldPath: ["apps"],
    });
    expect(explainTarget("pods", served, "v2")).toMatchObject({ group: "", version: "v2" });
    expect(() => explainTarget("pods", served, "a/b/c")).toThrow(UsageError);
  });

  it("is undefined for a name nothing is served under", () => {
    expect(explainTarget("foo.spec", served)).toBeUndefined();
  });
});

describe("explainSyntaxError", () => {
  it("refuses what kubectl's JSONPath reading of the argument refuses, in its words", () => {
    expect(explainSyntaxError("pods.spec.containers[0]")).toBe(
      "invalid jsonpath syntax, first node must be field node",
    );
    expect(explainSyntaxError(".pods")).toBe("invalid jsonpath syntax, first node must be field node");
    expect(explainSyntaxError("pods x")).toBe("invalid jsonpath syntax, first node must be field node");
    expect(explainSyntaxError("pods.spec.*")).toBe("invalid jsonpath syntax, first node must be field node");
    expect(explainSyntaxError("po,svc")).toBe("unrecognized character in action: U+002C ','");
    expect(explainSyntaxError("pods{")).toBe("unrecognized character in action: U+007B '{'");
    expect(explainSyntaxError("pods}")).toBe("must pass in 1 jsonpath string");
  });

  it("lets field paths through, a trailing dot and characters kubectl leaves to the resource lookup too", () => {
    for (const argument of [
      "pods",
      "pods.",
      "pods.spec.containers",
      "deployments.apps.spec",
      "pods|x",
      "po:d",
    ])
      expect(explainSyntaxError(argument)).toBeUndefined();
  });
});
