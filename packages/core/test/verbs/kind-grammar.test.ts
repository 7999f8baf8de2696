// The kind grammar against a fixture discovery (wire: served through MockAgent), including the traps:
// a CRD reusing a built-in kind's name or short name, a short name declared by one of two groups.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UnknownKindError } from "../../src/index.ts";
import { mockCluster, type MockCluster } from "./mock-cluster.ts";

let cluster: MockCluster;
beforeEach(async () => {
  cluster = await mockCluster();
});
afterEach(async () => {
  await cluster.k.close();
  await cluster.agent.close();
});

const where = async (spelling: string): Promise<string> => {
  const info = await cluster.k.lookupKind(spelling);
  return `${info.group}/${info.version}/${info.plural}`;
};

describe("kind spellings", () => {
  it.each(["pods", "pod", "Pod", "po", "PODS", "pod/v1", "pods/v1", "Pod/v1"])(
    "%s → core v1 pods",
    async (spelling) => {
      expect(await where(spelling)).toBe("/v1/pods");
    },
  );

  it.each([
    "deployments",
    "deployment",
    "Deployment",
    "deploy",
    "DEPLOY",
    "deployments.apps",
    "deployment.apps",
    "Deployment.apps",
    "deployments.v1.apps",
    "deployment.v1.apps",
    "deployment/v1",
    "deployment.apps/v1",
    "Deployment.apps/v1",
    "deployments.apps/v1",
  ])("%s → apps/v1 deployments", async (spelling) => {
    expect(await where(spelling)).toBe("apps/v1/deployments");
  });

  it.each([
    "roles",
    "role",
    "Role",
    "roles.rbac.authorization.k8s.io",
    "role.v1.rbac.authorization.k8s.io",
    "Role.rbac.authorization.k8s.io/v1",
    "role/v1",
  ])("%s → rbac roles", async (spelling) => {
    expect(await where(spelling)).toBe("rbac.authorization.k8s.io/v1/roles");
  });

  it("a group with dots reads as kind.group when kind.version.group does not match", async () => {
    expect(await where("ingresses.networking.k8s.io")).toBe("networking.k8s.io/v1/ingresses");
    expect(await where("ing")).toBe("networking.k8s.io/v1/ingresses");
  });

  it("a group also matches as the start of a group's name when none matches whole, as in kubectl", async () => {
    expect(await where("ingresses.networking")).toBe("networking.k8s.io/v1/ingresses");
    expect(await where("ing.networking")).toBe("networking.k8s.io/v1/ingresses");
    expect(await where("deploy.app")).toBe("apps/v1/deployments");
    expect(await where("crontabs.stable")).toBe("stable.example.com/v1/crontabs");
    // A whole group wins over a longer one it starts: `deployments.fake` is not apps'.
    expect(await where("deployments.fake")).toBe("fake.example.com/v1/deployments");
    // The start of the name only, and never with a version.
    await expect(cluster.k.lookupKind("ingresses.k8s.io")).rejects.toBeInstanceOf(UnknownKindError);
    await expect(cluster.k.lookupKind("ingresses.v1.networking")).rejects.toBeInstanceOf(UnknownKindError);
  });

  it("core group first when a name is served by two groups (events)", async () => {
    expect(await where("events")).toBe("/v1/events");
    expect(await where("ev")).toBe("/v1/events");
    expect(await where("events.events.k8s.io")).toBe("events.k8s.io/v1/events");
  });

  it("the group's preferred version first; another version when asked", async () => {
    expect(await where("hpa")).toBe("autoscaling/v2/horizontalpodautoscalers");
    expect(await where("hpa.v1.autoscaling")).toBe("autoscaling/v1/horizontalpodautoscalers");
    expect(await where("hpa.autoscaling/v1")).toBe("autoscaling/v1/horizontalpodautoscalers");
    expect(await where("ct")).toBe("stable.example.com/v1/crontabs");
    expect(await where("crontab.stable.example.com/v1beta1")).toBe("stable.example.com/v1beta1/crontabs");
  });

  it("a CRD reusing a built-in kind's name or short name does not shadow the built-in", async () => {
    expect(await where("deployments")).toBe("apps/v1/deployments");
    expect(await where("deploy")).toBe("apps/v1/deployments");
    expect(await where("deployments.fake.example.com")).toBe("fake.example.com/v1/deployments");
    expect(await where("fd")).toBe("fake.example.com/v1/deployments");
  });

  it("a short name resolves inside the group that declared it", async () => {
    // other.example.com serves `certificates` earlier in discovery order, but only cert-manager.io says `cert`.
    expect(await where("certificates")).toBe("other.example.com/v1/certificates");
    expect(await where("cert")).toBe("cert-manager.io/v1/certificates");
  });

  it("an irregular plural comes from discovery, never guessed", async () => {
    expect(await where("endpoints")).toBe("/v1/endpoints");
    expect(await where("ep")).toBe("/v1/endpoints");
  });

  it("returns what discovery says about the kind", async () => {
    const info = await cluster.k.lookupKind("deploy");
    expect(info).toMatchObject({
      apiVersion: "apps/v1",
      kind: "Deployment",
      singular: "deployment",
      shortNames: ["deploy"],
      namespaced: true,
      subresources: ["scale", "status"],
    });
    expect(info.verbs).toContain("patch");
    expect((await cluster.k.lookupKind("ns")).namespaced).toBe(false);
  });
});

describe("unknown kinds", () => {
  it("names the spelling and its nearest matches", async () => {
    const error = await cluster.k.lookupKind("deploymnt").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownKindError);
    expect((error as UnknownKindError).nearest[0]).toBe("deployment");
    expect((error as UnknownKindError).message).toContain('resource type "deploymnt"');
    expect((error as UnknownKindError).message).toContain('did you mean "deployment"');
  });

  it("a known name in the wrong group is unknown", async () => {
    await expect(cluster.k.lookupKind("pods.apps")).rejects.toBeInstanceOf(UnknownKindError);
  });

  it("a miss re-reads discovery once, so a kind added since resolves", async () => {
    expect(await where("pods")).toBe("/v1/pods");
    const before = cluster.discoveryRequests();
    cluster.setDiscovery((await import("./discovery-fixture.ts")).CORE, {
      ...(await import("./discovery-fixture.ts")).GROUPS,
      "new.example.com": { v1: [{ resource: "gadgets", kind: "Gadget" }] },
    });
    expect(await where("gadget")).toBe("new.example.com/v1/gadgets");
    expect(cluster.discoveryRequests()).toBe(before + 2);
    // A spelling that still misses re-reads once more, then fails.
    await expect(cluster.k.lookupKind("nothing")).rejects.toBeInstanceOf(UnknownKindError);
    expect(cluster.discoveryRequests()).toBe(before + 4);
  });
});
