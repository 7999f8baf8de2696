import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MockAgent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { api } from "../api.ts";
import { openApiV3PathOf } from "./openapi.ts";

const json = { headers: { "content-type": "application/json" } };
const appsDocument = { openapi: "3.0.0", components: { schemas: { "io.k8s.api.apps.v1.Deployment": {} } } };
const agents: MockAgent[] = [];

function server(index: Record<string, string>): { agent: MockAgent } {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agents.push(agent);
  const paths = Object.fromEntries(Object.entries(index).map(([k, url]) => [k, { serverRelativeURL: url }]));
  // As the API server sends it: JSON labelled text/plain.
  agent
    .get("https://k8s.test")
    .intercept({ path: "/openapi/v3" })
    .reply(200, JSON.stringify({ paths }), { headers: { "content-type": "text/plain; charset=utf-8" } })
    .persist();
  return { agent };
}

afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
});

describe("Api.openApiV3", () => {
  it("maps group-versions to the index's keys", () => {
    expect(openApiV3PathOf("v1")).toBe("api/v1");
    expect(openApiV3PathOf("apps/v1")).toBe("apis/apps/v1");
  });

  it("lists the index's paths and fetches a group-version's document from its hashed URL", async () => {
    const { agent } = server({
      "api/v1": "/openapi/v3/api/v1?hash=AA",
      "apis/apps/v1": "/openapi/v3/apis/apps/v1?hash=BB",
    });
    agent
      .get("https://k8s.test")
      .intercept({ path: "/openapi/v3/apis/apps/v1?hash=BB" })
      .reply(200, appsDocument, json);
    const k = await api({ url: "https://k8s.test", dispatcher: agent, discoveryCacheDir: false });
    expect(await k.openApiV3Paths()).toEqual(["api/v1", "apis/apps/v1"]);
    expect(await k.openApiV3("apps/v1")).toEqual(appsDocument);
    await k.close();
  });

  it("is undefined for a group-version the server publishes no document for", async () => {
    const { agent } = server({ "api/v1": "/openapi/v3/api/v1?hash=AA" });
    const k = await api({ url: "https://k8s.test", dispatcher: agent, discoveryCacheDir: false });
    expect(await k.openApiV3("apps/v9")).toBeUndefined();
    await k.close();
  });

  it("downloads a hashed document once: another client with the same cache directory reads it from disk", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "kr8s-openapi-"));
    const { agent } = server({ "apis/apps/v1": "/openapi/v3/apis/apps/v1?hash=BB" });
    // One reply only: a second download would find no interceptor and fail.
    agent
      .get("https://k8s.test")
      .intercept({ path: "/openapi/v3/apis/apps/v1?hash=BB" })
      .reply(200, appsDocument, json);
    const first = await api({ url: "https://k8s.test", dispatcher: agent, discoveryCacheDir: cacheDir });
    expect(await first.openApiV3("apps/v1")).toEqual(appsDocument);
    await first.close();
    const second = await api({ url: "https://k8s.test", dispatcher: agent, discoveryCacheDir: cacheDir });
    expect(await second.openApiV3("apps/v1")).toEqual(appsDocument);
    await second.close();
    expect(await readdir(join(cacheDir, "k8s.test", "openapi"))).toEqual(["apis_apps_v1.BB.json"]);
  });

  it("does not cache a document whose URL has no hash (its content may change under the same URL)", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "kr8s-openapi-"));
    const { agent } = server({ "apis/apps/v1": "/openapi/v3/apis/apps/v1" });
    const origin = agent.get("https://k8s.test");
    origin.intercept({ path: "/openapi/v3/apis/apps/v1" }).reply(200, appsDocument, json);
    origin
      .intercept({ path: "/openapi/v3/apis/apps/v1" })
      .reply(200, { openapi: "3.0.0", changed: true }, json);
    for (const expected of [appsDocument, { openapi: "3.0.0", changed: true }]) {
      const k = await api({ url: "https://k8s.test", dispatcher: agent, discoveryCacheDir: cacheDir });
      expect(await k.openApiV3("apps/v1")).toEqual(expected);
      await k.close();
    }
  });
});
