// The object verbs on the wire (undici MockAgent): what each sends, the static get's retry window, and the
// checks made before anything is sent.
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import {
  ForbiddenError,
  InvalidArgumentError,
  InvalidObjectError,
  NotFoundError,
  newClass,
} from "../../src/index.ts";
import { mockCluster, type MockCluster } from "../verbs/mock-cluster.ts";

class Pod extends newClass({ kind: "Pod", apiVersion: "v1", plural: "pods" }) {
  greet(): string {
    return `hi ${this.name}`;
  }
}
const ConfigMap = newClass({ kind: "ConfigMap", apiVersion: "v1", plural: "configmaps" });

const notFound = {
  status: 404,
  body: { kind: "Status", reason: "NotFound", code: 404, message: 'pods "web" not found' },
};
const podJSON = (name: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", uid: `uid-${name}` },
});

let cluster: MockCluster;
afterEach(async () => {
  await cluster.k.close();
  await cluster.agent.close();
});

describe("static get", () => {
  it("asks again for a missing object within the window and returns the calling class", async () => {
    cluster = await mockCluster();
    let calls = 0;
    cluster.respond(() => (++calls < 3 ? notFound : { status: 200, body: podJSON("web") }));
    const pod = await Pod.get("web", { api: cluster.k, timeout: 10_000 });
    expectTypeOf(pod).toEqualTypeOf<Pod>();
    expect(pod).toBeInstanceOf(Pod);
    expect(pod.greet()).toBe("hi web");
    expect(pod.api).toBe(cluster.k);
    expect(cluster.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
      Array(3).fill("GET /api/v1/namespaces/default/pods/web"),
    );
  });

  it("gives up with the server's NotFoundError when the window ends; timeout 0 asks once", async () => {
    cluster = await mockCluster();
    cluster.respond(() => notFound);
    const once = Pod.get("web", { api: cluster.k, timeout: 0, namespace: "prod" });
    await expect(once).rejects.toBeInstanceOf(NotFoundError);
    expect(cluster.requests.map((r) => r.path)).toEqual(["/api/v1/namespaces/prod/pods/web"]);
    await expect(Pod.get("web", { api: cluster.k, timeout: 250 })).rejects.toBeInstanceOf(NotFoundError);
    expect(cluster.requests.length).toBeGreaterThan(2);
  });

  it("does not retry other errors", async () => {
    cluster = await mockCluster();
    cluster.respond(() => ({
      status: 403,
      body: { kind: "Status", reason: "Forbidden", code: 403, message: "no" },
    }));
    await expect(Pod.get("web", { api: cluster.k, timeout: 10_000 })).rejects.toBeInstanceOf(ForbiddenError);
    expect(cluster.requests).toHaveLength(1);
  });
});

