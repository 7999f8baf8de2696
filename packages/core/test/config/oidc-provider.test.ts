// The oidc auth-provider beyond the happy paths of src/config/auth/oidc.test.ts: what a kubeconfig must
// hold, when the id-token is used and when it is refreshed (with an injected clock), the refresh request's
// shape, and what a user is told when the issuer fails. (TLS to the issuer is covered elsewhere.)
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AuthenticationError, KubeConfigError } from "../../src/errors.ts";
import {
  createOidcCredentialSource,
  jwtExpiry,
  type OidcCredentialOptions,
} from "../../src/config/auth/oidc.ts";

const jwt = (claims: Record<string, unknown>): string =>
  [{ alg: "none" }, claims, "sig"]
    .map((p) => Buffer.from(typeof p === "string" ? p : JSON.stringify(p)).toString("base64url"))
    .join(".");

const NOW = 1_800_000_000_000; // ms; a fixed clock
const expiringIn = (ms: number): string => jwt({ sub: "jane", exp: (NOW + ms) / 1000 });

let server: Server;
let issuer: string;
let requests: {
  path: string;
  form: URLSearchParams;
  authorization: string | undefined;
  accept: string | undefined;
  contentType: string | undefined;
}[];
let discovery: { status: number; body: unknown };
let tokenReply: { status: number; body: unknown };

