import { describe, expect, test } from "vitest";
import { describeSecret } from "./secret.ts";
import { describeConfigMap } from "./config-map.ts";
import { formatEndpointSlices } from "./service.ts";

const ready = (ip: string) => ({ addresses: [ip], conditions: { ready: true } });

describe("the Endpoints line of a service, from its EndpointSlices", () => {
  test("ready endpoints of the port with that name, three at most then `+ N more...`", () => {
    const slices = [
      {
        ports: [
          { name: "http", port: 8080 },
          { name: "metrics", port: 9090 },
        ],
        endpoints: [
          ready("10.0.0.1"),
          ready("10.0.0.2"),
          { addresses: ["10.0.0.9"], conditions: { ready: false } },
        ],
      },
      { ports: [{ name: "http", port: 8080 }], endpoints: [ready("10.0.0.3"), ready("fd00::4")] },
    ];
    expect(formatEndpointSlices(slices, "http")).toBe(
      "10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...",
    );
    expect(formatEndpointSlices(slices, "metrics")).toBe("10.0.0.1:9090,10.0.0.2:9090");
    expect(formatEndpointSlices([{ ports: [], endpoints: [ready("fd00::4")] }], "")).toBe("fd00::4");
    expect(
      formatEndpointSlices([{ ports: [{ name: "", port: 53 }], endpoints: [ready("fd00::4")] }], ""),
    ).toBe("[fd00::4]:53");
    expect(formatEndpointSlices([], "http")).toBe("<none>");
    expect(formatEndpointSlices([{ ports: [{ name: "http", port: 1 }], endpoints: [] }], "http")).toBe("");
  });
});

describe("secrets and configmaps", () => {
  test("a secret's values are never printed, only their sizes in bytes, keys sorted", () => {
    const text = describeSecret({
      metadata: { name: "s", namespace: "ns" },
      type: "kubernetes.io/service-account-token",
      data: { token: Buffer.from("eyJhbGciOi.secret").toString("base64"), "ca.crt": "AAEC" },
    });
    expect(text).toBe(
      "Name:         s\nNamespace:    ns\nLabels:       <none>\nAnnotations:  <none>\n\nType:  kubernetes.io/service-account-token\n\nData\n====\nca.crt:  3 bytes\ntoken:   17 bytes\n",
    );
    expect(text).not.toContain("secret");
  });

  test("a configmap's data in full and its binary data as sizes, keys sorted", () => {
    const text = describeConfigMap(
      {
        metadata: { name: "c", namespace: "ns" },
        data: { b: "two\tcols", a: "" },
        binaryData: { bin: "AAECAw==" },
      },
      undefined,
      0,
    );
    expect(text).toBe(
      "Name:         c\nNamespace:    ns\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\na:\n----\n\n\nb:\n----\ntwo  cols\n\n\nBinaryData\n====\nbin: 4 bytes\n\n",
    );
  });
});
