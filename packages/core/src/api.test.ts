import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MockAgent } from "undici";
import { describe, expect, it } from "vitest";
import { api } from "./api.ts";
import { KubeConfigError } from "./errors.ts";

const json = { headers: { "content-type": "application/json" } };

describe("api()", () => {
  it("does not cache a failure: fixing the kubeconfig and calling again works", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "kr8s-api-")), "config");
    await expect(api({ kubeconfig: file })).rejects.toBeInstanceOf(KubeConfigError);
    await writeFile(
      file,
      "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:6443'}}]\n" +
        "contexts: [{name: c, context: {cluster: c, namespace: fixed}}]\ncurrent-context: c\n",
    );
    expect((await api({ kubeconfig: file })).namespace).toBe("fixed");
  });

  it("version() and whoami() speak to the API server through the given dispatcher", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const server = agent.get("https://k8s.test");
    server
      .intercept({ path: "/version", method: "GET" })
      .reply(200, { major: "1", minor: "33", gitVersion: "v1.33.13" }, json);
    server.intercept({ path: "/apis/authentication.k8s.io/v1/selfsubjectreviews", method: "POST" }).reply(
      201,
      (request) => {
        const body = JSON.parse(typeof request.body === "string" ? request.body : "{}") as { kind: string };
        return {
          kind: body.kind,
          apiVersion: "authentication.k8s.io/v1",
          status: { userInfo: { username: "jane", groups: ["dev", "system:authenticated"] } },
        };
      },
      json,
    );
    const k = await api({ url: "https://k8s.test", dispatcher: agent });
    expect((await k.version()).gitVersion).toBe("v1.33.13");
    expect(await k.whoami()).toEqual({ username: "jane", groups: ["dev", "system:authenticated"] });
    await k.close();
    await agent.close();
  });
});
