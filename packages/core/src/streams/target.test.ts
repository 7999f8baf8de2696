import type { Pod } from "kubernetes-types/core/v1.js";
import { describe, expect, test } from "vitest";
import { InvalidArgumentError } from "../errors.ts";
import { labelSelectorString, podSelectorOf, servicePortToPodPort, sortPodsBestFirst } from "./target.ts";

function pod(
  name: string,
  options: {
    node?: string;
    phase?: string;
    readySince?: string;
    restarts?: number;
    created?: string;
  },
): Pod {
  return {
    metadata: { name, creationTimestamp: options.created ?? "2024-01-01T00:00:00Z" },
    spec: {
      containers: [{ name: "c", ports: [{ name: "http", containerPort: 8080 }] }],
      nodeName: options.node ?? "n",
    },
    status: {
      phase: options.phase ?? "Running",
      conditions: options.readySince
        ? [{ type: "Ready", status: "True", lastTransitionTime: options.readySince }]
        : [{ type: "Ready", status: "False" }],
      containerStatuses: [
        { name: "c", restartCount: options.restarts ?? 0, ready: true, image: "i", imageID: "" },
      ],
    },
  };
}

const names = (pods: Pod[]) => pods.map((p) => p.metadata?.name);

describe("sortPodsBestFirst (kubectl: sort.Reverse(podutils.ActivePods))", () => {
  test("assigned before unassigned, Running before Unknown before Pending", () => {
    const pods = [
      pod("unassigned", { node: "", phase: "Running", readySince: "2024-01-01T00:00:00Z" }),
      pod("pending", { phase: "Pending" }),
      pod("unknown", { phase: "Unknown" }),
      pod("running", { phase: "Running" }),
    ];
    expect(names(sortPodsBestFirst(pods))).toEqual(["running", "unknown", "pending", "unassigned"]);
  });

  test("ready before not ready, then ready the longest", () => {
    const pods = [
      pod("not-ready", {}),
      pod("ready-later", { readySince: "2024-01-02T00:00:00Z" }),
      pod("ready-first", { readySince: "2024-01-01T00:00:00Z" }),
    ];
    expect(names(sortPodsBestFirst(pods))).toEqual(["ready-first", "ready-later", "not-ready"]);
  });

  test("fewer restarts, then older", () => {
    const t = "2024-01-01T00:00:00Z";
    const pods = [
      pod("restarted", { readySince: t, restarts: 3 }),
      pod("newer", { readySince: t, created: "2024-01-03T00:00:00Z" }),
      pod("older", { readySince: t, created: "2024-01-02T00:00:00Z" }),
    ];
    expect(names(sortPodsBestFirst(pods))).toEqual(["older", "newer", "restarted"]);
  });
});

describe("selectors", () => {
  test("a LabelSelector in its string form", () => {
    expect(
      labelSelectorString({
        matchLabels: { app: "web" },
        matchExpressions: [
          { key: "tier", operator: "In", values: ["a", "b"] },
          { key: "env", operator: "NotIn", values: ["dev"] },
          { key: "canary", operator: "Exists" },
          { key: "legacy", operator: "DoesNotExist" },
        ],
      }),
    ).toBe("app=web,tier in (a,b),env notin (dev),canary,!legacy");
  });

  test("a Service's map selector and a Deployment's LabelSelector", () => {
    expect(podSelectorOf("Service", "web", { spec: { selector: { app: "web" } } })).toBe("app=web");
    expect(podSelectorOf("Deployment", "web", { spec: { selector: { matchLabels: { app: "web" } } } })).toBe(
      "app=web",
    );
  });

  test("a Service without selector has no pods to stream from", () => {
    expect(() => podSelectorOf("Service", "ext", { spec: {} })).toThrow(InvalidArgumentError);
    expect(() => podSelectorOf("Service", "ext", { spec: {} })).toThrow('Service "ext" has no pod selector');
  });
});

describe("servicePortToPodPort (kubectl's LookupContainerPortNumberByServicePort)", () => {
  const service = {
    metadata: { name: "web" },
    spec: {
      ports: [
        { name: "named", port: 80, targetPort: "http" },
        { name: "numeric", port: 81, targetPort: 9090 },
        { name: "unset", port: 82 },
      ],
    },
  };
  const p = pod("p", {});
  test("named targetPort → the pod's container port of that name", () => {
    expect(servicePortToPodPort(service, p, 80)).toBe(8080);
    expect(servicePortToPodPort(service, p, "named")).toBe(8080);
  });
  test("numeric targetPort, and the port itself when targetPort is unset", () => {
    expect(servicePortToPodPort(service, p, 81)).toBe(9090);
    expect(servicePortToPodPort(service, p, 82)).toBe(82);
  });
  test("a port the Service does not have", () => {
    expect(() => servicePortToPodPort(service, p, 443)).toThrow(
      'Service "web" does not have a service port 443',
    );
  });
  test("a named targetPort the pod does not declare", () => {
    const bare: Pod = { metadata: { name: "bare" }, spec: { containers: [{ name: "c" }] } };
    expect(() => servicePortToPodPort(service, bare, 80)).toThrow(
      'pod "bare" does not have a named port "http"',
    );
  });
});
