import { mkdir, mkdtemp, rename, rm, symlink, unlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { KubeConfigError } from "../errors.ts";
import type { KubeConfigObject } from "./kubeconfig.ts";
import { resolveConnection } from "./resolve.ts";
import { writeKubeConfig, writeServiceAccount } from "../../test/config/write-config.ts";

const fixtures = fileURLToPath(new URL("../../test/fixtures/config/", import.meta.url));
const first = join(fixtures, "first", "config");
const second = join(fixtures, "second", "config");
const PEM = "-----BEGIN CERTIFICATE-----\nZmFrZQ==\n-----END CERTIFICATE-----\n";
const KEY = "-----BEGIN PRIVATE KEY-----\nZmFrZQ==\n-----END PRIVATE KEY-----\n";

let dir: string;
let home: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kr8s-resolve-"));
  home = join(dir, "home");
  await mkdir(home);
});

const kubeconfig = (config: KubeConfigObject, name?: string): Promise<string> =>
  writeKubeConfig(dir, config, name);
const serviceAccount = (files: Record<string, string>): Promise<string> => writeServiceAccount(dir, files);

const oneContext = (
  context: { namespace?: string },
  user: Record<string, unknown> = { token: "t0ken-abc" },
): KubeConfigObject => ({
  clusters: [{ name: "c", cluster: { server: "https://c.example:6443" } }],
  users: [{ name: "u", user }],
  contexts: [{ name: "ctx", context: { cluster: "c", user: "u", ...context } }],
  "current-context": "ctx",
});

describe("namespace resolution", () => {
  it("prefers the explicit namespace", async () => {
    const file = await kubeconfig(oneContext({ namespace: "from-context" }));
    const connection = await resolveConnection({ kubeconfig: file, namespace: "explicit", env: {} });
    expect(connection.namespace).toBe("explicit");
  });

  it("then the context's namespace", async () => {
    const file = await kubeconfig(oneContext({ namespace: "from-context" }));
    const sa = await serviceAccount({ token: "x", namespace: "from-sa" });
    expect((await resolveConnection({ kubeconfig: file, serviceAccount: sa, env: {} })).namespace).toBe(
      "from-context",
    );
  });

  it("then the service account's namespace", async () => {
    const file = await kubeconfig(oneContext({}));
    const sa = await serviceAccount({ token: "x", namespace: "from-sa\n" });
    expect((await resolveConnection({ kubeconfig: file, serviceAccount: sa, env: {} })).namespace).toBe(
      "from-sa",
    );
  });

  it("then default", async () => {
    const file = await kubeconfig(oneContext({}));
    expect((await resolveConnection({ kubeconfig: file, env: {} })).namespace).toBe("default");
  });
});

