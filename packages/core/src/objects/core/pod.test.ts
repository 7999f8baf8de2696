import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../errors.ts";
import { ConfigMap } from "./config-map.ts";
import { Pod } from "./pod.ts";
import { Secret } from "./secret.ts";

describe("Pod.gen", () => {
  it("builds one container from the options, like kr8s's Pod.gen", () => {
    const pod = Pod.gen({
      name: "web",
      image: "nginx",
      namespace: "dev",
      labels: { app: "web" },
      command: ["nginx", "-g", "daemon off;"],
      env: { MODE: "dev" },
      ports: [80, { containerPort: 443, name: "https" }],
    });
    expect(pod).toBeInstanceOf(Pod);
    expect(pod.raw).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web", namespace: "dev", labels: { app: "web" } },
      spec: {
        containers: [
          {
            name: "web",
            image: "nginx",
            command: ["nginx", "-g", "daemon off;"],
            env: [{ name: "MODE", value: "dev" }],
            ports: [{ containerPort: 80 }, { containerPort: 443, name: "https" }],
          },
        ],
        restartPolicy: "Always",
      },
    });
  });

  it("names the container `container` when only generateName is given", () => {
    const pod = Pod.gen({ generateName: "job-", image: "busybox", ports: 8080, restartPolicy: "Never" });
    expect(pod.raw.metadata).toEqual({ generateName: "job-" });
    expect(pod.raw.spec?.containers[0]).toEqual({
      name: "container",
      image: "busybox",
      ports: [{ containerPort: 8080 }],
    });
    expect(pod.raw.spec?.restartPolicy).toBe("Never");
  });

  it("refuses a Pod without image or name", () => {
    expect(() => Pod.gen({ name: "x", image: "" })).toThrow(InvalidArgumentError);
    expect(() => Pod.gen({ image: "nginx" })).toThrow("Pod.gen needs a name or a generateName");
  });

  it("returns the subclass it is called on", () => {
    class MyPod extends Pod {}
    expect(MyPod.gen({ name: "x", image: "busybox" })).toBeInstanceOf(MyPod);
  });
});

describe("Secret data", () => {
  it("encodes values to base64 in gen and decodes them on read", () => {
    const secret = Secret.gen({ name: "db", data: { password: "s3cret é", key: new Uint8Array([0, 255]) } });
    expect(secret.raw.data).toEqual({ password: Buffer.from("s3cret é").toString("base64"), key: "AP8=" });
    expect(secret.raw.type).toBe("Opaque");
    expect(secret.data.password).toBe("s3cret é");
    expect(secret.dataBytes.key).toEqual(Buffer.from([0, 255]));
  });

  it("encodes on assignment and reads stringData over data", () => {
    const secret = new Secret({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s" },
      stringData: { a: "x" },
    });
    expect(secret.data).toEqual({ a: "x" });
    secret.data = { b: "y" };
    expect(secret.raw).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s" },
      data: { b: "eQ==" },
    });
  });
});

describe("ConfigMap data", () => {
  it("hands out the JSON's own data and decodes binaryData", () => {
    const cm = new ConfigMap({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } });
    cm.data.color = "blue";
    cm.binaryData = { logo: new Uint8Array([1, 2, 3]) };
    expect(cm.raw.data).toEqual({ color: "blue" });
    expect(cm.raw.binaryData).toEqual({ logo: "AQID" });
    expect(cm.binaryData.logo).toEqual(Buffer.from([1, 2, 3]));
  });
});
