// KubeConfigEditor behaviours beyond the basic edits of src/config/edit.test.ts: `config view` (checked
// against kubectl's output for the same file), listing contexts, deletes, and the field pairs that replace
// each other. Needs only the kubectl binary, no cluster.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { KubeConfigError } from "../../src/errors.ts";
import { KubeConfigDocument, persistAuthProviderConfig } from "../../src/config/document.ts";
import { KubeConfigEditor, REDACTED } from "../../src/config/edit.ts";
import type { KubeConfigObject } from "../../src/config/kubeconfig.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

const execFileAsync = promisify(execFile);

let dir: string;
let file: string;
let editor: KubeConfigEditor;

// Bytes that are not UTF-8 text: `--flatten` must embed the file's bytes, not its decoded text.
const DER = Buffer.from([0x30, 0x82, 0x00, 0xff, 0xfe, 0x01]);
const CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const KEY = "-----BEGIN PRIVATE KEY-----\nMIIC\n-----END PRIVATE KEY-----\n";

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kr8s-editor-"));
  file = join(dir, "config");
  await writeFile(join(dir, "ca.der"), DER);
  await writeFile(join(dir, "client.crt"), CERT);
  await writeFile(join(dir, "client.key"), KEY);
  // Names out of order ("Alpha" < "basic" < "zeta" in code-unit order, not in a locale's order).
  await writeFile(
    file,
    `apiVersion: v1
kind: Config
clusters:
- name: zeta
  cluster:
    server: https://zeta.example:6443
    certificate-authority: ${join(dir, "ca.der")}
- name: Alpha
  cluster:
    server: https://alpha.example:6443
    certificate-authority-data: ${Buffer.from(CERT).toString("base64")}
    tls-server-name: api.internal
users:
- name: basic
  user:
    username: jane
    password: jane-password
- name: certs
  user:
    client-certificate: ${join(dir, "client.crt")}
    client-key: ${join(dir, "client.key")}
    token: cert-user-token
- name: inline
  user:
    client-certificate-data: ${Buffer.from(CERT).toString("base64")}
    client-key-data: ${Buffer.from(KEY).toString("base64")}
contexts:
- name: zeta
  context:
    cluster: zeta
    user: certs
    namespace: z
- name: alpha
  context:
    cluster: Alpha
    user: basic
- name: nobody
  context:
    cluster: Alpha
current-context: zeta
`,
  );
  editor = new KubeConfigEditor({ kubeconfig: file });
});

const read = async (): Promise<KubeConfigObject> => parse(await readFile(file, "utf8")) as KubeConfigObject;

async function kubectlView(args: string[]): Promise<unknown> {
  const { stdout } = await execFileAsync(referenceKubectl, ["config", "view", "-o", "json", ...args], {
    env: { ...process.env, KUBECONFIG: file },
  });
  return JSON.parse(stdout);
}

describe("config view", () => {
  it("shows what kubectl config view shows, with its flags", { timeout: 60_000 }, async () => {
    const cases: [string[], Parameters<KubeConfigEditor["view"]>[0]][] = [
      [[], {}],
      [["--raw"], { raw: true }],
      [["--minify"], { minify: true }],
      [["--flatten"], { flatten: true }],
      [["--minify", "--flatten", "--context=alpha"], { minify: true, flatten: true, context: "alpha" }],
    ];
    const expected = await Promise.all(cases.map(([args]) => kubectlView(args)));
    for (const [index, [args, options]] of cases.entries()) {
      expect(await editor.view(options), `kubectl config view ${args.join(" ")}`).toEqual(expected[index]);
    }
  });

  it("redacts the OIDC auth-provider's tokens and client secret (kubectl v1.32 shows them)", async () => {
    await editor.setCredentials("sso", {
      "auth-provider": {
        name: "oidc",
        config: {
          "client-id": "kr8s",
          "client-secret": "shh",
          "id-token": "id.jwt.token",
          "refresh-token": "refresh",
          "access-token": "access",
          "idp-issuer-url": "https://issuer.example",
        },
      },
    });
    const sso = (await editor.view()).users?.find((u) => u.name === "sso")?.user;
    expect(sso?.["auth-provider"]).toEqual({
      name: "oidc",
      config: {
        "client-id": "kr8s",
        "client-secret": REDACTED,
        "id-token": REDACTED,
        "refresh-token": REDACTED,
        "access-token": REDACTED,
        "idp-issuer-url": "https://issuer.example",
      },
    });
    const raw = (await editor.view({ raw: true })).users?.find((u) => u.name === "sso")?.user;
    expect(raw?.["auth-provider"]?.config?.["id-token"]).toBe("id.jwt.token");
  });

  it("--minify needs a context that exists", async () => {
    await expect(editor.view({ minify: true, context: "nope" })).rejects.toThrow(
      "cannot locate context nope",
    );
    const error = (await editor
      .view({ minify: true, context: "nope" })
      .catch((e: unknown) => e)) as KubeConfigError;
    expect(error.suggestions).toEqual(["available contexts: zeta, alpha, nobody"]);
    await writeFile(file, "apiVersion: v1\nkind: Config\n");
    await expect(editor.view({ minify: true })).rejects.toThrow(
      "current-context must exist in order to minify",
    );
    expect(
      ((await editor.view({ minify: true }).catch((e: unknown) => e)) as KubeConfigError).suggestions,
    ).toEqual(["available contexts: none"]);
  });

  it("an empty kubeconfig views as an empty Config", async () => {
    await writeFile(file, "");
    expect(await editor.view()).toEqual({
      apiVersion: "v1",
      kind: "Config",
      preferences: {},
      clusters: [],
      users: [],
      contexts: [],
      "current-context": "",
    });
  });
});

