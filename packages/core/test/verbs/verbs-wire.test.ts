// What the verbs put on the wire: media types, query strings, DeleteOptions bodies, paging, Table Accept,
// and the checks made before the first write.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ALL,
  ConflictError,
  ForbiddenError,
  InvalidArgumentError,
  InvalidObjectError,
  NotFoundError,
  PartialWriteError,
  UnknownKindError,
  type APIObject,
} from "../../src/index.ts";
import { mockCluster, type MockCluster, type RecordedRequest } from "./mock-cluster.ts";

let cluster: MockCluster;
beforeEach(async () => {
  cluster = await mockCluster();
});
afterEach(async () => {
  await cluster.k.close();
  await cluster.agent.close();
});

const query = (r: RecordedRequest): Record<string, string[]> => {
  const params = new URL(r.path, "https://x").searchParams;
  const out: Record<string, string[]> = {};
  for (const [k, v] of params) (out[k] ??= []).push(v);
  return out;
};
const pathOf = (r: RecordedRequest): string => new URL(r.path, "https://x").pathname;
const bodyOf = (r: RecordedRequest): unknown => JSON.parse(r.body ?? "null");

const cm = (name: string, data: Record<string, string> = {}) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name },
  data,
});

describe("patch", () => {
  it.each([
    ["merge", "application/merge-patch+json"],
    ["json", "application/json-patch+json"],
    ["strategic", "application/strategic-merge-patch+json"],
    ["apply", "application/apply-patch+yaml"],
  ] as const)("type %s is sent as %s", async (type, mediaType) => {
    const body = type === "json" ? [{ op: "add", path: "/data/a", value: "1" }] : { data: { a: "1" } };
    await cluster.k.patch("cm", "cfg", body, { type });
    const [request] = cluster.requests;
    expect(request?.method).toBe("PATCH");
    expect(pathOf(request!)).toBe("/api/v1/namespaces/default/configmaps/cfg");
    expect(request?.headers["content-type"]).toBe(mediaType);
    expect(bodyOf(request!)).toEqual(body);
    expect(query(request!).fieldManager).toEqual(type === "apply" ? ["kr8s"] : undefined);
  });

  it("defaults to a strategic merge patch, like kubectl", async () => {
    await cluster.k.patch("deploy", "web", { spec: { replicas: 2 } });
    expect(cluster.requests[0]?.headers["content-type"]).toBe("application/strategic-merge-patch+json");
    expect(pathOf(cluster.requests[0]!)).toBe("/apis/apps/v1/namespaces/default/deployments/web");
  });

  it("sends force, dryRun, fieldValidation, the subresource and a namespace", async () => {
    await cluster.k.patch(
      "deploy",
      "web",
      { spec: { replicas: 2 } },
      {
        type: "apply",
        force: true,
        dryRun: true,
        fieldValidation: "Strict",
        fieldManager: "me",
        subresource: "scale",
        namespace: "prod",
      },
    );
    const [request] = cluster.requests;
    expect(pathOf(request!)).toBe("/apis/apps/v1/namespaces/prod/deployments/web/scale");
    expect(query(request!)).toEqual({
      dryRun: ["All"],
      fieldManager: ["me"],
      fieldValidation: ["Strict"],
      force: ["true"],
    });
  });

  it("refuses a JSON patch that is not a list of operations, before sending", async () => {
    await expect(cluster.k.patch("cm", "cfg", { data: {} }, { type: "json" })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    expect(cluster.requests).toHaveLength(0);
  });
});

describe("apply", () => {
  it("PATCHes each object by name as an apply patch with field manager kr8s", async () => {
    await cluster.k.apply([cm("a"), { ...cm("b"), metadata: { name: "b", namespace: "other" } }]);
    expect(cluster.requests.map((r) => `${r.method} ${pathOf(r)}`)).toEqual([
      "PATCH /api/v1/namespaces/default/configmaps/a",
      "PATCH /api/v1/namespaces/other/configmaps/b",
    ]);
    expect(cluster.requests[0]?.headers["content-type"]).toBe("application/apply-patch+yaml");
    expect(query(cluster.requests[0]!)).toEqual({ fieldManager: ["kr8s"] });
  });

  it("sends force and dryRun, and leaves managedFields of an object read from the server out", async () => {
    const object = { ...cm("a"), metadata: { name: "a", managedFields: [{ manager: "x" }] } };
    await cluster.k.apply(object, { force: true, dryRun: true, fieldManager: "ci" });
    const [request] = cluster.requests;
    expect(query(request!)).toEqual({ dryRun: ["All"], fieldManager: ["ci"], force: ["true"] });
    expect(bodyOf(request!)).toEqual(cm("a"));
    expect(object.metadata.managedFields).toHaveLength(1);
  });
});

describe("create and replace", () => {
  it("POSTs to the collection, PUTs to the object", async () => {
    await cluster.k.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } });
    await cluster.k.replace(cm("a", { x: "1" }), { fieldValidation: "Strict" });
    expect(cluster.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /api/v1/namespaces",
      "PUT /api/v1/namespaces/default/configmaps/a?fieldValidation=Strict",
    ]);
  });

  it("checks every object before the first write", async () => {
    const error = await cluster.k
      .create([cm("a"), { apiVersion: "v1", metadata: { name: "b" } }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidObjectError);
    expect((error as Error).message).toBe("object 2: the object has no `kind`");
    await expect(cluster.k.create([cm("a"), { ...cm("b"), kind: "Nope" }])).rejects.toBeInstanceOf(
      UnknownKindError,
    );
    await expect(cluster.k.replace({ ...cm(""), metadata: {} })).rejects.toThrow("no `metadata.name`");
    await expect(
      cluster.k.create(cm("a"), { namespace: "x" }).then(() => undefined),
    ).resolves.toBeUndefined();
    await expect(
      cluster.k.create({ ...cm("a"), metadata: { name: "a", namespace: "y" } }, { namespace: "x" }),
    ).rejects.toThrow('does not match the namespace "x"');
    expect(cluster.requests.map((r) => `${r.method} ${pathOf(r)}`)).toEqual([
      "POST /api/v1/namespaces/x/configmaps",
    ]);
  });

  it("a refusal midway says which objects were written and which not", async () => {
    cluster.respond((r) =>
      r.body?.includes('"name":"b"')
        ? {
            status: 403,
            body: { kind: "Status", status: "Failure", code: 403, reason: "Forbidden", message: "no" },
          }
        : undefined,
    );
    const error = await cluster.k.create([cm("a"), cm("b"), cm("c")]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialWriteError);
    const partial = error as PartialWriteError;
    expect(partial.written).toEqual(["ConfigMap default/a"]);
    expect(partial.notWritten).toEqual(["ConfigMap default/b", "ConfigMap default/c"]);
    expect(partial.cause).toBeInstanceOf(ForbiddenError);
    expect(cluster.requests).toHaveLength(2);
  });

  it("one object: the server's error as it is (409 AlreadyExists → ConflictError)", async () => {
    cluster.respond(() => ({
      status: 409,
      body: { kind: "Status", status: "Failure", code: 409, reason: "AlreadyExists", message: "exists" },
    }));
    const error = await cluster.k.create(cm("a")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).reason).toBe("AlreadyExists");
  });
});

