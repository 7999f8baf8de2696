// TLS is verified unless a kubeconfig says otherwise, also where kr8s has no CA to pin: the in-cluster
// service account without ca.crt (client-go then trusts the system roots) and an OIDC issuer without
// idp-certificate-authority. A local HTTPS server whose certificate only the test CA vouches for must be
// refused before any request reaches it; given that CA, the same server is accepted.
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { api, AuthenticationError, ConnectionError, resolveConnection } from "@kr8s/core";
import type { Certs, TestServer } from "../http/helpers.ts";
import { json, makeCerts, startServer } from "../http/helpers.ts";

let certs: Certs;
let server: TestServer;
let requests: string[];
let dir: string;
const noRetry = { maxRetries: 0 };

const jwt = (exp: number): string =>
  [{ alg: "none" }, { sub: "jane", exp }, "sig"]
    .map((p) => Buffer.from(typeof p === "string" ? p : JSON.stringify(p)).toString("base64url"))
    .join(".");

beforeAll(async () => {
  certs = makeCerts();
  server = await startServer(
    (req, res) => {
      requests.push(req.url ?? "");
      if (req.url === "/.well-known/openid-configuration") {
        json(res, 200, { issuer: server.url, token_endpoint: `${server.url}/token` });
      } else if (req.url === "/token") {
        json(res, 200, { id_token: jwt(Math.floor(Date.now() / 1000) + 3600), token_type: "Bearer" });
      } else {
        json(res, 200, { major: "1", minor: "33", gitVersion: "v1.33.0" });
      }
    },
    { key: certs.serverKey, cert: certs.serverCert },
  );
});
afterAll(async () => {
  await server.close();
  certs.cleanup();
});
beforeEach(async () => {
  requests = [];
  dir = await mkdtemp(join(tmpdir(), "kr8s-tls-default-"));
});

describe("in-cluster configuration without ca.crt", () => {
  async function inCluster(files: Record<string, string>) {
    const sa = join(dir, "sa");
    await mkdir(sa);
    for (const [name, content] of Object.entries(files)) await writeFile(join(sa, name), content);
    const { hostname, port } = new URL(server.url);
    return api({
      serviceAccount: sa,
      homeDir: join(dir, "home"),
      env: { KUBERNETES_SERVICE_HOST: hostname, KUBERNETES_SERVICE_PORT: port },
      retry: noRetry,
    });
  }

  it("verifies the server against the system roots: an unknown CA is refused before any request", async () => {
    const k = await inCluster({ token: "sa-token" });
    try {
      await expect(k.version()).rejects.toBeInstanceOf(ConnectionError);
      expect(requests).toEqual([]);
    } finally {
      await k.close();
    }
  });

  it("with ca.crt, the same server is trusted", async () => {
    const k = await inCluster({ token: "sa-token", "ca.crt": certs.ca });
    try {
      expect((await k.version()).gitVersion).toBe("v1.33.0");
    } finally {
      await k.close();
    }
  });
});

describe("OIDC issuer without idp-certificate-authority", () => {
  async function credentials(config: Record<string, string>) {
    const file = join(dir, "config");
    await writeFile(
      file,
      stringify({
        clusters: [{ name: "c", cluster: { server: "https://c.example" } }],
        users: [
          {
            name: "sso",
            user: {
              "auth-provider": {
                name: "oidc",
                config: {
                  "idp-issuer-url": server.url,
                  "client-id": "kubernetes",
                  "id-token": jwt(Math.floor(Date.now() / 1000) - 60),
                  "refresh-token": "refresh-1",
                  ...config,
                },
              },
            },
          },
        ],
        contexts: [{ name: "x", context: { cluster: "c", user: "sso" } }],
        "current-context": "x",
      }),
    );
    return (await resolveConnection({ kubeconfig: file, env: {} })).credentials;
  }

  it("verifies the issuer: an unknown CA fails the refresh before any request", async () => {
    const source = await credentials({});
    await expect(source.get()).rejects.toBeInstanceOf(AuthenticationError);
    expect(requests).toEqual([]);
  });

  it("with idp-certificate-authority-data, the same issuer is trusted", async () => {
    const source = await credentials({
      "idp-certificate-authority-data": Buffer.from(certs.ca).toString("base64"),
    });
    expect((await source.get()).token).toBeDefined();
    expect(requests).toEqual(["/.well-known/openid-configuration", "/token"]);
  });
});