describe("contexts and the current one", () => {
  it("lists contexts sorted by name, marking the current one, with an empty user when there is none", async () => {
    expect(await editor.contexts()).toEqual([
      { name: "alpha", cluster: "Alpha", user: "basic", namespace: undefined, current: false },
      { name: "nobody", cluster: "Alpha", user: "", namespace: undefined, current: false },
      { name: "zeta", cluster: "zeta", user: "certs", namespace: "z", current: true },
    ]);
    expect(await editor.currentContext()).toBe("zeta");
  });

  it("lists a context without a cluster with an empty one, as kubectl does", async () => {
    const file = join(dir, "no-cluster");
    await writeFile(file, "apiVersion: v1\nkind: Config\ncontexts:\n- name: bare\n  context: {user: u}\n");
    expect(await new KubeConfigEditor({ kubeconfig: file }).contexts()).toEqual([
      { name: "bare", cluster: "", user: "u", namespace: undefined, current: false },
    ]);
  });

  it("an explicit file that does not exist yet reads as empty and is created by the first write", async () => {
    const fresh = new KubeConfigEditor({ kubeconfig: join(dir, "new", "config") });
    expect(await fresh.contexts()).toEqual([]);
    expect(await fresh.currentContext()).toBeUndefined();
    await fresh.setContext("c", { cluster: "c" });
    expect((await stat(join(dir, "new", "config"))).mode & 0o777).toBe(0o600);
  });

  it("set-namespace without a current context says so", async () => {
    await writeFile(file, "apiVersion: v1\nkind: Config\n");
    const error = (await editor.setNamespace("ns").catch((e: unknown) => e)) as KubeConfigError;
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.message).toBe("current-context is not set");
    expect(error.suggestions).toEqual(["choose one with `kr8s config use-context <name>`"]);
  });

  it("set-namespace of a current context that does not exist names it", async () => {
    await writeFile(file, "apiVersion: v1\nkind: Config\ncurrent-context: gone\n");
    await expect(editor.setNamespace("ns")).rejects.toThrow('no context exists with the name: "gone"');
  });

  it("renaming a context that is not current leaves current-context alone", async () => {
    await editor.renameContext("alpha", "first");
    const config = await read();
    expect(config.contexts?.map((c) => c.name)).toEqual(["zeta", "first", "nobody"]);
    expect(config["current-context"]).toBe("zeta");
    await expect(editor.renameContext("missing", "x")).rejects.toThrow(
      'no context exists with the name: "missing"',
    );
  });
});

describe("deleting", () => {
  it("removes a cluster or a user from the file and names a missing one with what exists", async () => {
    await editor.deleteCluster("zeta");
    await editor.deleteUser("basic");
    const config = await read();
    expect(config.clusters?.map((c) => c.name)).toEqual(["Alpha"]);
    expect(config.users?.map((u) => u.name)).toEqual(["certs", "inline"]);
    const error = (await editor.deleteUser("basic").catch((e: unknown) => e)) as KubeConfigError;
    expect(error.message).toBe('no user exists with the name: "basic"');
    expect(error.suggestions).toEqual(["available users: certs, inline"]);
    await expect(editor.deleteCluster("zeta")).rejects.toThrow('no cluster exists with the name: "zeta"');
  });
});

