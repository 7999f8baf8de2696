// kubectl's global connection flags as `overrides` of resolveConnection: which kubeconfig entries they
// pick, what they replace, and the combinations client-go refuses (with kubectl's messages).
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { KubeConfigError } from "../errors.ts";
import type { KubeConfigObject } from "./kubeconfig.ts";
import type { ConnectionOverrides } from "./overrides.ts";
import { resolveConnection } from "./resolve.ts";

const CA = "-----BEGIN CERTIFICATE-----\nY2E=\n-----END CERTIFICATE-----\n";
const FLAG_CA = "-----BEGIN CERTIFICATE-----\nZmxhZw==\n-----END CERTIFICATE-----\n";
const CERT = "-----BEGIN CERTIFICATE-----\nY2VydA==\n-----END CERTIFICATE-----\n";
const KEY = "-----BEGIN PRIVATE KEY-----\na2V5\n-----END PRIVATE KEY-----\n";
const b64 = (text: string): string => Buffer.from(text).toString("base64");

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kr8s-overrides-"));
});

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** Two clusters and four users; the context `main` uses cluster `a` and user `tok`. */
const config = (): KubeConfigObject => ({
  clusters: [
    {
      name: "a",
      cluster: {
        server: "https://a.example:6443",
        "certificate-authority-data": b64(CA),
        "tls-server-name": "a.internal",
      },
    },
    { name: "b", cluster: { server: "https://b.example:6443", "insecure-skip-tls-verify": true } },
  ],
  users: [
    { name: "tok", user: { token: "kubeconfig-token" } },
    { name: "cert", user: { "client-certificate-data": b64(CERT), "client-key-data": b64(KEY) } },
    {
      name: "plugin",
      user: { exec: { apiVersion: "client.authentication.k8s.io/v1", command: "/nonexistent/plugin" } },
    },
    { name: "basic", user: { username: "ann", password: "kubeconfig-password" } },
  ],
  contexts: [{ name: "main", context: { cluster: "a", user: "tok", namespace: "ns" } }],
  "current-context": "main",
});

const resolve = (overrides: ConnectionOverrides, kubeconfig: KubeConfigObject = config()) =>
  resolveConnection({ kubeconfig, overrides, env: {} });

async function credentialsOf(overrides: ConnectionOverrides, kubeconfig?: KubeConfigObject) {
  const { credentials } = await resolve(overrides, kubeconfig);
  const { generation: _generation, ...rest } = await credentials.get();
  return rest;
}

async function refusal(
  overrides: ConnectionOverrides,
  kubeconfig?: KubeConfigObject,
): Promise<KubeConfigError> {
  const error: unknown = await resolve(overrides, kubeconfig).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KubeConfigError);
  return error as KubeConfigError;
}

describe("--user and --cluster pick other kubeconfig entries", () => {
  it("--user takes another user's credentials and keeps the context's cluster and namespace", async () => {
    const connection = await resolve({ user: "basic" });
    expect(connection.server).toBe("https://a.example:6443");
    expect(connection.namespace).toBe("ns");
    expect(await credentialsOf({ user: "basic" })).toEqual({
      basic: { username: "ann", password: "kubeconfig-password" },
    });
  });

  it("--cluster takes another cluster's server and TLS and keeps the context's user", async () => {
    const connection = await resolve({ cluster: "b" });
    expect(connection.server).toBe("https://b.example:6443");
    expect(connection.tls).toEqual({ insecureSkipTLSVerify: true });
    expect(await credentialsOf({ cluster: "b" })).toEqual({ token: "kubeconfig-token" });
  });

  it("an unknown --user is refused in kubectl's words, naming the users that exist", async () => {
    const error = await refusal({ user: "nope" });
    expect(error.message).toBe('auth info "nope" does not exist');
    expect(error.suggestions).toEqual(["available users: tok, cert, plugin, basic"]);
  });

  it("an unknown --cluster is refused in kubectl's words, naming the clusters that exist", async () => {
    const error = await refusal({ cluster: "nope" });
    expect(error.message).toBe('cluster "nope" does not exist');
    expect(error.suggestions).toEqual(["available clusters: a, b"]);
  });

  it("the user is looked up before the cluster, as client-go does", async () => {
    expect((await refusal({ user: "nope", cluster: "nope" })).message).toBe(
      'auth info "nope" does not exist',
    );
  });

  it("an empty --user or --cluster is not given (kubectl --user=)", async () => {
    const connection = await resolve({ user: "", cluster: "" });
    expect(connection.server).toBe("https://a.example:6443");
    expect(await credentialsOf({ user: "" })).toEqual({ token: "kubeconfig-token" });
  });
});

