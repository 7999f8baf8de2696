// The `oidc` auth-provider against the real kube-apiserver, which trusts the harness's OIDC issuer
// (@kr8s/test-utils/oidc-issuer): id-tokens are verified by the server (whoami says who we are), and an
// expired id-token is refreshed at the issuer's real token endpoint over HTTPS with the issuer's own CA.
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach } from "vitest";
import { parse, stringify } from "yaml";
import { AuthenticationError, type KubeConfigObject } from "@kr8s/core";
import { describe, expect, test } from "@kr8s/test-utils/fixtures";
import { mintIdToken, mintRefreshToken, type OidcIssuerInfo } from "@kr8s/test-utils/oidc-issuer";
import { closeApis, connect, kubeconfigFor, localCluster, tempDir } from "./support.ts";

function issuer(): OidcIssuerInfo {
  return localCluster().oidc;
}

/** A user name no other test uses, so the issuer's log can be searched for this test's refreshes. */
const uniqueSub = (name: string): string => `${name}-${randomBytes(4).toString("hex")}`;

/** `auth-provider: {name: oidc, config}` for the local issuer, with `idp-certificate-authority` as a path. */
function oidcUser(config: Record<string, string>): NonNullable<KubeConfigObject["users"]>[number]["user"] {
  const oidc = issuer();
  return {
    "auth-provider": {
      name: "oidc",
      config: {
        "idp-issuer-url": oidc.issuer,
        "client-id": oidc.clientId,
        "idp-certificate-authority": oidc.caCert,
        ...config,
      },
    },
  };
}

async function writeKubeconfig(kubeconfig: string, config: Record<string, string>): Promise<string> {
  const file = join(await tempDir("oidc"), "config");
  await writeFile(file, stringify(await kubeconfigFor(kubeconfig, oidcUser(config))), { mode: 0o600 });
  return file;
}

async function providerConfigIn(file: string): Promise<Record<string, string>> {
  const config = parse(await readFile(file, "utf8")) as KubeConfigObject;
  const provider = config.users?.[0]?.user["auth-provider"];
  if (!provider?.config) throw new Error(`${file} lost its auth-provider config`);
  return provider.config;
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
}

async function refreshesLogged(sub: string): Promise<number> {
  const log = await readFile(issuer().logFile, "utf8");
  return log.split("\n").filter((line) => line.includes(`POST /token 200 refreshed the tokens of "${sub}"`))
    .length;
}

describe("OIDC auth-provider against the local issuer", () => {
  afterEach(async () => {
    await closeApis();
  });

  test("a valid id-token: the server maps sub and groups with the oidc: prefix", async ({ kubeconfig }) => {
    const sub = uniqueSub("jane");
    const idToken = mintIdToken(issuer(), { sub, groups: ["developers", "oncall"] });
    const k = await connect({
      kubeconfig: await kubeconfigFor(kubeconfig, oidcUser({ "id-token": idToken })),
    });
    const me = await k.whoami();
    expect(me.username).toBe(`oidc:${sub}`);
    expect(me.groups).toEqual(
      expect.arrayContaining(["oidc:developers", "oidc:oncall", "system:authenticated"]),
    );
    expect(await refreshesLogged(sub)).toBe(0);
  });

  test("an expired id-token is refreshed at the token endpoint and both tokens are written back to the file", async ({
    kubeconfig,
  }) => {
    const oidc = issuer();
    const sub = uniqueSub("alice");
    const expired = mintIdToken(oidc, { sub, groups: ["developers"], expiresInSeconds: -120 });
    const refreshToken = mintRefreshToken(oidc, { sub, groups: ["developers"] });
    const file = await writeKubeconfig(kubeconfig, {
      "client-secret": oidc.clientSecret,
      "id-token": expired,
      "refresh-token": refreshToken,
    });

    const k = await connect({ kubeconfig: file });
    const me = await k.whoami();
    expect(me.username).toBe(`oidc:${sub}`);
    expect(me.groups).toContain("oidc:developers");
    expect(await refreshesLogged(sub)).toBe(1);

    // kubectl's behaviour: the refreshed id-token and the rotated refresh-token replace the old ones.
    const stored = await providerConfigIn(file);
    const newIdToken = stored["id-token"] ?? "";
    expect(newIdToken).not.toBe(expired);
    expect(claimsOf(newIdToken)).toMatchObject({ iss: oidc.issuer, sub, aud: oidc.clientId });
    expect(claimsOf(newIdToken).exp).toBeGreaterThan(Date.now() / 1000 + 60);
    expect(stored["refresh-token"]).toBeDefined();
    expect(stored["refresh-token"]).not.toBe(refreshToken);
    expect(stored["client-secret"]).toBe(oidc.clientSecret);

    // Still valid: a second call reuses the refreshed id-token instead of refreshing again.
    expect((await k.whoami()).username).toBe(`oidc:${sub}`);
    expect(await refreshesLogged(sub)).toBe(1);

    // The rotated refresh-token works: a new client (api() caches per kubeconfig path until close) reading
    // the file, with its id-token expired again, refreshes with it.
    await k.close();
    const reExpired = (await readFile(file, "utf8")).replace(
      newIdToken,
      mintIdToken(oidc, { sub, expiresInSeconds: -60 }),
    );
    expect(reExpired).not.toContain(newIdToken);
    await writeFile(file, reExpired);
    const again = await connect({ kubeconfig: file });
    expect(again).not.toBe(k);
    expect((await again.whoami()).username).toBe(`oidc:${sub}`);
    expect(await refreshesLogged(sub)).toBe(2);
  });

  test("a refresh-token the issuer rejects: AuthenticationError that quotes neither token, file untouched", async ({
    kubeconfig,
  }) => {
    const oidc = issuer();
    const sub = uniqueSub("mallory");
    const expired = mintIdToken(oidc, { sub, expiresInSeconds: -120 });
    // Well-formed but with a MAC the issuer did not make: a revoked or foreign refresh token.
    const [prefix, body] = mintRefreshToken(oidc, { sub }).split(".");
    const rejected = `${prefix}.${body}.${randomBytes(32).toString("base64url")}`;
    const file = await writeKubeconfig(kubeconfig, {
      "client-secret": oidc.clientSecret,
      "id-token": expired,
      "refresh-token": rejected,
    });
    const before = await readFile(file, "utf8");

    const k = await connect({ kubeconfig: file });
    const error = await k.whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    const message = (error as AuthenticationError).message;
    expect(message).toContain("invalid_grant");
    expect(message).not.toContain(expired);
    expect(message).not.toContain(rejected);
    expect(message).not.toContain(oidc.clientSecret);
    expect(await refreshesLogged(sub)).toBe(0);
    expect(await readFile(file, "utf8")).toBe(before);
  });
});
