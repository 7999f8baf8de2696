import { describe, expect, test } from "vitest";
import { describeGeneric, smartLabel } from "./generic.ts";

describe("kubectl's generic describer", () => {
  test("field names become labels as smartLabelFor makes them", () => {
    expect(smartLabel("apiVersion")).toBe("API Version");
    expect(smartLabel("uid")).toBe("UID");
    expect(smartLabel("creationTimestamp")).toBe("Creation Timestamp");
    expect(smartLabel("HTTPServer")).toBe("HTTP Server");
    expect(smartLabel("max-surge")).toBe("Max - Surge");
    expect(smartLabel("v2Field")).toBe("v2Field");
    expect(smartLabel("example.com/x")).toBe("example.com/x");
  });

  test("every field, sorted and nested; lists of values one per line; metadata's name, labels and managedFields left out", () => {
    const text = describeGeneric(
      {
        apiVersion: "example.com/v1",
        kind: "Widget",
        metadata: {
          name: "gadget",
          namespace: "ns",
          labels: { app: "w" },
          managedFields: [{ manager: "kubectl" }],
        } as never,
        spec: {
          size: 3,
          ratio: 0.25,
          on: true,
          none: null,
          tags: ["a", "b"],
          ports: [{ port: 80 }],
          nested: [[1, 2]],
        },
      },
      undefined,
      0,
    );
    expect(text).toBe(
      [
        "Name:         gadget",
        "Namespace:    ns",
        "Labels:       app=w",
        "Annotations:  <none>",
        "API Version:  example.com/v1",
        "Kind:         Widget",
        "Metadata:",
        "Spec:",
        "  Nested:",
        "    [1 2]",
        "  None:  <nil>",
        "  On:    true",
        "  Ports:",
        "    Port:  80",
        "  Ratio:   0.25",
        "  Size:    3",
        "  Tags:",
        "    a",
        "    b",
        "",
      ].join("\n"),
    );
  });

  test("events: `Events:  <none>` when there are none, nothing with --show-events=false", () => {
    const object = { kind: "Widget", metadata: { name: "w" } };
    expect(describeGeneric(object, [], 0)).toContain("Metadata:\nEvents:  <none>\n");
    expect(describeGeneric(object, undefined, 0)).not.toContain("Events");
  });
});
