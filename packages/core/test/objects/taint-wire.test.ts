// Node.taint() on the wire: the write carries the resourceVersion it was computed from, and a node changed
// in between (409 Conflict) is read again and the change recomputed, so another writer's taint survives.
import { afterEach, describe, expect, it } from "vitest";
import { Node } from "../../src/index.ts";
import { mockCluster, type MockCluster } from "../verbs/mock-cluster.ts";

let cluster: MockCluster | undefined;
afterEach(async () => {
  await cluster?.k.close();
  await cluster?.agent.close();
});

describe("Node.taint", () => {
  it("re-reads the node and recomputes the taints after a 409, keeping the other writer's taint", async () => {
    cluster = await mockCluster({ discoveryCacheDir: false });
    const versions = [
      { resourceVersion: "1", taints: [] },
      { resourceVersion: "2", taints: [{ key: "other", effect: "NoSchedule" }] },
    ];
    let reads = 0;
    let writes = 0;
    cluster.respond(({ method, path, body }) => {
      if (path !== "/api/v1/nodes/n1") return undefined;
      if (method === "GET") {
        const { resourceVersion, taints } = versions[Math.min(reads++, 1)] ?? versions[0]!;
        return {
          status: 200,
          body: {
            apiVersion: "v1",
            kind: "Node",
            metadata: { name: "n1", resourceVersion },
            spec: { taints },
          },
        };
      }
      if (writes++ === 0)
        return {
          status: 409,
          body: {
            kind: "Status",
            apiVersion: "v1",
            status: "Failure",
            reason: "Conflict",
            code: 409,
            message: "the object has been modified",
          },
        };
      const patch = JSON.parse(body ?? "{}") as { spec: unknown };
      return {
        status: 200,
        body: {
          apiVersion: "v1",
          kind: "Node",
          metadata: { name: "n1", resourceVersion: "3" },
          spec: patch.spec,
        },
      };
    });
    const node = new Node({ apiVersion: "v1", kind: "Node", metadata: { name: "n1" } }, { api: cluster.k });
    await node.taint("dedicated=gpu:NoSchedule");

    const patches = cluster.requests.filter((r) => r.method === "PATCH");
    expect(patches.map((p) => p.headers["content-type"])).toEqual([
      "application/merge-patch+json",
      "application/merge-patch+json",
    ]);
    expect(patches.map((p) => JSON.parse(p.body ?? "{}") as unknown)).toEqual([
      {
        metadata: { resourceVersion: "1" },
        spec: { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] },
      },
      {
        metadata: { resourceVersion: "2" },
        spec: {
          taints: [
            { key: "dedicated", value: "gpu", effect: "NoSchedule" },
            { key: "other", effect: "NoSchedule" },
          ],
        },
      },
    ]);
    expect(node.taints).toEqual([
      { key: "dedicated", value: "gpu", effect: "NoSchedule" },
      { key: "other", effect: "NoSchedule" },
    ]);
  });
});
