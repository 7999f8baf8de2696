import { once } from "node:events";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { AuthenticationError } from "../../errors.ts";
import type { KubeConfigObject } from "../kubeconfig.ts";
import { resolveConnection } from "../resolve.ts";

const jwt = (exp: number): string =>
  [{ alg: "none" }, { sub: "jane", exp }, "sig"]
    .map((p) => Buffer.from(typeof p === "string" ? p : JSON.stringify(p)).toString("base64url"))
    .join(".");
const seconds = (fromNow: number): number => Math.floor(Date.now() / 1000) + fromNow;

let server: Server;
let issuer: string;
let dir: string;
let requests: { path: string; body: string; authorization: string | undefined }[];
let tokenReply: { status: number; body: unknown };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kr8s-oidc-"));
  requests = [];
  tokenReply = {
    status: 200,
    body: { id_token: jwt(seconds(3600)), refresh_token: "refresh-2", token_type: "Bearer" },
  };
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      requests.push({ path: req.url ?? "", body, authorization: req.headers.authorization });
      res.setHeader("content-type", "application/json");
      if (req.url === "/realms/k8s/.well-known/openid-configuration") {
        res.end(JSON.stringify({ issuer, token_endpoint: `${issuer}/token` }));
      } else if (req.url === "/realms/k8s/token" && req.method === "POST") {
        res.statusCode = tokenReply.status;
        res.end(JSON.stringify(tokenReply.body));
      } else {
        res.statusCode = 404;
        res.end("{}");
      }
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/k8s`;
});

afterEach(() => {
  server.close();
});

async function kubeconfig(idToken: string, refreshToken = "refresh-1"): Promise<string> {
  const file = join(dir, "config");
  await writeFile(
    file,
    [
      "# kept: a comment written by a human",
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      "- name: c",
      "  cluster: {server: 'https://c.example'}",
      "users:",
      "- name: sso",
      "  user:",
      "    auth-provider:",
      "      name: oidc",
      "      config:",
      `        idp-issuer-url: ${issuer}`,
      "        client-id: kubernetes",
      "        client-secret: s3cret-client",
      `        id-token: ${idToken}`,
      `        refresh-token: ${refreshToken}`,
      "contexts:",
      "- name: ctx",
      "  context: {cluster: c, user: sso}",
      "current-context: ctx",
      "x-unknown-field: kept too",
      "",
    ].join("\n"),
  );
  return file;
}

describe("OIDC auth-provider", () => {
  it("uses a valid id-token without contacting the issuer", async () => {
    const token = jwt(seconds(3600));
    const { credentials } = await resolveConnection({ kubeconfig: await kubeconfig(token), env: {} });
    const result = await credentials.get();
    expect(result.token).toBe(token);
    expect(result.expiresAt?.getTime()).toBeGreaterThan(Date.now());
    expect(requests).toEqual([]);
    expect(credentials.id).not.toContain(token);
  });

  it("refreshes an expired id-token and writes the new tokens back to the kubeconfig", async () => {
    const file = await kubeconfig(jwt(seconds(-60)));
    const { credentials } = await resolveConnection({ kubeconfig: file, env: {} });
    const result = await credentials.get();
    const expected = (tokenReply.body as { id_token: string }).id_token;
    expect(result.token).toBe(expected);

    expect(requests.map((r) => r.path)).toEqual([
      "/realms/k8s/.well-known/openid-configuration",
      "/realms/k8s/token",
    ]);
    const form = new URLSearchParams(requests[1]?.body);
    expect(form.get("grant_type")).toBe("refresh_token");
    expect(form.get("refresh_token")).toBe("refresh-1");
    expect(requests[1]?.authorization).toBe(
      `Basic ${Buffer.from("kubernetes:s3cret-client").toString("base64")}`,
    );

    const text = await readFile(file, "utf8");
    expect(text).toContain("# kept: a comment written by a human");
    expect(text).toContain("x-unknown-field: kept too");
    const written = parse(text) as KubeConfigObject;
    expect(written.users?.[0]?.user["auth-provider"]?.config).toMatchObject({
      "id-token": expected,
      "refresh-token": "refresh-2",
      "client-secret": "s3cret-client",
    });

    // Cached afterwards: no further requests.
    await credentials.get();
    expect(requests).toHaveLength(2);
  });

  it("refreshes again after a 401 even if the id-token has not expired", async () => {
    tokenReply = { status: 200, body: { id_token: jwt(seconds(7200)) } };
    const { credentials } = await resolveConnection({
      kubeconfig: await kubeconfig(jwt(seconds(3600))),
      env: {},
    });
    const first = await credentials.get();
    expect(credentials.invalidate(first.generation)).toBe(true);
    const second = await credentials.get();
    expect(second.token).not.toBe(first.token);
    expect(requests).toHaveLength(2);
  });

  it("reports a refused refresh without any secret in the message", async () => {
    tokenReply = {
      status: 400,
      body: { error: "invalid_grant", error_description: "token refresh-1 revoked" },
    };
    const { credentials } = await resolveConnection({
      kubeconfig: await kubeconfig(jwt(seconds(-60))),
      env: {},
    });
    const error = (await credentials.get().catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain("HTTP 400 (invalid_grant)");
    for (const secret of ["refresh-1", "s3cret-client"]) expect(error.message).not.toContain(secret);
  });
});
