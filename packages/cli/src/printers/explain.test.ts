import { describe, expect, it } from "vitest";
import { explainText } from "./explain.ts";

// A small document in the API server's shape: an operation naming the GVK, schemas with refs, a cycle
// (Node.children → Node), an allOf wrapper, a map, an enum and a required field.
const gvk = { group: "example.com", kind: "Widget", version: "v1" };
const document = {
  paths: {
    "/apis/example.com/v1/namespaces/{namespace}/widgets": {
      get: { "x-kubernetes-group-version-kind": gvk },
    },
  },
  components: {
    schemas: {
      "com.example.v1.Widget": {
        description: "A widget.",
        type: "object",
        required: ["spec"],
        properties: {
          spec: { description: "Its spec.", allOf: [{ $ref: "#/components/schemas/com.example.v1.Node" }] },
          labels: { type: "object", additionalProperties: { type: "string" } },
          mode: { type: "string", enum: ["", "A", "B", "C", "D"] },
        },
        "x-kubernetes-group-version-kind": [gvk],
      },
      "com.example.v1.Node": {
        description: "A node of a tree.",
        type: "object",
        properties: {
          children: { type: "array", items: { $ref: "#/components/schemas/com.example.v1.Node" } },
          name: { type: "string" },
        },
      },
    },
  },
};
const request = { group: "example.com", version: "v1", resource: "widgets", fieldPath: [], recursive: false };

describe("explainText (kubectl explain's plaintext template)", () => {
  it("prints the header, description and fields with types, -required- and a short enum", () => {
    expect(explainText(document, request).text).toBe(
      "GROUP:      example.com\nKIND:       Widget\nVERSION:    v1\n\nDESCRIPTION:\n    A widget.\n    \nFIELDS:\n" +
        "  labels\t<map[string]string>\n    <no description>\n\n" +
        '  mode\t<string>\n  enum: "", A, B, C, ....\n    <no description>\n\n' +
        "  spec\t<Node> -required-\n    Its spec.\n\n\n",
    );
  });

  it("stops --recursive at a schema already on the path (a cycle)", () => {
    const { text } = explainText(document, { ...request, fieldPath: ["spec"], recursive: true });
    expect(text).toContain("FIELD: spec <Node>\n\n\nDESCRIPTION:\n    Its spec.\n    A node of a tree.\n");
    expect(text).toContain("FIELDS:\n  children\t<[]Node>\n  name\t<string>\n\n");
  });

  it("follows a path through lists and refs, and names the first missing field", () => {
    expect(explainText(document, { ...request, fieldPath: ["spec", "children", "name"] }).text).toContain(
      "FIELD: name <string>\n",
    );
    expect(explainText(document, { ...request, fieldPath: ["spec", "nope", "deeper"] })).toEqual({
      text: "GROUP:      example.com\nKIND:       Widget\nVERSION:    v1\n\n",
      error: 'error: field "nope" does not exist',
    });
  });

  it("reports a resource the document has no operation for as kubectl does", () => {
    expect(explainText(document, { ...request, resource: "gadgets" })).toEqual({
      text: "",
      error: "error: GVR (example.com/v1, Resource=gadgets) not found in OpenAPI schema",
    });
  });
});