describe("--server", () => {
  it("replaces the cluster's server, keeps its CA and drops its tls-server-name", async () => {
    const connection = await resolve({ server: "https://other.example:7443" });
    expect(connection.server).toBe("https://other.example:7443");
    expect(connection.tls).toEqual({ ca: CA, insecureSkipTLSVerify: false });
  });

  it("keeps the --tls-server-name given with it", async () => {
    const connection = await resolve({
      server: "https://other.example:7443",
      tlsServerName: "flag.internal",
    });
    expect(connection.tls.serverName).toBe("flag.internal");
  });

  it("is enough without any kubeconfig entry, with --token (kubectl --server … --token …)", async () => {
    const empty: KubeConfigObject = {};
    const connection = await resolve({ server: "https://bare.example:6443", token: "flag-token" }, empty);
    expect(connection.server).toBe("https://bare.example:6443");
    expect(connection.namespace).toBe("default");
    expect(connection.contextName).toBeUndefined();
    expect(await credentialsOf({ server: "https://bare.example:6443", token: "flag-token" }, empty)).toEqual({
      token: "flag-token",
    });
  });

  it("a server that is no URL is refused without echoing it (it may carry a password)", async () => {
    const error = await refusal({ server: "https://u:secret-pw@[bad" });
    expect(error.message).not.toContain("secret-pw");
    expect(error.suggestions).toEqual(["pass --server as https://host:port"]);
  });
});

describe("TLS flags", () => {
  it("--tls-server-name replaces the cluster's", async () => {
    expect((await resolve({ tlsServerName: "flag.internal" })).tls.serverName).toBe("flag.internal");
  });

  it("--insecure-skip-tls-verify drops the kubeconfig's CA instead of clashing with it", async () => {
    expect((await resolve({ insecureSkipTlsVerify: true })).tls).toEqual({
      insecureSkipTLSVerify: true,
      serverName: "a.internal",
    });
  });

  it("--certificate-authority replaces the CA data and turns off the cluster's insecure-skip-tls-verify", async () => {
    const ca = await file("flag-ca.crt", FLAG_CA);
    expect((await resolve({ certificateAuthority: ca })).tls.ca).toBe(FLAG_CA);
    expect((await resolve({ certificateAuthority: ca, cluster: "b" })).tls).toEqual({
      ca: FLAG_CA,
      insecureSkipTLSVerify: false,
    });
  });

  it("a missing --certificate-authority file is refused in kubectl's words, naming the cluster", async () => {
    const missing = join(dir, "missing.crt");
    const error = await refusal({ certificateAuthority: missing });
    const problem = `unable to read certificate-authority ${missing} for a due to open ${missing}: no such file or directory`;
    expect([error.message, error.problems]).toEqual([problem, [problem]]);
  });

  it("a --certificate-authority that opens but cannot be read is Go's read error, with the flag as the field", async () => {
    const error = await refusal({ certificateAuthority: dir });
    expect(error.problems).toEqual([`read ${dir}: is a directory`]);
    expect(error.field).toBe("--certificate-authority");
  });

  it("--insecure-skip-tls-verify=false changes nothing", async () => {
    expect((await resolve({ insecureSkipTlsVerify: false, cluster: "b" })).tls.insecureSkipTLSVerify).toBe(
      true,
    );
  });

  it("--certificate-authority with --insecure-skip-tls-verify is refused in kubectl's words", async () => {
    const ca = await file("flag-ca.crt", FLAG_CA);
    const error = await refusal({ certificateAuthority: ca, insecureSkipTlsVerify: true });
    expect(error.message).toBe("specifying a root certificates file with the insecure flag is not allowed");
  });
});