beforeEach(async () => {
  requests = [];
  discovery = { status: 200, body: undefined };
  tokenReply = { status: 200, body: { id_token: expiringIn(3_600_000), refresh_token: "refresh-2" } };
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      requests.push({
        path: req.url ?? "",
        form: new URLSearchParams(body),
        authorization: req.headers.authorization,
        accept: req.headers.accept,
        contentType: req.headers["content-type"],
      });
      res.setHeader("content-type", "application/json");
      if (req.url === "/idp/.well-known/openid-configuration") {
        res.statusCode = discovery.status;
        const body = discovery.body ?? { issuer, token_endpoint: `${issuer}/token` };
        res.end(typeof body === "string" ? body : JSON.stringify(body));
      } else if (req.url === "/idp/token") {
        res.statusCode = tokenReply.status;
        res.end(typeof tokenReply.body === "string" ? tokenReply.body : JSON.stringify(tokenReply.body));
      } else {
        res.statusCode = 404;
        res.end("{}");
      }
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/idp`;
});

afterEach(() => {
  server.close();
  vi.restoreAllMocks();
});

function source(config: Record<string, string>, options: Partial<OidcCredentialOptions> = {}) {
  return createOidcCredentialSource({
    id: "oidc-test",
    userName: "sso",
    file: "/home/me/.kube/config",
    config: { "client-id": "kubernetes", "idp-issuer-url": issuer, ...config },
    now: () => NOW,
    ...options,
  });
}

describe("what the kubeconfig must hold", () => {
  const invalid = (config: Record<string, string>, file?: string): KubeConfigError => {
    try {
      createOidcCredentialSource({
        id: "x",
        userName: "sso",
        ...(file === undefined ? {} : { file }),
        config,
      });
    } catch (error) {
      return error as KubeConfigError;
    }
    throw new Error("accepted");
  };

  it("a client-id", () => {
    const error = invalid({ "id-token": "t" }, "/k");
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.message).toBe(
      "the oidc auth-provider needs client-id (/k: users[sso].auth-provider.config.client-id)",
    );
  });

  it("an id-token or a refresh-token", () => {
    expect(invalid({ "client-id": "c" }).message).toBe(
      "the oidc auth-provider needs an id-token or a refresh-token (users[sso].auth-provider.config.id-token)",
    );
    expect(() => source({ "refresh-token": "r" })).not.toThrow();
    expect(() => source({ "id-token": "t", "idp-issuer-url": "" })).not.toThrow();
  });

  it("an issuer when there is a refresh-token", () => {
    const error = invalid({ "client-id": "c", "refresh-token": "r" });
    expect(error.field).toBe("users[sso].auth-provider.config.idp-issuer-url");
    expect(error.message).toBe(
      "the oidc auth-provider needs idp-issuer-url to refresh tokens (users[sso].auth-provider.config.idp-issuer-url)",
    );
  });
});

describe("when the id-token is used", () => {
  it("while it expires more than the refresh margin (10 s by default) from now", async () => {
    const token = expiringIn(10_001);
    const credentials = await source({ "id-token": token, "refresh-token": "r" }).get();
    expect(credentials.token).toBe(token);
    expect(credentials.expiresAt).toEqual(new Date(NOW + 10_001));
    expect(requests).toEqual([]);
  });

  it("not when it expires within the margin: then it is refreshed", async () => {
    const credentials = await source({ "id-token": expiringIn(10_000), "refresh-token": "r" }).get();
    expect(credentials.token).toBe((tokenReply.body as { id_token: string }).id_token);
    expect(requests).toHaveLength(2);
  });

  it("the margin can be set", async () => {
    const token = expiringIn(2_000);
    expect((await source({ "id-token": token }, { refreshMarginMs: 1_000 }).get()).token).toBe(token);
  });

  it("a token without an expiry, or that is no JWT, is used as it is", async () => {
    const noExp = jwt({ sub: "jane" });
    // No expiresAt key at all: the credential cache reads a present key as an expiry.
    expect(await source({ "id-token": noExp }).get()).toStrictEqual({ token: noExp, generation: 1 });
    expect((await source({ "id-token": "opaque" }).get()).token).toBe("opaque");
    expect(jwtExpiry("a.not-base64-json.c")).toBeUndefined();
    expect(jwtExpiry(jwt({ exp: "tomorrow" }))).toBeUndefined();
  });

  it("an expired token without a refresh-token asks the user to log in again", async () => {
    const error = (await source({ "id-token": expiringIn(-1) })
      .get()
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe("the OIDC id-token has expired and there is no refresh-token");
    expect(error.suggestions).toEqual(["log in to your identity provider again (e.g. `kubectl oidc-login`)"]);
  });

  it("a 401 cannot be helped without a refresh-token", async () => {
    const oidc = source({ "id-token": expiringIn(3_600_000) });
    const { generation } = await oidc.get();
    expect(oidc.invalidate(generation)).toBe(false);
  });
});

describe("the refresh request", () => {
  it("sends the client id in the form when there is no client secret, and extra scopes", async () => {
    await source({ "refresh-token": "refresh-1", "extra-scopes": "groups,email" }).get();
    const token = requests[1];
    expect(token?.path).toBe("/idp/token");
    expect(token?.authorization).toBeUndefined();
    expect(token?.contentType).toBe("application/x-www-form-urlencoded");
    expect(requests.map((r) => r.accept)).toEqual(["application/json", "application/json"]);
    expect(Object.fromEntries(token?.form ?? [])).toEqual({
      grant_type: "refresh_token",
      refresh_token: "refresh-1",
      client_id: "kubernetes",
      scope: "openid groups email",
    });
  });

  it("ignores a trailing slash of the issuer URL", async () => {
    await source({ "refresh-token": "r", "idp-issuer-url": `${issuer}//` }).get();
    expect(requests[0]?.path).toBe("/idp/.well-known/openid-configuration");
  });

  it("keeps the refresh-token when the issuer does not rotate it, and stores the whole config", async () => {
    tokenReply = { status: 200, body: { id_token: jwt({ sub: "jane" }), refresh_token: "" } };
    const persist = vi.fn(() => Promise.resolve());
    const oidc = source({ "refresh-token": "refresh-1", "client-secret": "s" }, { persist });
    const first = await oidc.get();
    expect(first).toStrictEqual({ token: jwt({ sub: "jane" }), generation: 1 });
    expect(persist).toHaveBeenCalledWith({
      "client-id": "kubernetes",
      "client-secret": "s",
      "idp-issuer-url": issuer,
      "id-token": jwt({ sub: "jane" }),
      "refresh-token": "refresh-1",
    });
    expect(oidc.invalidate(first.generation)).toBe(true);
    await oidc.get();
    expect(requests[3]?.form.get("refresh_token")).toBe("refresh-1");
  });

  it("keeps the refresh-token when the issuer answers with one that is not a string", async () => {
    tokenReply = { status: 200, body: { id_token: jwt({ sub: "jane" }), refresh_token: 42 } };
    const persist = vi.fn(() => Promise.resolve());
    await source({ "refresh-token": "refresh-1" }, { persist }).get();
    expect(persist).toHaveBeenCalledWith(expect.objectContaining({ "refresh-token": "refresh-1" }));
  });

  it("without a place to store the tokens, refreshes quietly", async () => {
    const warning = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    expect((await source({ "refresh-token": "r" }).get()).token).toBe(
      (tokenReply.body as { id_token: string }).id_token,
    );
    expect(warning).not.toHaveBeenCalled();
  });

  it("a failed write-back for a configuration without a file is a warning without one", async () => {
    const warning = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    await createOidcCredentialSource({
      id: "oidc-test",
      userName: "sso",
      config: { "client-id": "kubernetes", "idp-issuer-url": issuer, "refresh-token": "r" },
      now: () => NOW,
      persist: () => Promise.reject(new Error("EROFS: read-only file system")),
    }).get();
    expect(warning).toHaveBeenCalledWith(
      "could not store the refreshed OIDC tokens: EROFS: read-only file system",
    );
  });

  it("uses the transport given by the caller as it is, even with idp-certificate-authority-data set", async () => {
    const dispatcher = new Agent();
    try {
      const credentials = await source(
        { "refresh-token": "r", "idp-certificate-authority-data": "bm90IGEgY2VydGlmaWNhdGU=" },
        { dispatcher },
      ).get();
      expect(credentials.token).toBe((tokenReply.body as { id_token: string }).id_token);
    } finally {
      await dispatcher.close();
    }
  });

  it("a failed write-back is a warning naming the file: the new token still works", async () => {
    const warning = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const credentials = await source(
      { "refresh-token": "r" },
      { persist: () => Promise.reject(new Error("EROFS: read-only file system")) },
    ).get();
    expect(credentials.token).toBe((tokenReply.body as { id_token: string }).id_token);
    expect(warning).toHaveBeenCalledWith(
      "could not store the refreshed OIDC tokens in /home/me/.kube/config: EROFS: read-only file system",
    );
  });
});

