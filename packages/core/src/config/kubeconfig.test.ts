import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { KubeConfigError } from "../errors.ts";
import { isEmptyKubeConfig, kubeConfigLocations, loadKubeConfig, parseKubeConfig } from "./kubeconfig.ts";

const fixtures = fileURLToPath(new URL("../../test/fixtures/config/", import.meta.url));
const first = join(fixtures, "first", "config");
const second = join(fixtures, "second", "config");
const third = join(fixtures, "third", "config");

describe("merging kubeconfig files", () => {
  it("lets the first file that defines a name win, remembering where each entry came from", async () => {
    const config = await loadKubeConfig(undefined, { env: { KUBECONFIG: [first, second].join(delimiter) } });
    expect(config.files).toEqual([first, second]);
    expect(config.clusters.get("shared")?.value.server).toBe("https://first.example:6443");
    expect(config.clusters.get("shared")?.file).toBe(first);
    expect(config.clusters.get("only-second")?.file).toBe(second);
    expect(config.users.get("admin")?.value.token).toBeUndefined();
    expect(config.users.get("viewer")?.value.token).toBe("second-viewer-token");
    expect(config.contexts.get("shared")?.value).toMatchObject({
      cluster: "shared",
      namespace: "from-first",
    });
  });

  it("takes current-context from the first file that sets it", async () => {
    const config = await loadKubeConfig([first, second, third]);
    expect(config.currentContext).toBe("second");
    expect(config.currentContextFile).toBe(second);
    const reversed = await loadKubeConfig([third, second]);
    expect(reversed.currentContext).toBe("third");
  });

  it("resolves relative paths against the directory of the file that holds them", async () => {
    const config = await loadKubeConfig([second, first]);
    // second defines "shared" without a CA; first's relative CA must still resolve against first/.
    expect(config.clusters.get("only-first")?.file).toBe(first);
    expect(config.clusters.get("only-second")?.value["certificate-authority"]).toBe(
      join(fixtures, "second", "ca.crt"),
    );
    const admin = config.users.get("admin");
    expect(admin?.file).toBe(second);
    const fromFirst = await loadKubeConfig([first]);
    expect(fromFirst.users.get("admin")?.value).toMatchObject({
      "client-certificate": join(fixtures, "first", "certs", "client.crt"),
      "client-key": join(fixtures, "first", "certs", "client.key"),
    });
    expect(fromFirst.clusters.get("shared")?.value["certificate-authority"]).toBe(
      join(fixtures, "first", "ca.crt"),
    );
  });

  it("resolves an exec command only when it contains a path separator", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kr8s-kc-"));
    const file = join(dir, "config");
    await writeFile(
      file,
      [
        "users:",
        "- name: a",
        "  user: {exec: {command: ./bin/plugin, apiVersion: client.authentication.k8s.io/v1beta1}}",
        "- name: b",
        "  user: {exec: {command: aws, apiVersion: client.authentication.k8s.io/v1beta1}}",
      ].join("\n"),
    );
    const config = await loadKubeConfig(file);
    expect(config.users.get("a")?.value.exec?.command).toBe(join(dir, "bin", "plugin"));
    expect(config.users.get("b")?.value.exec?.command).toBe("aws");
  });

  it("ignores empty KUBECONFIG entries and files that do not exist, like kubectl", async () => {
    const env = { KUBECONFIG: ["", "/nonexistent/kr8s/config", "", second].join(delimiter) };
    expect(kubeConfigLocations({ env }).files).toEqual(["/nonexistent/kr8s/config", second]);
    const config = await loadKubeConfig(undefined, { env });
    expect(config.files).toEqual([second]);
    expect(config.currentContext).toBe("second");
  });

  it("falls back to ~/.kube/config when KUBECONFIG is unset or empty", () => {
    expect(kubeConfigLocations({ env: { KUBECONFIG: "" }, homeDir: "/home/jane" })).toStrictEqual({
      files: ["/home/jane/.kube/config"],
      explicit: false,
      origin: "default",
    });
  });

  it("says where the files came from: one explicit file must exist, a list or KUBECONFIG need not", () => {
    expect(kubeConfigLocations({ kubeconfig: "/a/config" })).toStrictEqual({
      files: ["/a/config"],
      explicit: true,
      origin: "explicit",
    });
    expect(kubeConfigLocations({ kubeconfig: ["/a/config", "/b/config", "/a/config"] })).toStrictEqual({
      files: ["/a/config", "/b/config"],
      explicit: false,
      origin: "explicit",
    });
    expect(
      kubeConfigLocations({ env: { KUBECONFIG: ["/a/config", "/a/config"].join(delimiter) } }),
    ).toStrictEqual({
      files: ["/a/config"],
      explicit: false,
      origin: "KUBECONFIG",
    });
  });

  it("takes preferences from the first file that sets any", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kr8s-kc-"));
    await writeFile(join(dir, "a"), "preferences: {}\n");
    await writeFile(join(dir, "b"), "preferences:\n  colors: true\n");
    const config = await loadKubeConfig([join(dir, "a"), join(dir, "b")]);
    expect(config.preferences).toEqual({ colors: true });
  });

  it("is empty only when it defines no cluster, user, context or current context", async () => {
    expect(isEmptyKubeConfig(await loadKubeConfig({}))).toBe(true);
    expect(isEmptyKubeConfig(await loadKubeConfig({ users: [{ name: "u", user: {} }] }))).toBe(false);
    expect(
      isEmptyKubeConfig(await loadKubeConfig({ contexts: [{ name: "x", context: { cluster: "c" } }] })),
    ).toBe(false);
    expect(isEmptyKubeConfig(await loadKubeConfig({ clusters: [{ name: "c", cluster: {} }] }))).toBe(false);
    expect(isEmptyKubeConfig(await loadKubeConfig({ "current-context": "x" }))).toBe(false);
  });

  it("accepts an already parsed kubeconfig object", async () => {
    const config = await loadKubeConfig({
      clusters: [{ name: "c", cluster: { server: "https://c.example" } }],
      contexts: [{ name: "x", context: { cluster: "c" } }],
      "current-context": "x",
    });
    expect(config.files).toEqual([]);
    expect(config.currentContext).toBe("x");
    expect(config.clusters.get("c")?.file).toBeUndefined();
  });
});