describe("fields that replace each other", () => {
  it("embedded CA data clears the CA file; both are stored, relative paths made absolute", async () => {
    await editor.setCluster("zeta", { "certificate-authority-data": "Q0E=" });
    expect((await read()).clusters?.[0]?.cluster).toEqual({
      server: "https://zeta.example:6443",
      "certificate-authority-data": "Q0E=",
    });
    await editor.setCluster("zeta", { "certificate-authority": "relative/ca.crt" });
    expect((await read()).clusters?.[0]?.cluster).toEqual({
      server: "https://zeta.example:6443",
      "certificate-authority": resolve("relative/ca.crt"),
    });
  });

  it("given both a CA file and data, keeps both (the caller asked for it)", async () => {
    await editor.setCluster("zeta", {
      "certificate-authority": "/ca.crt",
      "certificate-authority-data": "Q0E=",
    });
    expect((await read()).clusters?.[0]?.cluster).toMatchObject({
      "certificate-authority": "/ca.crt",
      "certificate-authority-data": "Q0E=",
    });
  });

  it("a certificate or key file clears its -data twin and the other way round; tokenFile is made absolute", async () => {
    await editor.setCredentials("inline", { "client-certificate": "c.crt", tokenFile: "t" });
    expect((await read()).users?.[2]?.user).toEqual({
      "client-certificate": resolve("c.crt"),
      "client-key-data": Buffer.from(KEY).toString("base64"),
      tokenFile: resolve("t"),
    });
    await editor.setCredentials("inline", { "client-key": "k.key" });
    await editor.setCredentials("certs", {
      "client-certificate-data": "Q0VSVA==",
      "client-key-data": "S0VZ",
    });
    const users = (await read()).users;
    expect(users?.[2]?.user).toEqual({
      "client-certificate": resolve("c.crt"),
      "client-key": resolve("k.key"),
      tokenFile: resolve("t"),
    });
    expect(users?.[1]?.user).toEqual({
      "client-certificate-data": "Q0VSVA==",
      "client-key-data": "S0VZ",
      token: "cert-user-token",
    });
  });

  it("null removes a field", async () => {
    await editor.setCredentials("certs", { token: null });
    expect((await read()).users?.[1]?.user).toEqual({
      "client-certificate": join(dir, "client.crt"),
      "client-key": join(dir, "client.key"),
    });
  });
});