describe("what a user is told when the issuer fails", () => {
  const failure = async (config: Record<string, string> = {}): Promise<AuthenticationError> =>
    (await source({ "refresh-token": "refresh-1", ...config })
      .get()
      .catch((e: unknown) => e)) as AuthenticationError;

  it("an issuer certificate authority that is not PEM, or a file that is missing, names the field", async () => {
    const notPem = await failure({ "idp-certificate-authority-data": "bm90IGEgY2VydGlmaWNhdGU=" });
    expect(notPem).toBeInstanceOf(KubeConfigError);
    expect(notPem).toMatchObject({ field: "users[sso].auth-provider.config.idp-certificate-authority-data" });
    const missing = await failure({ "idp-certificate-authority": "/nowhere/ca.crt" });
    expect(missing).toBeInstanceOf(KubeConfigError);
    expect(missing.message).toBe(
      "OIDC certificate authority file does not exist (/nowhere/ca.crt: users[sso].auth-provider.config.idp-certificate-authority)",
    );
  });

  it("discovery that does not answer with a token endpoint", async () => {
    discovery = { status: 404, body: {} };
    expect((await failure()).message).toBe(`OIDC discovery at ${issuer} failed (HTTP 404)`);
    discovery = { status: 404, body: { token_endpoint: `${issuer}/token` } };
    expect((await failure()).message).toBe(`OIDC discovery at ${issuer} failed (HTTP 404)`);
    discovery = { status: 200, body: "<html>not json</html>" };
    expect((await failure()).message).toBe(`OIDC discovery at ${issuer} failed (HTTP 200)`);
    discovery = { status: 200, body: { issuer } };
    expect((await failure()).message).toBe(`OIDC discovery at ${issuer} failed (HTTP 200)`);
  });

  it("an issuer that cannot be reached", async () => {
    const error = await failure({ "idp-issuer-url": "http://127.0.0.1:1/idp" });
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/^OIDC discovery at http:\/\/127\.0\.0\.1:1\/idp failed: .*ECONNREFUSED/);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("a token endpoint that cannot be reached", async () => {
    discovery = { status: 200, body: { token_endpoint: "http://127.0.0.1:1/token" } };
    const error = await failure();
    expect(error.message).toMatch(new RegExp(`^OIDC token refresh at ${issuer} failed: .*ECONNREFUSED`));
    expect((error.cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  });

  it("a refusal quotes only a well-formed error code, never the body", async () => {
    tokenReply = { status: 401, body: { error: "invalid client refresh-1" } };
    const error = await failure();
    expect(error.message).toBe(`OIDC token refresh at ${issuer} was refused: HTTP 401`);
    expect(error.suggestions).toEqual(["log in to your identity provider again (e.g. `kubectl oidc-login`)"]);
    tokenReply = { status: 400, body: "not json" };
    expect((await failure()).message).toBe(`OIDC token refresh at ${issuer} was refused: HTTP 400`);
  });

  it("an answer without an id_token", async () => {
    tokenReply = { status: 200, body: { access_token: "a", id_token: "" } };
    expect((await failure()).message).toBe(`OIDC token refresh at ${issuer} returned no id_token`);
    tokenReply = { status: 200, body: "not json" };
    expect((await failure()).message).toBe(`OIDC token refresh at ${issuer} returned no id_token`);
  });
});
