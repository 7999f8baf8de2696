// Which class the verbs return: a registered subclass, else a generic class from discovery; a class as
// the kind argument needs no discovery when it knows its plural.
import { describe, expect, it } from "vitest";
import { APIObject, newClass, Registry } from "../../src/index.ts";
import { mockCluster } from "./mock-cluster.ts";

class Deployment extends newClass({ kind: "Deployment", apiVersion: "apps/v1", plural: "deployments" }) {
  get replicas(): number {
    return (this.raw.spec as { replicas?: number } | undefined)?.replicas ?? 1;
  }
}

const list = (items: unknown[]) => ({ status: 200, body: { kind: "List", metadata: {}, items } });

describe("the registry", () => {
  it("returns a registered subclass for its kind, generic classes for the others", async () => {
    const registry = new Registry();
    registry.register(Deployment);
    const cluster = await mockCluster({ registry });
    cluster.respond(() => list([{ metadata: { name: "web" }, spec: { replicas: 3 } }]));
    const [web] = await cluster.k.get("deploy");
    expect(web).toBeInstanceOf(Deployment);
    expect((web as Deployment).replicas).toBe(3);
    const [widget] = await cluster.k.get("ct");
    expect(widget).toBeInstanceOf(APIObject);
    expect(widget).not.toBeInstanceOf(Deployment);
    const cls = widget?.constructor as typeof APIObject;
    expect([cls.kind, cls.apiVersion, cls.plural, cls.namespaced, cls.shortNames]).toEqual([
      "CronTab",
      "stable.example.com/v1",
      "crontabs",
      true,
      ["ct"],
    ]);
    expect(widget?.kind).toBe("CronTab");
    expect(JSON.stringify(widget)).toBe(
      JSON.stringify({
        metadata: { name: "web" },
        spec: { replicas: 3 },
        apiVersion: "stable.example.com/v1",
        kind: "CronTab",
      }),
    );
    // Generic classes are made once per kind.
    const [again] = await cluster.k.get("crontabs");
    expect(again?.constructor).toBe(cls);
    expect((await cluster.k.get("deploy", { raw: true }))[0]).not.toBeInstanceOf(APIObject);
    await cluster.k.close();
    await cluster.agent.close();
  });

  it("a class that knows its plural is used as the kind without discovery", async () => {
    const cluster = await mockCluster();
    cluster.respond(() => list([]));
    await cluster.k.get(Deployment, { namespace: "prod" });
    expect(cluster.discoveryRequests()).toBe(0);
    expect(cluster.requests[0]?.path).toBe("/apis/apps/v1/namespaces/prod/deployments?limit=500");
    await cluster.k.close();
    await cluster.agent.close();
  });

  it("register, get and unregister a class", () => {
    const registry = new Registry({ builtins: false });
    expect(registry.unregister(Deployment)).toBe(false);
    registry.register(Deployment);
    expect(registry.get("apps/v1", "Deployment")).toBe(Deployment);
    expect(registry.unregister(Deployment)).toBe(true);
    expect(registry.get("apps/v1", "Deployment")).toBeUndefined();
  });
});