describe("sources in kubectl's order", () => {
  it("uses KUBECONFIG, merged, with the current context's cluster, TLS, proxy and impersonation", async () => {
    const connection = await resolveConnection({
      env: { KUBECONFIG: [first, second].join(delimiter) },
      homeDir: home,
    });
    expect(connection).toMatchObject({
      server: "https://only-second.example:6443",
      namespace: "from-second",
      contextName: "second",
      tls: {
        ca: expect.stringContaining("BEGIN CERTIFICATE") as unknown,
        insecureSkipTLSVerify: false,
        serverName: "api.internal",
      },
      proxyUrl: "http://proxy.example:3128",
      impersonate: { user: "jane", groups: ["developers", "viewers"], uid: "1234" },
    });
    expect((await connection.credentials.get()).token).toBe("second-viewer-token");
    expect(connection.credentials.id).not.toContain("second-viewer-token");
  });

  it("lets impersonation options replace the user's", async () => {
    const connection = await resolveConnection({
      kubeconfig: second,
      impersonate: { groups: ["admins"] },
      env: {},
    });
    expect(connection.impersonate).toEqual({ user: "jane", groups: ["admins"], uid: "1234" });
  });

  it("uses the first file's client certificate with paths relative to that file", async () => {
    const connection = await resolveConnection({ kubeconfig: [first, second], context: "first", env: {} });
    expect(connection.server).toBe("https://only-first.example:6443");
    expect(connection.tls.insecureSkipTLSVerify).toBe(true);
    const credentials = await connection.credentials.get();
    expect(credentials.clientCertificate).toContain("BEGIN CERTIFICATE");
    expect(credentials.clientKey).toContain("BEGIN PRIVATE KEY");
    expect(credentials.token).toBeUndefined();
  });

  it("falls back to ~/.kube/config", async () => {
    await mkdir(join(home, ".kube"));
    await writeFile(join(home, ".kube", "config"), stringify(oneContext({ namespace: "home" })));
    const connection = await resolveConnection({ env: {}, homeDir: home });
    expect(connection.namespace).toBe("home");
    expect(connection.server).toBe("https://c.example:6443");
  });

  it("an explicit url skips the kubeconfig and is anonymous", async () => {
    await mkdir(join(home, ".kube"));
    await writeFile(join(home, ".kube", "config"), stringify(oneContext({ namespace: "home" })));
    const connection = await resolveConnection({ url: "http://127.0.0.1:8001/", env: {}, homeDir: home });
    expect(connection.server).toBe("http://127.0.0.1:8001");
    expect(connection.namespace).toBe("default");
    expect(await connection.credentials.get()).toEqual({ generation: 0 });
  });

  it("an explicit url with a service account uses its token and CA", async () => {
    const sa = await serviceAccount({ token: "sa-token\n", "ca.crt": PEM, namespace: "apps" });
    const connection = await resolveConnection({ url: "https://10.0.0.1", serviceAccount: sa, env: {} });
    expect(connection).toMatchObject({ server: "https://10.0.0.1", namespace: "apps", tls: { ca: PEM } });
    expect((await connection.credentials.get()).token).toBe("sa-token");
  });

  it("falls back to in-cluster, bracketing an IPv6 host and re-reading the rotated token", async () => {
    const sa = await serviceAccount({ token: "first-token", "ca.crt": PEM, namespace: "kube-system" });
    const env = { KUBERNETES_SERVICE_HOST: "fd00:10:96::1", KUBERNETES_SERVICE_PORT: "443" };
    const connection = await resolveConnection({ env, homeDir: home, serviceAccount: sa });
    expect(connection.server).toBe("https://[fd00:10:96::1]:443");
    expect(connection.namespace).toBe("kube-system");
    expect(connection.tls.ca).toBe(PEM);
    const before = await connection.credentials.get();
    expect(before.token).toBe("first-token");
    expect((await connection.credentials.get()).generation).toBe(before.generation);

    // The kubelet rotates projected tokens by swapping in a new file.
    await writeFile(join(sa, "token.new"), "second-token");
    await rename(join(sa, "token.new"), join(sa, "token"));
    const after = await connection.credentials.get();
    expect(after.token).toBe("second-token");
    expect(after.generation).toBeGreaterThan(before.generation);
  });

  it("reports a missing service-account token naming the file", async () => {
    const sa = await serviceAccount({ namespace: "x" });
    const env = { KUBERNETES_SERVICE_HOST: "10.96.0.1", KUBERNETES_SERVICE_PORT: "443" };
    const error = (await resolveConnection({ env, homeDir: home, serviceAccount: sa }).catch(
      (e: unknown) => e,
    )) as KubeConfigError;
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.file).toBe(join(sa, "token"));
  });

  it("with no configuration anywhere, says where it looked and what to do", async () => {
    const error = (await resolveConnection({ env: {}, homeDir: home }).catch(
      (e: unknown) => e,
    )) as KubeConfigError;
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.message).toContain(join(home, ".kube", "config"));
    expect(error.suggestions.join("\n")).toMatch(/KUBECONFIG/);
    expect(error.suggestions.join("\n")).toContain(join(home, ".kube", "config"));
  });
});

