// Discovery on the wire (aggregated with fallbacks) and its disk cache (TTL, corrupt files, per server).
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MockAgent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { Discovery } from "../../src/discovery/discovery.ts";
import { serverCacheKey } from "../../src/discovery/disk-cache.ts";
import { createTransport } from "../../src/http/transport.ts";
import { connection } from "../http/helpers.ts";
import { tempDir } from "../support.ts";
import { aggregated, CORE, GROUPS } from "./discovery-fixture.ts";
import { mockCluster, SERVER, JSON_HEADERS } from "./mock-cluster.ts";

const agents: MockAgent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
});

function classicAgent(): { agent: MockAgent; accepts: string[] } {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agents.push(agent);
  const accepts: string[] = [];
  const server = agent.get(SERVER);
  const reply = (path: string, body: unknown) =>
    server.intercept({ path, method: "GET" }).reply((opts) => {
      accepts.push(String((opts.headers as Record<string, string>).accept));
      return { statusCode: 200, data: JSON.stringify(body), responseOptions: { headers: JSON_HEADERS } };
    });
  // An old server: ignores the aggregated media types and answers with the classic documents.
  reply("/api", { kind: "APIVersions", versions: ["v1"] });
  reply("/apis", {
    kind: "APIGroupList",
    groups: [
      {
        name: "apps",
        versions: [{ groupVersion: "apps/v1", version: "v1" }],
        preferredVersion: { groupVersion: "apps/v1", version: "v1" },
      },
      {
        name: "metrics.k8s.io",
        versions: [{ groupVersion: "metrics.k8s.io/v1beta1", version: "v1beta1" }],
        preferredVersion: { groupVersion: "metrics.k8s.io/v1beta1", version: "v1beta1" },
      },
    ],
  });
  reply("/api/v1", {
    kind: "APIResourceList",
    groupVersion: "v1",
    resources: [
      {
        name: "pods",
        singularName: "pod",
        namespaced: true,
        kind: "Pod",
        verbs: ["get"],
        shortNames: ["po"],
      },
      { name: "pods/log", singularName: "", namespaced: true, kind: "Pod", verbs: ["get"] },
    ],
  });
  reply("/apis/apps/v1", {
    kind: "APIResourceList",
    groupVersion: "apps/v1",
    resources: [
      { name: "deployments", singularName: "", namespaced: true, kind: "Deployment", verbs: ["get"] },
    ],
  });
  // An aggregated API server that is down must not hide the other groups.
  server.intercept({ path: "/apis/metrics.k8s.io/v1beta1", method: "GET" }).reply(503, "unavailable");
  return { agent, accepts };
}

describe("discovery on the wire", () => {
  it("asks for aggregated discovery v2, then v2beta1, then plain JSON in one Accept header", async () => {
    const { agent, accepts } = classicAgent();
    const t = createTransport(connection(SERVER), { dispatcher: agent, retry: { maxRetries: 0 } });
    await new Discovery(t, { cacheDir: false }).read();
    expect(accepts[0]).toBe(
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList," +
        "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json",
    );
  });

  it("falls back to classic per-group-version discovery, skipping a group that is down", async () => {
    const { agent } = classicAgent();
    const t = createTransport(connection(SERVER), { dispatcher: agent, retry: { maxRetries: 0 } });
    const { data } = await new Discovery(t, { cacheDir: false }).read();
    expect(data.groups.map((g) => g.name)).toEqual(["", "apps", "metrics.k8s.io"]);
    expect(data.resources.map((r) => `${r.apiVersion} ${r.name} ${r.singularName}`)).toEqual([
      "v1 pods pod",
      "apps/v1 deployments deployment",
    ]);
    expect(data.resources[0]?.subresources).toEqual(["log"]);
  });

  it("apiResources() has one entry per resource in its preferred version; apiVersions() is sorted", async () => {
    const cluster = await mockCluster();
    agents.push(cluster.agent);
    const resources = await cluster.k.apiResources();
    const hpa = resources.filter((r) => r.name === "horizontalpodautoscalers");
    expect(hpa.map((r) => r.apiVersion)).toEqual(["autoscaling/v2"]);
    expect(resources[0]?.apiVersion).toBe("v1");
    const versions = await cluster.k.apiVersions();
    expect(versions).toEqual([...versions].sort());
    expect(versions).toContain("autoscaling/v1");
    expect(versions).toContain("v1");
    await cluster.k.close();
  });
});

describe("the disk cache", () => {
  it("a second client reads discovery from disk; past the TTL it asks the server again", async () => {
    const dir = await tempDir("discovery");
    let now = 1_000_000;
    const agent = new MockAgent();
    agent.disableNetConnect();
    agents.push(agent);
    let served = 0;
    agent
      .get(SERVER)
      .intercept({ path: (p) => p === "/api" || p === "/apis", method: "GET" })
      .reply((opts) => {
        served++;
        return {
          statusCode: 200,
          data: JSON.stringify(aggregated(opts.path === "/api" ? CORE : GROUPS)),
          responseOptions: { headers: JSON_HEADERS },
        };
      })
      .persist();
    const t = createTransport(connection(SERVER), { dispatcher: agent });
    const fresh = () => new Discovery(t, { cacheDir: dir, now: () => now, ttlMs: 60_000 });

    await fresh().read();
    expect(served).toBe(2);
    expect(await readdir(dir)).toEqual([serverCacheKey(SERVER)]);
    expect(serverCacheKey(SERVER)).toBe("k8s.test_6443");

    now += 59_000;
    const cached = await fresh().read();
    expect(served).toBe(2);
    expect(cached.fromServer).toBe(false);
    expect(cached.data.resources.some((r) => r.name === "deployments")).toBe(true);

    now += 2_000;
    expect((await fresh().read()).fromServer).toBe(true);
    expect(served).toBe(4);

    // A corrupt file is a miss and is rewritten.
    const file = join(dir, serverCacheKey(SERVER), "discovery.json");
    await writeFile(file, "{ not json");
    expect((await fresh().read()).fromServer).toBe(true);
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ format: 1 });
    // Leaves no temporary files behind.
    expect(await readdir(join(dir, serverCacheKey(SERVER)))).toEqual(["discovery.json"]);
  });

  it("keys servers apart, path prefixes included", () => {
    expect(serverCacheKey("https://10.0.0.1:6443")).toBe("10.0.0.1_6443");
    expect(serverCacheKey("https://rancher.example/k8s/clusters/c-1")).toBe(
      "rancher.example_k8s_clusters_c_1",
    );
    expect(serverCacheKey("https://[::1]:6443")).not.toBe(serverCacheKey("https://127.0.0.1:6443"));
  });
});