describe("instance verbs", () => {
  it("delete: force means grace period 0, an object already gone is no error, the client's namespace by default", async () => {
    cluster = await mockCluster();
    cluster.respond((r) => (r.method === "DELETE" ? notFound : undefined));
    const pod = new Pod({ apiVersion: "v1", kind: "Pod", metadata: { name: "web" } }, { api: cluster.k });
    await pod.delete({ force: true });
    await pod.delete({ force: true, gracePeriodSeconds: 5, propagationPolicy: "Foreground" });
    await pod.delete();
    expect(cluster.requests.map((r) => [r.path, JSON.parse(r.body ?? "{}") as unknown])).toEqual([
      [
        "/api/v1/namespaces/default/pods/web",
        { apiVersion: "v1", kind: "DeleteOptions", gracePeriodSeconds: 0 },
      ],
      [
        "/api/v1/namespaces/default/pods/web",
        { apiVersion: "v1", kind: "DeleteOptions", gracePeriodSeconds: 5, propagationPolicy: "Foreground" },
      ],
      ["/api/v1/namespaces/default/pods/web", { apiVersion: "v1", kind: "DeleteOptions" }],
    ]);
  });

  it("label/annotate send one merge patch; bad specs are refused before sending, values never quoted", async () => {
    cluster = await mockCluster();
    cluster.respond((r) => (r.method === "PATCH" ? { status: 200, body: podJSON("web") } : undefined));
    const pod = new Pod(podJSON("web"), { api: cluster.k });
    await pod.label("app.kubernetes.io/name=shop", "tier-", { x: "1", y: null }, "eq=a=b");
    await pod.annotate("note=done-");
    await pod.removeLabel("a", "b");
    expect(
      cluster.requests.map((r) => [r.headers["content-type"], JSON.parse(r.body ?? "") as unknown]),
    ).toEqual([
      [
        "application/merge-patch+json",
        {
          metadata: { labels: { "app.kubernetes.io/name": "shop", tier: null, x: "1", y: null, eq: "a=b" } },
        },
      ],
      ["application/merge-patch+json", { metadata: { annotations: { note: "done-" } } }],
      ["application/merge-patch+json", { metadata: { labels: { a: null, b: null } } }],
    ]);
    const sent = cluster.requests.length;
    await expect(pod.label("justakey")).rejects.toThrow('invalid label spec: "justakey"');
    const secret = await pod.annotate("=hunter2").catch((e: unknown) => e);
    expect(secret).toBeInstanceOf(InvalidArgumentError);
    expect((secret as Error).message).toBe('invalid annotation spec: no key before "="');
    await expect(pod.label()).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(pod.label("-")).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(pod.label("=a-")).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(cluster.requests).toHaveLength(sent);
  });

  it("verbs that address the object by name refuse one that has none, before sending", async () => {
    cluster = await mockCluster();
    const unsent = new Pod(
      { apiVersion: "v1", kind: "Pod", metadata: { generateName: "web-" } },
      { api: cluster.k },
    );
    const error = await unsent.refresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidObjectError);
    expect((error as InvalidObjectError).message).toBe("cannot refresh Pod web-*: it has no metadata.name");
    expect((error as InvalidObjectError).suggestions).toEqual([
      "create() it first: the server picks the name of a generateName object",
    ]);
    for (const verb of [
      () => unsent.delete(),
      () => unsent.exists(),
      () => unsent.patch({}),
      () => unsent.scale(1),
    ])
      await expect(verb()).rejects.toBeInstanceOf(InvalidObjectError);
    expect(cluster.requests).toHaveLength(0);
  });

  it("setOwner refuses an owner without uid or in another namespace, and keeps other owners", async () => {
    cluster = await mockCluster();
    const other = { apiVersion: "v1", kind: "ConfigMap", name: "other", uid: "uid-other" };
    // An earlier reference to the same owner (same uid) is replaced, not kept beside the new one.
    const earlier = { apiVersion: "v1", kind: "ConfigMap", name: "o", uid: "u", controller: false };
    cluster.respond((r) =>
      r.method === "GET"
        ? {
            status: 200,
            body: {
              ...podJSON("child"),
              metadata: {
                ...podJSON("child").metadata,
                resourceVersion: "7",
                ownerReferences: [other, earlier],
              },
            },
          }
        : { status: 200, body: podJSON("child") },
    );
    const child = new Pod(podJSON("child"), { api: cluster.k });
    const elsewhere = new ConfigMap({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "o", namespace: "prod", uid: "u" },
    });
    await expect(child.setOwner(elsewhere)).rejects.toThrow(
      "ConfigMap prod/o cannot own Pod default/child: owner references do not cross namespaces",
    );
    const unsaved = new ConfigMap({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "o" } });
    await expect(unsaved.adopt(child)).rejects.toThrow("the owner ConfigMap o has no metadata.uid");
    const owner = new ConfigMap({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "o", namespace: "default", uid: "u" },
    });
    await owner.adopt(child, { blockOwnerDeletion: false });
    const patch = cluster.requests.filter((r) => r.method === "PATCH").at(-1);
    expect(JSON.parse(patch?.body ?? "")).toEqual({
      metadata: {
        resourceVersion: "7",
        ownerReferences: [
          other,
          {
            apiVersion: "v1",
            kind: "ConfigMap",
            name: "o",
            uid: "u",
            controller: true,
            blockOwnerDeletion: false,
          },
        ],
      },
    });
  });
});
