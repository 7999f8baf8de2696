// A tiny OpenID Connect issuer for the local cluster, so OIDC clients (the `oidc` auth-provider, exec
// plugins like kubelogin) can be tested against the real kube-apiserver. It serves, over HTTPS on
// 127.0.0.1:
//   GET  /.well-known/openid-configuration   issuer, jwks_uri, token_endpoint
//   GET  /jwks                                the RS256 public key
//   POST /token                               grant_type=refresh_token only: a fresh id_token (exp ahead)
//                                             and a rotated refresh_token; 400 invalid_grant otherwise
//
// It is stateless: id-tokens are RS256 JWTs signed with `signing-key.pem`, and refresh tokens are
// `kr8s-rt.<claims>.<HMAC-SHA256 with refresh-token.key>`, so tests mint both with `mintIdToken` and
// `mintRefreshToken` (reading the keys from the state directory) and the issuer honours any refresh token
// carrying a valid MAC. Its HTTPS certificate comes from a CA of its own (`ca.crt`), not the cluster CA:
// kube-apiserver must trust the issuer before kwokctl has created the cluster CA, and a separate CA also
// proves that clients use `idp-certificate-authority` and not the cluster's CA for the issuer.
//
// `up` runs it detached (`node oidc-issuer.ts serve <dir>`) before kube-apiserver starts: kube-apiserver
// fetches the discovery document at start-up and retries only every 10 s.
import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  type KeyObject,
  randomBytes,
  sign,
  timingSafeEqual,
} from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { httpsRequest } from "./api.ts";
import { openssl } from "./certs.ts";
import { cmdline, isRunning, readPidFile, spawnDetached } from "./processes.ts";

/** What `cluster.json` records about the issuer (`oidc`): enough for a test to build an OIDC user. */
export interface OidcIssuerInfo {
  /** The issuer URL (`iss` claim, kubeconfig `idp-issuer-url`), `https://127.0.0.1:<port>`. */
  readonly issuer: string;
  /** PEM file of the CA that signed the issuer's HTTPS certificate (`idp-certificate-authority`). */
  readonly caCert: string;
  /** The only client; also the `aud` kube-apiserver requires. */
  readonly clientId: string;
  /** Required at the token endpoint (HTTP Basic or form `client_secret`). */
  readonly clientSecret: string;
  /** kube-apiserver maps `sub` to the user name `<usernamePrefix><sub>`. */
  readonly usernamePrefix: string;
  /** kube-apiserver maps each entry of the `groups` claim to the group `<groupsPrefix><group>`. */
  readonly groupsPrefix: string;
  /** PKCS#8 PEM of the RS256 key id-tokens are signed with. */
  readonly signingKey: string;
  /** The HMAC key refresh tokens are signed with. */
  readonly refreshTokenKey: string;
  /** Seconds an id-token issued by the token endpoint is valid. */
  readonly idTokenLifetimeSeconds: number;
  /** The issuer's directory (keys, certificate, pid file, log). */
  readonly dir: string;
  readonly pidFile: string;
  readonly logFile: string;
}

const generateKeyPairAsync = promisify(generateKeyPair);

export const oidcClientId = "kr8s";
const usernamePrefix = "oidc:";
const groupsPrefix = "oidc:";
const idTokenLifetimeSeconds = 600;
const refreshTokenPrefix = "kr8s-rt";

interface IssuerFiles {
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly signingKey: string;
  readonly refreshTokenKey: string;
  readonly clientSecret: string;
  /** Written by the server once it listens: its URL. */
  readonly url: string;
  readonly pidFile: string;
  readonly logFile: string;
}

function issuerFiles(dir: string): IssuerFiles {
  return {
    caCert: join(dir, "ca.crt"),
    caKey: join(dir, "ca.key"),
    serverCert: join(dir, "server.crt"),
    serverKey: join(dir, "server.key"),
    signingKey: join(dir, "signing-key.pem"),
    refreshTokenKey: join(dir, "refresh-token.key"),
    clientSecret: join(dir, "client-secret"),
    url: join(dir, "url"),
    pidFile: join(dir, "oidc-issuer.pid"),
    logFile: join(dir, "oidc-issuer.log"),
  };
}

// ---------------------------------------------------------------------------------------------------
// Minting tokens (tests)