describe("broken kubeconfig input", () => {
  it("refuses *-data that is neither base64 nor PEM, as kubectl, naming the field but never the value", async () => {
    const object = {
      clusters: [{ name: "c", cluster: { server: "https://c", "certificate-authority-data": "s3cr3t!!" } }],
    };
    const error = (await loadKubeConfig(object as never).catch((e: unknown) => e)) as KubeConfigError;
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.message).toBe(
      "illegal base64 data at input byte 6 (clusters[c].certificate-authority-data)",
    );
    expect(error.message).not.toContain("s3cr3t");
    // Raw PEM stays accepted (kr8s's leniency), and so does base64 with line breaks (Go skips them).
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    for (const data of [pem, "YWJj\nZGVm"]) {
      const ok = {
        clusters: [{ name: "c", cluster: { server: "https://c", "certificate-authority-data": data } }],
      };
      await expect(loadKubeConfig(ok as never)).resolves.toBeDefined();
    }
  });

  it("reports an explicitly given file that does not exist, naming it", async () => {
    const error = await loadKubeConfig("/nonexistent/kr8s/explicit").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeConfigError);
    expect((error as KubeConfigError).file).toBe("/nonexistent/kr8s/explicit");
    expect((error as KubeConfigError).message).toContain("/nonexistent/kr8s/explicit");
  });

  it("reports invalid YAML with the file and position, without echoing its content", async () => {
    const bad = join(fixtures, "bad.yaml");
    const error = await loadKubeConfig([second, bad]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeConfigError);
    expect((error as KubeConfigError).file).toBe(bad);
    expect((error as KubeConfigError).message).toMatch(/invalid YAML at line \d+/);
    expect((error as KubeConfigError).message).not.toContain("sekrit-token-in-bad-yaml");
  });

  it("counts the line of a YAML error from the start of the text, not its end", () => {
    let error: unknown;
    try {
      parseKubeConfig("apiVersion: v1\nkind: Config\nkind: Config\nclusters: []\nusers: []\n", "/k");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KubeConfigError);
    expect((error as Error).message).toBe("invalid YAML at line 3, column 1 (DUPLICATE_KEY) (/k)");
    expect(() => parseKubeConfig("kind: Secret\n", "/k")).toThrow(
      new KubeConfigError("a kubeconfig's kind must be Config", { file: "/k", field: "kind" }),
    );
  });

  it("rejects a document with the wrong shape, naming the field", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kr8s-kc-"));
    const file = join(dir, "config");
    await writeFile(file, "clusters: {name: x}\n");
    const error = (await loadKubeConfig(file).catch((e: unknown) => e)) as KubeConfigError;
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.file).toBe(file);
    expect(error.field).toBe("clusters");
  });

  it("reads an in-memory kubeconfig the same way, leaving the caller's object as it was", async () => {
    const object = {
      clusters: [{ name: "c", cluster: { server: "https://c.example", "proxy-url": null } }],
      users: [{ name: "u", user: { exec: { command: "x", apiVersion: "v", interactiveMode: null } } }],
      contexts: [{ name: "x", context: { cluster: "c", user: "u" } }],
    };
    const before = structuredClone(object);
    const config = await loadKubeConfig(object as never);
    expect(config.clusters.get("c")?.value).toEqual({ server: "https://c.example" });
    expect(config.users.get("u")?.value.exec).toEqual({ command: "x", apiVersion: "v" });
    expect(object).toEqual(before);

    const wrong = { users: [{ name: "u", user: { exec: { command: "x", args: "--token=abc" } } }] };
    const error = (await loadKubeConfig(wrong as never).catch((e: unknown) => e)) as KubeConfigError;
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.field).toBe("users[u].exec.args");
    expect(error.message).toBe("must be a list, not a string (users[u].exec.args)");
  });

  it("reads !!binary in any string field as the text of its bytes, e.g. an OIDC CA", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kr8s-kc-"));
    const file = join(dir, "config");
    const inner = Buffer.from("PEM-as-base64").toString("base64");
    await writeFile(
      file,
      [
        "users:",
        "- name: u",
        "  user:",
        "    auth-provider:",
        "      name: oidc",
        "      config:",
        `        idp-certificate-authority-data: !!binary ${Buffer.from(inner).toString("base64")}`,
      ].join("\n"),
    );
    const config = await loadKubeConfig(file);
    expect(config.users.get("u")?.value["auth-provider"]?.config).toEqual({
      "idp-certificate-authority-data": inner,
    });
  });

  it("says which type a field needs and hints at quoting when YAML 1.1 made text a number", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kr8s-kc-"));
    const file = join(dir, "config");
    await writeFile(file, "contexts:\n- name: x\n  context: {cluster: c, namespace: 0755}\n");
    const error = (await loadKubeConfig(file).catch((e: unknown) => e)) as KubeConfigError;
    expect(error.message).toBe(
      `must be a string, not a number (quote it to make it text) (${file}: contexts[x].namespace)`,
    );
  });

  it("treats an empty file as an empty kubeconfig", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kr8s-kc-"));
    const file = join(dir, "config");
    await writeFile(file, "");
    const config = await loadKubeConfig(file);
    expect(config.contexts.size).toBe(0);
  });
});