describe("broken configuration", () => {
  it("names an unknown context and lists the available ones", async () => {
    const error = (await resolveConnection({ kubeconfig: [first, second], context: "nope", env: {} }).catch(
      (e: unknown) => e,
    )) as KubeConfigError;
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.message).toContain('"nope"');
    expect(error.suggestions.join(" ")).toContain("shared, first, second");
    expect(error.message).not.toContain("second-viewer-token");
  });

  it("names a missing client certificate file and the field that points at it", async () => {
    const file = await kubeconfig(
      oneContext(
        {},
        { "client-certificate": "missing.crt", "client-key": "missing.key", token: "t0ken-abc" },
      ),
    );
    const error = (await resolveConnection({ kubeconfig: file, env: {} }).catch(
      (e: unknown) => e,
    )) as KubeConfigError;
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.file).toBe(join(dir, "missing.crt"));
    expect(error.field).toBe("users[u].client-certificate");
    expect(error.message).not.toContain("t0ken-abc");
  });

  it("names a missing certificate authority file", async () => {
    const file = await kubeconfig({
      ...oneContext({}),
      clusters: [
        { name: "c", cluster: { server: "https://c", "certificate-authority": "/nonexistent/ca.crt" } },
      ],
    });
    const error = (await resolveConnection({ kubeconfig: file, env: {} }).catch(
      (e: unknown) => e,
    )) as KubeConfigError;
    expect(error.field).toBe("clusters[c].certificate-authority");
    expect(error.file).toBe("/nonexistent/ca.crt");
  });

  it("names a missing token file", async () => {
    const file = await kubeconfig(oneContext({}, { tokenFile: "token.txt" }));
    const error = (await resolveConnection({ kubeconfig: file, env: {} }).catch(
      (e: unknown) => e,
    )) as KubeConfigError;
    expect(error.field).toBe("users[u].tokenFile");
    expect(error.file).toBe(join(dir, "token.txt"));
  });

  it("names a context whose cluster does not exist", async () => {
    const file = await kubeconfig({
      ...oneContext({}),
      contexts: [{ name: "ctx", context: { cluster: "gone", user: "u" } }],
    });
    const error = (await resolveConnection({ kubeconfig: file, env: {} }).catch(
      (e: unknown) => e,
    )) as KubeConfigError;
    expect(error.field).toBe("contexts[ctx].cluster");
    expect(error.file).toBe(file);
  });

  it("asks for a context when current-context is unset", async () => {
    const file = await kubeconfig({ ...oneContext({}), "current-context": "" });
    const error = (await resolveConnection({ kubeconfig: file, env: {} }).catch(
      (e: unknown) => e,
    )) as KubeConfigError;
    expect(error.message).toContain("current-context is not set");
    expect(error.suggestions.join(" ")).toContain("ctx");
  });

  it("names clusters[c].server when the server is not a URL, without echoing it", async () => {
    const file = await kubeconfig({
      ...oneContext({}),
      clusters: [{ name: "c", cluster: { server: "not a url" } }],
    });
    const error = (await resolveConnection({ kubeconfig: file, env: {} }).catch(
      (e: unknown) => e,
    )) as KubeConfigError;
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.file).toBe(file);
    expect(error.field).toBe("clusters[c].server");
    expect(error.message).not.toContain("not a url");
  });

  it("the url option: host:port is http like kubectl's --server, and a non-URL is a KubeConfigError", async () => {
    expect((await resolveConnection({ url: "127.0.0.1:8001", env: {} })).server).toBe(
      "http://127.0.0.1:8001",
    );
    const error = (await resolveConnection({ url: "https://user:hunter2@not a host", env: {} }).catch(
      (e: unknown) => e,
    )) as KubeConfigError;
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.message).not.toContain("hunter2");
  });

  it("a server without a scheme is http://host:port", async () => {
    const file = await kubeconfig({
      ...oneContext({}),
      clusters: [{ name: "c", cluster: { server: "10.0.0.1:6443", "insecure-skip-tls-verify": true } }],
    });
    expect((await resolveConnection({ kubeconfig: file, env: {} })).server).toBe("http://10.0.0.1:6443");
  });

  it("points at a *-data field that is not PEM without echoing it", async () => {
    const file = await kubeconfig(
      oneContext(
        {},
        { "client-certificate-data": "bm90IGEgY2VydA==", "client-key-data": "c2VjcmV0LWtleQ==" },
      ),
    );
    const error = (await resolveConnection({ kubeconfig: file, env: {} }).catch(
      (e: unknown) => e,
    )) as KubeConfigError;
    expect(error.field).toBe("users[u].client-certificate-data");
    expect(error.message).not.toContain("bm90IGEgY2VydA==");
  });
});

describe("certificate data", () => {
  it("accepts base64-encoded PEM and raw PEM in *-data fields", async () => {
    const file = await kubeconfig({
      clusters: [
        {
          name: "c",
          cluster: { server: "https://c", "certificate-authority-data": Buffer.from(PEM).toString("base64") },
        },
      ],
      users: [
        {
          name: "u",
          user: { "client-certificate-data": PEM, "client-key-data": Buffer.from(KEY).toString("base64") },
        },
      ],
      contexts: [{ name: "ctx", context: { cluster: "c", user: "u" } }],
      "current-context": "ctx",
    });
    const connection = await resolveConnection({ kubeconfig: file, env: {} });
    expect(connection.tls.ca).toBe(PEM);
    expect(await connection.credentials.get()).toMatchObject({ clientCertificate: PEM, clientKey: KEY });
  });
});

describe("client certificate files", () => {
  it("are read again when rotated, giving the new certificate and key", async () => {
    const pem = (label: string, body: string): string =>
      `-----BEGIN ${label}-----\n${Buffer.from(body).toString("base64")}\n-----END ${label}-----\n`;
    await writeFile(join(dir, "tls.crt"), pem("CERTIFICATE", "cert-one"));
    await writeFile(join(dir, "tls.key"), pem("PRIVATE KEY", "key-one"));
    const file = await kubeconfig(
      oneContext({}, { "client-certificate": "tls.crt", "client-key": "tls.key" }),
    );
    const { credentials } = await resolveConnection({ kubeconfig: file, env: {} });
    const one = await credentials.get();
    expect(one.clientCertificate).toBe(pem("CERTIFICATE", "cert-one"));
    expect(await credentials.get()).toBe(one);

    // cert-manager and kubeadm rotate by writing new files and renaming them into place.
    await writeFile(join(dir, "tls.crt.new"), pem("CERTIFICATE", "cert-two"));
    await writeFile(join(dir, "tls.key.new"), pem("PRIVATE KEY", "key-two"));
    await rename(join(dir, "tls.crt.new"), join(dir, "tls.crt"));
    await rename(join(dir, "tls.key.new"), join(dir, "tls.key"));
    const two = await credentials.get();
    expect(two).toMatchObject({
      clientCertificate: pem("CERTIFICATE", "cert-two"),
      clientKey: pem("PRIVATE KEY", "key-two"),
    });
    expect(two.generation).toBeGreaterThan(one.generation);
  });
});