describe("one kubeconfig file as a document", () => {
  it("refuses YAML that is not a mapping, naming the file", async () => {
    await writeFile(file, "- just\n- a list\n");
    await expect(KubeConfigDocument.open(file)).rejects.toThrow(
      new KubeConfigError("a kubeconfig must be a YAML mapping", { file }),
    );
  });

  it("refuses invalid YAML, naming the file and where", async () => {
    await writeFile(file, "apiVersion: v1\nclusters: [\n");
    const error = (await KubeConfigDocument.open(file).catch((e: unknown) => e)) as KubeConfigError;
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/^invalid YAML at line 3, column 1 \(/);
  });

  it("a file holding only null starts as an empty Config", async () => {
    await writeFile(file, "~\n");
    const document = await KubeConfigDocument.open(file);
    document.currentContext = "c";
    await document.save();
    expect(parse(await readFile(file, "utf8"))).toMatchObject({
      apiVersion: "v1",
      kind: "Config",
      contexts: [],
    });
  });

  it("deletes, renames and clears entries, reporting whether there was one", async () => {
    const document = await KubeConfigDocument.open(file);
    expect(document.delete("users", "missing")).toBe(false);
    expect(document.delete("users", "certs")).toBe(true);
    expect(document.rename("contexts", "nobody", "somebody")).toBe(true);
    expect(document.clear("clusters")).toBe(true);
    expect(document.clear("clusters")).toBe(false);
    await document.save();
    const saved = await read();
    expect(saved.users?.map((u) => u.name)).toEqual(["basic", "inline"]);
    expect(saved.contexts?.map((c) => c.name)).toEqual(["zeta", "alpha", "somebody"]);
    expect(saved.clusters).toEqual([]);

    await writeFile(file, "apiVersion: v1\nkind: Config\n");
    const bare = await KubeConfigDocument.open(file);
    expect(bare.clear("users")).toBe(false);
    expect(bare.rename("users", "a", "b")).toBe(false);
    const before = await stat(file);
    await bare.save();
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
  });

  it("creates a list that the file does not have when an entry is set in it", async () => {
    await writeFile(file, "apiVersion: v1\nkind: Config\n");
    const document = await KubeConfigDocument.open(file);
    document.set("contexts", "c", [{ path: ["cluster"], value: "x" }]);
    await document.save();
    expect(await readFile(file, "utf8")).toBe(
      "apiVersion: v1\nkind: Config\ncontexts:\n- name: c\n  context:\n    cluster: x\n",
    );
  });

  it("unsets one preference or all of them", async () => {
    await writeFile(file, "apiVersion: v1\nkind: Config\npreferences:\n  colors: true\n  extensions: []\n");
    const document = await KubeConfigDocument.open(file);
    document.unsetPreference(["colors"]);
    await document.save();
    expect(parse(await readFile(file, "utf8"))).toEqual({
      apiVersion: "v1",
      kind: "Config",
      preferences: { extensions: [] },
    });
    document.unsetPreference([]);
    await document.save();
    expect(parse(await readFile(file, "utf8"))).toEqual({
      apiVersion: "v1",
      kind: "Config",
      preferences: {},
    });
  });

  it("writes again after a save only when something changed since", async () => {
    await writeFile(file, "apiVersion: v1\nkind: Config\n");
    const document = await KubeConfigDocument.open(file);
    document.currentContext = "a";
    await document.save();
    await writeFile(file, "changed by someone else\n");
    await document.save();
    expect(await readFile(file, "utf8")).toBe("changed by someone else\n");
  });

  it("a file that cannot be read is reported as such", async () => {
    await expect(KubeConfigDocument.open(dir)).rejects.toThrow(
      new KubeConfigError("kubeconfig file cannot be read", { file: dir }),
    );
  });

  it("reads entries, an entry without a body as empty, and does not write when nothing changed", async () => {
    const document = await KubeConfigDocument.open(file);
    expect(document.has("users", "basic")).toBe(true);
    expect(document.has("users", "zeta")).toBe(false);
    expect(document.get("users", "basic")).toEqual({ username: "jane", password: "jane-password" });
    expect(document.get("users", "missing")).toBeUndefined();
    expect(document.delete("users", "missing")).toBe(false);
    expect(document.rename("users", "missing", "x")).toBe(false);
    expect(document.currentContext).toBe("zeta");
    const before = await stat(file);
    await document.save();
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);

    await writeFile(file, "users:\n- name: bare\ncurrent-context: ''\n");
    const bare = await KubeConfigDocument.open(file);
    expect(bare.get("users", "bare")).toEqual({});
    expect(bare.currentContext).toBeUndefined();
    expect(bare.delete("contexts", "x")).toBe(false);
    bare.set("users", "bare", [{ path: ["token"], value: "t" }]);
    await bare.save();
    expect(await readFile(file, "utf8")).toBe(
      "users:\n- name: bare\n  user:\n    token: t\ncurrent-context: ''\n",
    );
  });

  it("adds to an empty flow list in block style, and writes long values on one line", async () => {
    await writeFile(file, "apiVersion: v1\nkind: Config\nclusters: []\n");
    const document = await KubeConfigDocument.open(file);
    const long = "A".repeat(200);
    document.set("clusters", "c", [{ path: ["certificate-authority-data"], value: long }]);
    await document.save();
    expect(await readFile(file, "utf8")).toBe(
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    certificate-authority-data: ${long}\n`,
    );
  });

  it("an empty file starts as an empty Config", async () => {
    await writeFile(file, "");
    const document = await KubeConfigDocument.open(file);
    document.currentContext = "c";
    await document.save();
    expect(parse(await readFile(file, "utf8"))).toEqual({
      apiVersion: "v1",
      kind: "Config",
      preferences: {},
      clusters: [],
      users: [],
      contexts: [],
      "current-context": "c",
    });
  });

  it("stores refreshed OIDC tokens only for a user the file defines", async () => {
    await writeFile(
      file,
      "users:\n- name: sso # keep\n  user:\n    auth-provider:\n      name: oidc\n      config:\n        id-token: old\n",
    );
    await persistAuthProviderConfig(file, "sso", { "id-token": "new", "refresh-token": "r" });
    expect(await readFile(file, "utf8")).toBe(
      "users:\n- name: sso # keep\n  user:\n    auth-provider:\n      name: oidc\n      config:\n        id-token: new\n        refresh-token: r\n",
    );
    const before = await stat(file);
    await persistAuthProviderConfig(file, "other", { "id-token": "x" });
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
  });
});