describe("credential flags", () => {
  it("--token replaces the user's token", async () => {
    expect(await credentialsOf({ token: "flag-token" })).toEqual({ token: "flag-token" });
  });

  it("--token is used instead of the user's exec plugin (the plugin never runs)", async () => {
    expect(await credentialsOf({ user: "plugin", token: "flag-token" })).toEqual({ token: "flag-token" });
  });

  it("--token is used instead of the user's OIDC auth-provider", async () => {
    const kubeconfig = config();
    kubeconfig.users?.push({
      name: "oidc",
      user: {
        "auth-provider": {
          name: "oidc",
          config: { "id-token": "oidc-token", "idp-issuer-url": "https://i", "client-id": "kr8s" },
        },
      },
    });
    expect(await credentialsOf({ user: "oidc" }, kubeconfig)).toEqual({ token: "oidc-token" });
    expect(await credentialsOf({ user: "oidc", token: "flag-token" }, kubeconfig)).toEqual({
      token: "flag-token",
    });
  });

  it("--client-certificate and --client-key are used instead of the user's exec plugin", async () => {
    const cert = await file("c.crt", CERT);
    const key = await file("c.key", KEY);
    expect(await credentialsOf({ user: "plugin", clientCertificate: cert, clientKey: key })).toEqual({
      clientCertificate: CERT,
      clientKey: KEY,
    });
  });

  it("--token goes with a user's client certificate (both are sent, as kubectl does)", async () => {
    expect(await credentialsOf({ user: "cert", token: "flag-token" })).toEqual({
      clientCertificate: CERT,
      clientKey: KEY,
      token: "flag-token",
    });
  });

  it("a user's tokenFile still wins over --token, as in client-go", async () => {
    const tokenFile = await file("token", "file-token");
    const kubeconfig = config();
    kubeconfig.users?.push({ name: "tf", user: { tokenFile } });
    expect(await credentialsOf({ user: "tf", token: "flag-token" }, kubeconfig)).toEqual({
      token: "file-token",
    });
  });

  it("--client-certificate and --client-key give a user without credentials a certificate", async () => {
    const cert = await file("c.crt", CERT);
    const key = await file("c.key", KEY);
    const kubeconfig = config();
    kubeconfig.contexts = [{ name: "main", context: { cluster: "a" } }];
    expect(await credentialsOf({ clientCertificate: cert, clientKey: key }, kubeconfig)).toEqual({
      clientCertificate: CERT,
      clientKey: KEY,
    });
  });

  it("--client-key alone changes nothing (a key is used only with a certificate)", async () => {
    const key = await file("c.key", KEY);
    expect(await credentialsOf({ clientKey: key })).toEqual({ token: "kubeconfig-token" });
  });

  it("--client-certificate over a user's certificate data is refused in kubectl's words", async () => {
    const cert = await file("c.crt", CERT);
    const error = await refusal({ user: "cert", clientCertificate: cert });
    expect(error.message).toBe(
      "client-cert-data and client-cert are both specified for cert. client-cert-data will override.",
    );
  });

  it("--client-key over a user's key data is refused in kubectl's words", async () => {
    const key = await file("c.key", KEY);
    const cert = await file("c.crt", CERT);
    const kubeconfig = config();
    kubeconfig.users?.push({ name: "keyed", user: { "client-key-data": b64(KEY) } });
    const error = await refusal({ user: "keyed", clientCertificate: cert, clientKey: key }, kubeconfig);
    expect(error.message).toBe(
      "client-key-data and client-key are both specified for keyed; client-key-data will override",
    );
  });

  it("--client-certificate without a key is refused in kubectl's words", async () => {
    const cert = await file("c.crt", CERT);
    const error = await refusal({ clientCertificate: cert });
    expect(error.message).toBe(
      "client-key-data or client-key must be specified for tok to use the clientCert authentication method.",
    );
  });

  it("--client-certificate and --client-key files that do not exist are each refused in kubectl's words", async () => {
    const [cert, key] = [join(dir, "gone.crt"), join(dir, "gone.key")];
    const error = await refusal({ clientCertificate: cert, clientKey: key });
    expect(error.problems).toEqual([
      `unable to read client-cert ${cert} for tok due to open ${cert}: no such file or directory`,
      `unable to read client-key ${key} for tok due to open ${key}: no such file or directory`,
    ]);
    // client-go's errConfigurationInvalid text for a library user.
    expect(error.message).toBe(`invalid configuration: [${error.problems.join(", ")}]`);
  });

  it("every problem is reported, in client-go's order: the user's, then the cluster's CA", async () => {
    const [cert, ca] = [join(dir, "gone.crt"), join(dir, "gone-ca.crt")];
    const error = await refusal({ clientCertificate: cert, certificateAuthority: ca, username: "bob" });
    expect(error.problems).toEqual([
      "client-key-data or client-key must be specified for tok to use the clientCert authentication method.",
      `unable to read client-cert ${cert} for tok due to open ${cert}: no such file or directory`,
      "more than one authentication method found for tok; found [token basicAuth], only one is allowed",
      `unable to read certificate-authority ${ca} for a due to open ${ca}: no such file or directory`,
    ]);
  });

  it("with a credential flag, the kubeconfig user's missing files are reported in kubectl's words too", async () => {
    const [cert, key] = [join(dir, "kc.crt"), join(dir, "kc.key")];
    const kubeconfig = config();
    kubeconfig.users?.push({ name: "files", user: { "client-certificate": cert, "client-key": key } });
    const error = await refusal({ user: "files", token: "flag-token" }, kubeconfig);
    expect(error.problems).toEqual([
      `unable to read client-cert ${cert} for files due to open ${cert}: no such file or directory`,
      `unable to read client-key ${key} for files due to open ${key}: no such file or directory`,
    ]);
    // Without flags, kr8s names the kubeconfig field instead.
    const own = await refusal({ user: "files" }, kubeconfig);
    expect([own.field, own.problems]).toEqual(["users[files].client-certificate", []]);
  });

  it("a --client-certificate that opens but cannot be read is Go's read error, with the flag as the field", async () => {
    const key = await file("c.key", KEY);
    const error = await refusal({ clientCertificate: dir, clientKey: key });
    expect([error.problems, error.field]).toEqual([[`read ${dir}: is a directory`], "--client-certificate"]);
    const keyError = await refusal({ clientCertificate: await file("c.crt", CERT), clientKey: dir });
    expect([keyError.problems, keyError.field]).toEqual([[`read ${dir}: is a directory`], "--client-key"]);
  });

  it("--username with a token is refused in kubectl's words, without the secrets", async () => {
    const error = await refusal({ username: "bob", password: "flag-password" });
    expect(error.message).toBe(
      "more than one authentication method found for tok; found [token basicAuth], only one is allowed",
    );
    expect(JSON.stringify([error.message, error.suggestions])).not.toMatch(/flag-password|kubeconfig-token/);
  });

  it("--username alone is basic auth with an empty password (client-go's HasBasicAuth)", async () => {
    expect(await credentialsOf({ user: "basic", username: "bob" })).toEqual({
      basic: { username: "bob", password: "kubeconfig-password" },
    });
    const kubeconfig = config();
    kubeconfig.contexts = [{ name: "main", context: { cluster: "a" } }];
    expect(await credentialsOf({ username: "bob" }, kubeconfig)).toEqual({
      basic: { username: "bob", password: "" },
    });
  });
});

describe("impersonation", () => {
  it("groups without a user are refused in kubectl's words, naming the kubeconfig user", async () => {
    const error: unknown = await resolveConnection({
      kubeconfig: config(),
      impersonate: { groups: ["g"] },
      env: {},
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeConfigError);
    expect((error as KubeConfigError).message).toBe(
      "requesting uid, groups or user-extra for tok without impersonating a user",
    );
  });

  it("a user with groups and a UID is kept", async () => {
    const connection = await resolveConnection({
      kubeconfig: config(),
      impersonate: { user: "alice", groups: ["g1", "g2"], uid: "u1" },
      env: {},
    });
    expect(connection.impersonate).toEqual({ user: "alice", groups: ["g1", "g2"], uid: "u1" });
  });
});