describe("token file", () => {
  it("re-reads the token when the file changes and after invalidate", async () => {
    const tokenFile = join(dir, "token.txt");
    await writeFile(tokenFile, "token-one\n");
    const file = await kubeconfig(oneContext({}, { tokenFile: "token.txt" }));
    const { credentials } = await resolveConnection({ kubeconfig: file, env: {} });
    const one = await credentials.get();
    expect(one.token).toBe("token-one");
    expect(credentials.id).not.toContain("token-one");

    await writeFile(join(dir, "token.tmp"), "token-two");
    await rename(join(dir, "token.tmp"), tokenFile);
    const two = await credentials.get();
    expect(two.token).toBe("token-two");
    expect(two.generation).toBeGreaterThan(one.generation);

    expect(credentials.invalidate(two.generation)).toBe(true);
    const three = await credentials.get();
    expect(three.token).toBe("token-two");
    expect(three.generation).toBeGreaterThan(two.generation);
  });

  it("re-reads a token rewritten in place with the same size and the same mtime", async () => {
    const tokenFile = join(dir, "token.txt");
    // A whole-second mtime, put back after the rewrite: size and mtime cannot tell the two apart.
    const mtime = 1_700_000_000;
    await writeFile(tokenFile, "token-aaa");
    await utimes(tokenFile, mtime, mtime);
    const file = await kubeconfig(oneContext({}, { tokenFile: "token.txt" }));
    const { credentials } = await resolveConnection({ kubeconfig: file, env: {} });
    expect((await credentials.get()).token).toBe("token-aaa");

    await writeFile(tokenFile, "token-bbb");
    await utimes(tokenFile, mtime, mtime);
    expect((await credentials.get()).token).toBe("token-bbb");
  });

  it("keeps the token while the file is briefly missing or empty during a rotation", async () => {
    const tokenFile = join(dir, "token.txt");
    await writeFile(tokenFile, "token-one");
    const file = await kubeconfig(oneContext({}, { tokenFile: "token.txt" }));
    const { credentials } = await resolveConnection({ kubeconfig: file, env: {} });
    const one = await credentials.get();

    await unlink(tokenFile);
    expect(await credentials.get()).toEqual(one);
    await writeFile(tokenFile, "");
    expect(await credentials.get()).toEqual(one);
    await writeFile(tokenFile, "token-two\n");
    expect((await credentials.get()).token).toBe("token-two");
  });

  it("follows a projected-volume rotation: the ..data symlink swapped to a new directory", async () => {
    // The kubelet's AtomicWriter: token -> ..data/token, ..data -> ..<timestamp>; a rotation writes a new
    // timestamped directory, renames a new ..data symlink over the old one, then deletes the old directory.
    const volume = join(dir, "volume");
    await mkdir(join(volume, "..2026_01"), { recursive: true });
    await writeFile(join(volume, "..2026_01", "token"), "projected-one");
    await symlink("..2026_01", join(volume, "..data"));
    await symlink(join("..data", "token"), join(volume, "token"));
    const sa = await serviceAccount({ namespace: "apps" });
    await symlink(join(volume, "token"), join(sa, "token"));
    const { credentials } = await resolveConnection({ url: "https://10.0.0.1", serviceAccount: sa, env: {} });
    expect((await credentials.get()).token).toBe("projected-one");

    await mkdir(join(volume, "..2026_02"));
    await writeFile(join(volume, "..2026_02", "token"), "projected-two");
    await symlink("..2026_02", join(volume, "..data_tmp"));
    await rename(join(volume, "..data_tmp"), join(volume, "..data"));
    await rm(join(volume, "..2026_01"), { recursive: true });
    expect((await credentials.get()).token).toBe("projected-two");
  });

  it("a static token cannot be refreshed", async () => {
    const file = await kubeconfig(oneContext({}));
    const { credentials } = await resolveConnection({ kubeconfig: file, env: {} });
    const { generation, token } = await credentials.get();
    expect(token).toBe("t0ken-abc");
    expect(credentials.invalidate(generation)).toBe(false);
  });
});