export interface IdTokenClaims {
  /** Becomes the user name `oidc:<sub>`. */
  readonly sub: string;
  /** Each becomes the group `oidc:<group>`. */
  readonly groups?: readonly string[];
  /** Seconds from now until `exp`; negative for an expired token. @default 600 */
  readonly expiresInSeconds?: number;
  /** Extra or overriding claims (e.g. another `aud`). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** An RS256 id-token the local cluster accepts (while `exp` lies ahead), signed with the issuer's key. */
export function mintIdToken(issuer: OidcIssuerInfo, claims: IdTokenClaims): string {
  return signIdToken(
    createPrivateKey(readFileSync(issuer.signingKey)),
    issuer.issuer,
    issuer.clientId,
    claims,
  );
}

/** A refresh token the issuer's token endpoint honours: it issues id-tokens for `sub` and `groups`. */
export function mintRefreshToken(
  issuer: OidcIssuerInfo,
  claims: { readonly sub: string; readonly groups?: readonly string[] },
): string {
  return signRefreshToken(readFileSync(issuer.refreshTokenKey), claims);
}

function signIdToken(key: KeyObject, iss: string, aud: string, claims: IdTokenClaims): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: "RS256", typ: "JWT", kid: keyId(key) };
  const payload = {
    iss,
    aud,
    sub: claims.sub,
    ...(claims.groups === undefined ? {} : { groups: claims.groups }),
    iat: now,
    exp: now + (claims.expiresInSeconds ?? idTokenLifetimeSeconds),
    // Two tokens minted in the same second must still differ (tests tell refreshed tokens apart).
    jti: randomBytes(8).toString("hex"),
    ...claims.extra,
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${sign("sha256", Buffer.from(input), key).toString("base64url")}`;
}

function signRefreshToken(
  hmacKey: Buffer,
  claims: { readonly sub: string; readonly groups?: readonly string[] },
): string {
  const body = b64url(
    JSON.stringify({ sub: claims.sub, groups: claims.groups ?? [], jti: randomBytes(8).toString("hex") }),
  );
  return `${refreshTokenPrefix}.${body}.${mac(hmacKey, body)}`;
}

/** The claims of a refresh token with a valid MAC, or undefined. */
function verifyRefreshToken(hmacKey: Buffer, token: string): { sub: string; groups: string[] } | undefined {
  const [prefix, body, signature, ...rest] = token.split(".");
  if (prefix !== refreshTokenPrefix || !body || !signature || rest.length > 0) return undefined;
  const expected = Buffer.from(mac(hmacKey, body));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as {
      sub?: unknown;
      groups?: unknown;
    };
    if (typeof claims.sub !== "string" || !Array.isArray(claims.groups)) return undefined;
    return { sub: claims.sub, groups: claims.groups.filter((g): g is string => typeof g === "string") };
  } catch {
    return undefined;
  }
}

const mac = (key: Buffer, data: string): string => createHmac("sha256", key).update(data).digest("base64url");
const b64url = (text: string): string => Buffer.from(text, "utf8").toString("base64url");

function publicJwk(key: KeyObject): { kty: string; n: string; e: string } {
  const jwk = createPublicKey(key).export({ format: "jwk" });
  return { kty: String(jwk.kty), n: String(jwk.n), e: String(jwk.e) };
}

/** RFC 7638 thumbprint of the public key. */
function keyId(key: KeyObject): string {
  const { e, kty, n } = publicJwk(key);
  return createHash("sha256").update(JSON.stringify({ e, kty, n })).digest("base64url");
}

// ---------------------------------------------------------------------------------------------------
// Lifecycle (cluster.ts)

/**
 * Creates the issuer's keys and certificates in `dir`, starts the server detached, and resolves with its
 * description once it listens. The pid goes to `<dir>/oidc-issuer.pid`; `down` (cluster.ts) ends it.
 */
export async function startOidcIssuer(dir: string, signal?: AbortSignal): Promise<OidcIssuerInfo> {
  const files = issuerFiles(dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const [{ privateKey }] = await Promise.all([
    generateKeyPairAsync("rsa", { modulusLength: 2048 }),
    createCertificates(files),
  ]);
  await writeFile(files.signingKey, privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
  await writeFile(files.refreshTokenKey, randomBytes(32), { mode: 0o600 });
  const clientSecret = randomBytes(18).toString("base64url");
  await writeFile(files.clientSecret, clientSecret, { mode: 0o600 });
  await rm(files.url, { force: true });

  // `down` finds it by its pid file and by a /proc sweep for command lines mentioning `dir`.
  const pid = spawnDetached(process.execPath, [fileURLToPath(import.meta.url), "serve", dir], files.logFile);
  await writeFile(files.pidFile, String(pid));

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (signal?.aborted) throw new Error("interrupted");
    const url = await readFile(files.url, "utf8").catch(() => "");
    if (url !== "") {
      return {
        issuer: url,
        caCert: files.caCert,
        clientId: oidcClientId,
        clientSecret,
        usernamePrefix,
        groupsPrefix,
        signingKey: files.signingKey,
        refreshTokenKey: files.refreshTokenKey,
        idTokenLifetimeSeconds,
        dir,
        pidFile: files.pidFile,
        logFile: files.logFile,
      };
    }
    if (!isRunning(pid)) {
      const text = await readFile(files.logFile, "utf8").catch(() => "");
      throw new Error(
        `the OIDC issuer exited during start-up:\n${text.trimEnd().split("\n").slice(-5).join("\n")}`,
      );
    }
    if (Date.now() > deadline) throw new Error("the OIDC issuer did not listen within 15 s");
    await sleep(20);
  }
}

/** The issuer's pid when its process is running (and really is the issuer of `dir`). */
export async function oidcIssuerPid(dir: string): Promise<number | undefined> {
  const pid = await readPidFile(issuerFiles(dir).pidFile);
  if (pid === undefined || !isRunning(pid)) return undefined;
  const command = (await cmdline(pid)) ?? "";
  return command.includes("oidc-issuer") && command.includes(dir) ? pid : undefined;
}

/** Whether the issuer answers its discovery document over HTTPS with its CA. */
export async function oidcIssuerHealthy(issuer: OidcIssuerInfo): Promise<boolean> {
  const ca = await readFile(issuer.caCert, "utf8").catch(() => undefined);
  if (ca === undefined) return false;
  try {
    const res = await httpsRequest(`${issuer.issuer}/.well-known/openid-configuration`, {
      ca,
      timeoutMs: 3_000,
    });
    return res.status === 200 && (JSON.parse(res.body) as { issuer?: unknown }).issuer === issuer.issuer;
  } catch {
    return false;
  }
}

/**
 * Whether kube-apiserver authenticates a fresh id-token from the issuer as `<usernamePrefix><sub>`, i.e.
 * its JWT authenticator has fetched the discovery document (`up` waits for it).
 */
export async function apiserverAcceptsIdToken(
  issuer: OidcIssuerInfo,
  server: string,
  serverCaPem: string,
): Promise<boolean> {
  const sub = "kr8s-harness-probe";
  const token = mintIdToken(issuer, { sub, expiresInSeconds: 60 });
  try {
    const res = await httpsRequest(new URL("/apis/authentication.k8s.io/v1/selfsubjectreviews", server), {
      method: "POST",
      ca: serverCaPem,
      headers: { authorization: `Bearer ${token}` },
      body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
    });
    const review = JSON.parse(res.body) as { status?: { userInfo?: { username?: string } } };
    return res.status === 201 && review.status?.userInfo?.username === `${issuer.usernamePrefix}${sub}`;
  } catch {
    return false;
  }
}

/**
 * kube-apiserver's `--authentication-config` (StructuredAuthenticationConfiguration; v1beta1 is the
 * newest version 1.33 serves). It cannot be combined with `--oidc-*` flags, which kwokctl does not set.
 */
export function authenticationConfigYaml(issuer: OidcIssuerInfo, caPem: string): string {
  return stringify({
    apiVersion: "apiserver.config.k8s.io/v1beta1",
    kind: "AuthenticationConfiguration",
    jwt: [
      {
        issuer: { url: issuer.issuer, audiences: [issuer.clientId], certificateAuthority: caPem },
        claimMappings: {
          username: { claim: "sub", prefix: issuer.usernamePrefix },
          groups: { claim: "groups", prefix: issuer.groupsPrefix },
        },
      },
    ],
  });
}

/** An issuer CA and a server certificate for IP 127.0.0.1 signed by it (openssl, like certs.ts). */
async function createCertificates(files: IssuerFiles): Promise<void> {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await openssl([
    "req",
    "-x509",
    ...ec,
    "-keyout",
    files.caKey,
    "-out",
    files.caCert,
    "-subj",
    "/CN=kr8s-oidc-issuer-ca",
    "-days",
    "365",
    "-sha256",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  const csr = `${files.serverCert}.csr`;
  const ext = `${files.serverCert}.ext`;
  await openssl(["req", "-new", ...ec, "-keyout", files.serverKey, "-subj", "/CN=127.0.0.1", "-out", csr]);
  await writeFile(
    ext,
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\n",
  );
  await openssl([
    "x509",
    "-req",
    "-in",
    csr,
    "-CA",
    files.caCert,
    "-CAkey",
    files.caKey,
    "-set_serial",
    `0x${randomBytes(16).toString("hex")}`,
    "-days",
    "365",
    "-sha256",
    "-extfile",
    ext,
    "-out",
    files.serverCert,
  ]);
  await Promise.all([rm(csr, { force: true }), rm(ext, { force: true })]);
}

// ---------------------------------------------------------------------------------------------------
// The server process: `node oidc-issuer.ts serve <dir>`

async function serve(dir: string): Promise<void> {
  const files = issuerFiles(dir);
  const [cert, key, signingPem, hmacKey, clientSecret] = await Promise.all([
    readFile(files.serverCert),
    readFile(files.serverKey),
    readFile(files.signingKey),
    readFile(files.refreshTokenKey),
    readFile(files.clientSecret, "utf8"),
  ]);
  const signingKey = createPrivateKey(signingPem);
  let issuer = "";
  const say = (message: string): void => {
    process.stdout.write(`${new Date().toISOString()} ${message}\n`);
  };

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  };

  const tokenRequest = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const form = new URLSearchParams(body);
    let clientId = form.get("client_id") ?? "";
    let secret = form.get("client_secret") ?? "";
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (basic !== undefined) {
      // RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined with ":".
      const decoded = Buffer.from(basic, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      clientId = decodeURIComponent(decoded.slice(0, colon < 0 ? undefined : colon).replaceAll("+", " "));
      secret = colon < 0 ? "" : decodeURIComponent(decoded.slice(colon + 1).replaceAll("+", " "));
    }
    if (clientId !== oidcClientId || secret !== clientSecret) {
      say(`POST /token 401 invalid_client (client_id ${JSON.stringify(clientId)})`);
      json(res, 401, { error: "invalid_client" });
      return;
    }
    if (form.get("grant_type") !== "refresh_token") {
      say("POST /token 400 unsupported_grant_type");
      json(res, 400, { error: "unsupported_grant_type" });
      return;
    }
    const claims = verifyRefreshToken(hmacKey, form.get("refresh_token") ?? "");
    if (!claims) {
      say("POST /token 400 invalid_grant");
      json(res, 400, { error: "invalid_grant", error_description: "unknown refresh token" });
      return;
    }
    const idToken = signIdToken(signingKey, issuer, oidcClientId, claims);
    say(`POST /token 200 refreshed the tokens of ${JSON.stringify(claims.sub)}`);
    json(res, 200, {
      access_token: idToken,
      token_type: "Bearer",
      expires_in: idTokenLifetimeSeconds,
      id_token: idToken,
      refresh_token: signRefreshToken(hmacKey, claims),
    });
  };

  const server = createServer({ cert, key }, (req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
      if (body.length > 64 * 1024) req.destroy();
    });
    req.on("end", () => {
      const path = new URL(req.url ?? "/", issuer).pathname;
      if (req.method === "GET" && path === "/.well-known/openid-configuration") {
        json(res, 200, {
          issuer,
          jwks_uri: `${issuer}/jwks`,
          token_endpoint: `${issuer}/token`,
          authorization_endpoint: `${issuer}/authorize`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          grant_types_supported: ["refresh_token"],
          token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
          claims_supported: ["iss", "sub", "aud", "exp", "iat", "groups"],
        });
      } else if (req.method === "GET" && path === "/jwks") {
        json(res, 200, {
          keys: [{ ...publicJwk(signingKey), kid: keyId(signingKey), use: "sig", alg: "RS256" }],
        });
      } else if (req.method === "POST" && path === "/token") {
        tokenRequest(req, res, body);
      } else {
        json(res, 404, { error: "not_found" });
      }
    });
  });
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await writeFile(files.url, issuer);
  say(`listening on ${issuer}`);

  const stop = (): void => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // Never outlive the cluster: when its state directory is removed (by hand, or a `down` that could not
  // signal us), exit.
  setInterval(() => {
    if (!existsSync(dir)) stop();
  }, 2_000).unref();
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === "serve") {
  const dir = process.argv[3];
  if (!dir) {
    process.stderr.write("usage: node oidc-issuer.ts serve <dir>\n");
    process.exit(2);
  }
  await serve(dir);
}