describe("delete", () => {
  it("sends DeleteOptions in the body and nothing in the query", async () => {
    await cluster.k.delete("deploy", "web", {
      propagationPolicy: "Foreground",
      gracePeriodSeconds: 0,
      dryRun: true,
      preconditions: { uid: "u-1" },
    });
    const [request] = cluster.requests;
    expect(request?.method).toBe("DELETE");
    expect(request?.path).toBe("/apis/apps/v1/namespaces/default/deployments/web");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(bodyOf(request!)).toEqual({
      apiVersion: "v1",
      kind: "DeleteOptions",
      propagationPolicy: "Foreground",
      gracePeriodSeconds: 0,
      dryRun: ["All"],
      preconditions: { uid: "u-1" },
    });
  });

  it("an object already gone is a NotFoundError, unless ignoreNotFound", async () => {
    cluster.respond(() => ({
      status: 404,
      body: { kind: "Status", status: "Failure", code: 404, reason: "NotFound", message: "gone" },
    }));
    await expect(cluster.k.delete("cm", "a")).rejects.toBeInstanceOf(NotFoundError);
    await expect(cluster.k.delete("cm", ["a", "b"], { ignoreNotFound: true })).resolves.toBeUndefined();
  });
});

describe("get and list", () => {
  it("follows continue, repeating selectors and the page size on every page", async () => {
    cluster.respond((r) => {
      const q = query(r);
      const page = q.continue?.[0] === "p2" ? 2 : 1;
      return {
        status: 200,
        body: {
          kind: "PodList",
          apiVersion: "v1",
          metadata: page === 1 ? { continue: "p2", resourceVersion: "10" } : { resourceVersion: "10" },
          items: [{ metadata: { name: `pod-${page}a` } }, { metadata: { name: `pod-${page}b` } }],
        },
      };
    });
    const pods = await cluster.k.get("po", {
      labelSelector: { app: "web" },
      fieldSelector: "status.phase=Running",
      limit: 2,
      resourceVersion: "0",
    });
    expect(pods.map((p) => p.name)).toEqual(["pod-1a", "pod-1b", "pod-2a", "pod-2b"]);
    expect(pods[0]?.kind).toBe("Pod");
    expect(pods[0]?.apiVersion).toBe("v1");
    expect(cluster.requests.map(query)).toEqual([
      {
        labelSelector: ["app=web"],
        fieldSelector: ["status.phase=Running"],
        limit: ["2"],
        resourceVersion: ["0"],
      },
      { labelSelector: ["app=web"], fieldSelector: ["status.phase=Running"], limit: ["2"], continue: ["p2"] },
    ]);
  });

  it("ALL lists across namespaces; a cluster-scoped kind ignores the namespace", async () => {
    cluster.respond(() => ({ status: 200, body: { kind: "List", metadata: {}, items: [] } }));
    await cluster.k.get("pods", { namespace: ALL });
    await cluster.k.get("ns", { namespace: "x" });
    const names: string[] = [];
    for await (const pod of cluster.k.list("pods", { namespace: "dev" })) names.push(pod.name);
    expect(cluster.requests.map(pathOf)).toEqual([
      "/api/v1/pods",
      "/api/v1/namespaces",
      "/api/v1/namespaces/dev/pods",
    ]);
  });

  it("gets by name, one request each; refuses names across all namespaces or with selectors", async () => {
    cluster.respond((r) => ({
      status: 200,
      body: { kind: "Pod", apiVersion: "v1", metadata: { name: pathOf(r).split("/").at(-1) } },
    }));
    const pods: APIObject[] = await cluster.k.get("pod", ["a", "b"]);
    expect(pods.map((p) => p.name)).toEqual(["a", "b"]);
    await expect(cluster.k.get("pod", "a", { namespace: ALL })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(cluster.k.get("pod", "a", { labelSelector: "x=y" })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(cluster.k.get("pod", "pod/a")).rejects.toThrow('"pod/a" is not a valid object name');
  });

  it("raw returns the server's JSON untouched", async () => {
    const item = { metadata: { name: "a" } };
    cluster.respond(() => ({ status: 200, body: { kind: "PodList", metadata: {}, items: [item] } }));
    expect(await cluster.k.get("pods", { raw: true })).toEqual([item]);
  });

  it("asTable sends the Table Accept header and merges the pages into one Table", async () => {
    const columns = [{ name: "Name", type: "string", format: "name", description: "", priority: 0 }];
    cluster.respond((r) => ({
      status: 200,
      body: {
        kind: "Table",
        apiVersion: "meta.k8s.io/v1",
        metadata: query(r).continue ? { resourceVersion: "5" } : { continue: "c", resourceVersion: "5" },
        columnDefinitions: columns,
        rows: [{ cells: [query(r).continue ? "b" : "a"] }],
      },
    }));
    const [table] = await cluster.k.get("pods", { asTable: true, limit: 1 });
    expect(cluster.requests[0]?.headers.accept).toBe(
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json",
    );
    expect(table?.rows.map((r) => r.cells[0])).toEqual(["a", "b"]);
    expect(table?.columnDefinitions).toEqual(columns);
  });

  it("asTable falls back to Name and Created At columns when the server answers with a plain list", async () => {
    cluster.respond(() => ({
      status: 200,
      body: {
        kind: "PodList",
        metadata: {},
        items: [{ metadata: { name: "a", creationTimestamp: "2026-01-01T00:00:00Z" } }],
      },
    }));
    const [table] = await cluster.k.get("pods", { asTable: true });
    expect(table?.columnDefinitions.map((c) => c.name)).toEqual(["Name", "Created At"]);
    expect(table?.rows[0]?.cells).toEqual(["a", "2026-01-01T00:00:00Z"]);
  });
});

describe("canI", () => {
  it("sends a SelfSubjectAccessReview with the resolved group and plural", async () => {
    cluster.respond(() => ({ status: 201, body: { status: { allowed: true } } }));
    expect(await cluster.k.canI("create", "deploy", { namespace: "dev", subresource: "scale" })).toBe(true);
    expect(await cluster.k.canI("get", "/healthz")).toBe(true);
    expect(await cluster.k.canI("list", "widgets.example.com", { namespace: ALL })).toBe(true);
    expect(cluster.requests.map((r) => (bodyOf(r) as { spec: unknown }).spec)).toEqual([
      {
        resourceAttributes: {
          namespace: "dev",
          verb: "create",
          group: "apps",
          resource: "deployments",
          subresource: "scale",
        },
      },
      { nonResourceAttributes: { path: "/healthz", verb: "get" } },
      { resourceAttributes: { namespace: "", verb: "list", group: "example.com", resource: "widgets" } },
    ]);
  });
});
