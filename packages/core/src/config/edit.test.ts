import { chmod, lstat, mkdir, mkdtemp, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { KubeConfigError } from "../errors.ts";
import { createKubeConfigEditor, KubeConfigEditor } from "./edit.ts";
import type { KubeConfigObject } from "./kubeconfig.ts";

const PEM = "-----BEGIN CERTIFICATE-----\nZmFrZQ==\n-----END CERTIFICATE-----\n";

let dir: string;
let fileA: string;
let fileB: string;
let editor: KubeConfigEditor;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kr8s-edit-"));
  fileA = join(dir, "a.yaml");
  fileB = join(dir, "b.yaml");
  await writeFile(
    fileA,
    [
      "# file A: hand-written, comments must survive",
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      "- name: dev # the dev cluster",
      "  cluster:",
      "    server: https://dev.example:6443",
      "    certificate-authority-data: " + Buffer.from(PEM).toString("base64"),
      "users:",
      "- name: dev-admin",
      "  user:",
      "    token: dev-admin-secret-token",
      "contexts:",
      "- name: dev",
      "  context:",
      "    cluster: dev",
      "    user: dev-admin",
      "    x-vendor-field: keep-me",
      "x-top-level: also kept",
      "",
    ].join("\n"),
  );
  await chmod(fileA, 0o640);
  await writeFile(
    fileB,
    [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      "- name: prod",
      "  cluster: {server: 'https://prod.example:6443'}",
      "users:",
      "- name: prod-user",
      "  user:",
      "    client-certificate-data: " + Buffer.from(PEM).toString("base64"),
      "    client-key-data: c2VjcmV0",
      "contexts:",
      "- name: prod",
      "  context: {cluster: prod, user: prod-user, namespace: shop}",
      "current-context: prod # from B",
      "",
    ].join("\n"),
  );
  editor = new KubeConfigEditor({
    env: { KUBECONFIG: [join(dir, "missing.yaml"), fileA, fileB].join(delimiter) },
  });
});

const read = async (file: string): Promise<KubeConfigObject> =>
  parse(await readFile(file, "utf8")) as KubeConfigObject;

describe("kubeconfig editing", () => {
  it("views the merged config with secrets redacted unless raw", async () => {
    const view = await editor.view();
    expect(view["current-context"]).toBe("prod");
    expect(view.contexts?.map((c) => c.name)).toEqual(["dev", "prod"]);
    expect(view.users?.find((u) => u.name === "dev-admin")?.user.token).toBe("REDACTED");
    expect(view.users?.find((u) => u.name === "prod-user")?.user).toMatchObject({
      "client-certificate-data": "DATA+OMITTED",
      "client-key-data": "DATA+OMITTED",
    });
    expect(view.clusters?.find((c) => c.name === "dev")?.cluster["certificate-authority-data"]).toBe(
      "DATA+OMITTED",
    );
    expect(JSON.stringify(view)).not.toContain("dev-admin-secret-token");

    const raw = await editor.view({ raw: true });
    expect(raw.users?.find((u) => u.name === "dev-admin")?.user.token).toBe("dev-admin-secret-token");

    const minified = await editor.view({ minify: true });
    expect(minified.clusters?.map((c) => c.name)).toEqual(["prod"]);
    expect(minified.users?.map((u) => u.name)).toEqual(["prod-user"]);
  });

  it("use-context writes current-context to the first existing file, keeping comments, unknown fields and mode", async () => {
    await editor.useContext("dev");
    expect(await editor.currentContext()).toBe("dev");
    const text = await readFile(fileA, "utf8");
    expect(text).toContain("# file A: hand-written, comments must survive");
    expect(text).toContain("- name: dev # the dev cluster");
    expect(text).toContain("x-vendor-field: keep-me");
    expect(text).toContain("x-top-level: also kept");
    expect(text).toContain("current-context: dev");
    expect((await stat(fileA)).mode & 0o777).toBe(0o640);
    expect((await read(fileB))["current-context"]).toBe("prod");
  });

  it("use-context of an unknown context fails, listing the available ones", async () => {
    const error = (await editor.useContext("nope").catch((e: unknown) => e)) as KubeConfigError;
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.suggestions.join(" ")).toContain("dev, prod");
  });

  it("set-namespace changes the current context in the file that defines it", async () => {
    await editor.setNamespace("payments");
    expect((await read(fileB)).contexts?.[0]?.context).toEqual({
      cluster: "prod",
      user: "prod-user",
      namespace: "payments",
    });
    expect(await readFile(fileB, "utf8")).toContain("current-context: prod # from B");
    expect((await read(fileA)).contexts?.[0]?.context.namespace).toBeUndefined();
  });

  it("changes an existing entry in its own file and adds new entries to the first existing file", async () => {
    await editor.setCredentials("prod-user", { token: "new-token" });
    await editor.setCluster("staging", {
      server: "https://staging.example",
      "insecure-skip-tls-verify": true,
    });
    await editor.setContext("staging", { cluster: "staging", user: "prod-user", namespace: "qa" });

    const b = await read(fileB);
    expect(b.users?.[0]?.user).toMatchObject({ token: "new-token", "client-key-data": "c2VjcmV0" });
    const a = await read(fileA);
    expect(a.clusters?.map((c) => c.name)).toEqual(["dev", "staging"]);
    expect(a.clusters?.[1]?.cluster).toEqual({
      server: "https://staging.example",
      "insecure-skip-tls-verify": true,
    });
    expect(a.contexts?.[1]).toEqual({
      name: "staging",
      context: { cluster: "staging", user: "prod-user", namespace: "qa" },
    });
    expect(await readFile(fileA, "utf8")).toContain("# file A: hand-written, comments must survive");
  });

  it("a certificate file replaces embedded data, written relative to the kubeconfig's folder when inside it", async () => {
    await editor.setCluster("dev", { "certificate-authority": join(dir, "certs", "ca.crt") });
    const cluster = (await read(fileA)).clusters?.[0]?.cluster;
    expect(cluster?.["certificate-authority"]).toBe(join("certs", "ca.crt"));
    expect(cluster?.["certificate-authority-data"]).toBeUndefined();
    // Outside the folder (a `../` would be needed): absolute, as client-go's RelativizePathWithNoBacksteps.
    await editor.setCluster("dev", { "certificate-authority": join(dir, "..", "ca.crt") });
    expect((await read(fileA)).clusters?.[0]?.cluster["certificate-authority"]).toBe(
      join(dir, "..", "ca.crt"),
    );
    // Relative to the working directory, as given on a command line.
    await editor.setCluster("dev", { "certificate-authority": "ca.crt" });
    expect((await read(fileA)).clusters?.[0]?.cluster["certificate-authority"]).toBe(
      join(process.cwd(), "ca.crt"),
    );
    await editor.setCluster("dev", { "tls-server-name": null, server: "https://dev2.example" });
    expect((await read(fileA)).clusters?.[0]?.cluster.server).toBe("https://dev2.example");
  });

  it("writes a user's files and an exec command path relative to the kubeconfig's folder, as kubectl", async () => {
    await editor.setCredentials("new", {
      "client-certificate": join(dir, "u.crt"),
      "client-key": join(dir, "keys", "u.key"),
      tokenFile: "/etc/token",
      // An exec command with a separator is relative to the kubeconfig's folder, not the working directory.
      exec: { command: "./bin/plugin", apiVersion: "client.authentication.k8s.io/v1" },
    });
    const user = (await read(fileA)).users?.find((u) => u.name === "new")?.user;
    expect(user).toMatchObject({
      "client-certificate": "u.crt",
      "client-key": join("keys", "u.key"),
      tokenFile: "/etc/token",
      exec: { command: join("bin", "plugin") },
    });
    // A command on the PATH stays a bare name.
    await editor.setCredentials("new", { exec: { command: "aws", apiVersion: "v1" } });
    expect((await read(fileA)).users?.find((u) => u.name === "new")?.user.exec?.command).toBe("aws");
  });

  it("renames a context in its file and moves current-context along", async () => {
    await editor.renameContext("prod", "production");
    expect((await read(fileB)).contexts?.map((c) => c.name)).toEqual(["production"]);
    // current-context goes where new entries go (client-go's writeCurrentContext): the first existing file.
    expect((await read(fileA))["current-context"]).toBe("production");
    expect(await editor.currentContext()).toBe("production");
    await expect(editor.renameContext("dev", "production")).rejects.toThrow(/already exists/);
  });

  it("deletes a context from the file that defines it and says whether it was current", async () => {
    expect(await editor.deleteContext("prod")).toEqual({ wasCurrent: true });
    expect((await read(fileB)).contexts).toEqual([]);
    expect(await editor.deleteContext("dev")).toEqual({ wasCurrent: false });
    expect((await read(fileA)).contexts).toEqual([]);
  });

  it("creates the last listed file (mode 0600) when none exists, as client-go's GetDefaultFilename does", async () => {
    const fresh = join(dir, "nested", "new.yaml");
    const empty = new KubeConfigEditor({
      env: { KUBECONFIG: [join(dir, "other.yaml"), fresh].join(delimiter) },
    });
    await empty.setCluster("c", { server: "https://c" });
    await empty.setContext("c", { cluster: "c" });
    await empty.useContext("c");
    expect((await stat(fresh)).mode & 0o777).toBe(0o600);
    expect(await read(fresh)).toMatchObject({
      apiVersion: "v1",
      kind: "Config",
      "current-context": "c",
      contexts: [{ name: "c" }],
    });
  });

  it("with an explicit file, reads and writes only that file", async () => {
    const explicit = new KubeConfigEditor({ kubeconfig: fileA, env: { KUBECONFIG: fileB } });
    expect(await explicit.currentContext()).toBeUndefined();
    await explicit.useContext("dev");
    expect((await read(fileA))["current-context"]).toBe("dev");
    expect((await read(fileB))["current-context"]).toBe("prod");
  });
});

describe("view --flatten", () => {
  it("names the field of a referenced file that is missing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kr8s-flatten-"));
    const file = join(dir, "config");
    await writeFile(
      file,
      "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://h\n    certificate-authority: missing-ca.crt\n",
    );
    const error = await createKubeConfigEditor({ kubeconfig: file })
      .view({ flatten: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeConfigError);
    expect((error as KubeConfigError).message).toContain(join(dir, "missing-ca.crt"));
    expect((error as KubeConfigError).field).toBe("certificate-authority");
  });
});

describe("unset (kubectl config unset)", () => {
  it("removes a field of an entry in the file that defines it, keeping the rest of that file", async () => {
    await editor.unset("contexts.prod.namespace");
    expect((await read(fileB)).contexts?.[0]?.context).toEqual({ cluster: "prod", user: "prod-user" });
    await editor.unset("users.dev-admin.token");
    const text = await readFile(fileA, "utf8");
    expect(text).not.toContain("dev-admin-secret-token");
    expect(text).toContain("# file A: hand-written, comments must survive");
    expect(text).toContain("x-vendor-field: keep-me");
  });

  it("reads a path whose last word is no field as kubectl does: an entry's name (`contexts.dev.x` is context dev.x)", async () => {
    const before = await readFile(fileA, "utf8");
    await editor.unset("contexts.dev.x-vendor-field");
    expect(await readFile(fileA, "utf8")).toBe(before);
  });

  it("removes an entry (a missing one is no error), a whole list, or current-context where it is set", async () => {
    await editor.unset("users.prod-user");
    await editor.unset("users.nobody");
    expect((await read(fileB)).users).toEqual([]);
    await editor.unset("clusters");
    expect((await read(fileA)).clusters).toEqual([]);
    expect((await read(fileB)).clusters).toEqual([]);
    await editor.unset("current-context");
    expect((await read(fileB))["current-context"]).toBe("");
  });

  it("a name with dots matches the longest existing name", async () => {
    await editor.setContext("team", { cluster: "dev", namespace: "t" });
    await editor.setContext("team.dev", { cluster: "dev", namespace: "n" });
    await editor.unset("contexts.team.dev.namespace");
    const contexts = await editor.contexts();
    expect(contexts.find((c) => c.name === "team.dev")?.namespace).toBeUndefined();
    expect(contexts.find((c) => c.name === "team")?.namespace).toBe("t");
  });

  it("names the impersonation fields as kubectl does (act-as), and refuses a path past a value", async () => {
    await editor.set("users.dev-admin.act-as", "someone");
    await editor.unset("users.dev-admin.act-as");
    expect((await read(fileA)).users?.[0]?.user).toEqual({ token: "dev-admin-secret-token" });
    await expect(editor.unset("contexts.prod.namespace.deep")).rejects.toThrow(
      "unable to parse one or more field values of contexts.prod.namespace.deep",
    );
    await expect(editor.unset("current-context.x")).rejects.toThrow(
      "unable to parse one or more field values of current-context.x",
    );
  });

  it("refuses a field of a missing entry and a path that names nothing, in kubectl's words", async () => {
    await expect(editor.unset("clusters.nope.server")).rejects.toThrow("current map key `nope` is invalid");
    await expect(editor.unset("bogus")).rejects.toThrow("unable to parse bogus after [] at api.Config");
  });
});

describe("set (kubectl config set)", () => {
  it("sets a field of an entry in the file that defines it; a new entry goes to the default file", async () => {
    await editor.set("contexts.prod.namespace", "web");
    await editor.set("clusters.dev.insecure-skip-tls-verify", "T");
    await editor.set("users.dev-admin.act-as", "someone");
    await editor.set("clusters.new.one.server", "https://new.example");
    await editor.set("clusters.server.server", "https://server.example");
    expect((await read(fileB)).contexts?.[0]?.context).toMatchObject({ namespace: "web" });
    const a = await read(fileA);
    expect(a.clusters?.[0]?.cluster).toMatchObject({ "insecure-skip-tls-verify": true });
    expect(a.users?.[0]?.user).toMatchObject({ as: "someone", token: "dev-admin-secret-token" });
    expect(a.clusters?.[1]).toEqual({ name: "new.one", cluster: { server: "https://new.example" } });
    expect(a.clusters?.[2]).toEqual({ name: "server", cluster: { server: "https://server.example" } });
    expect(await readFile(fileA, "utf8")).toContain("# file A: hand-written, comments must survive");
  });

  it("sets current-context in the first existing file, preferences in the first listed file (client-go's rules)", async () => {
    await editor.set("current-context", "dev");
    expect((await read(fileA))["current-context"]).toBe("dev");
    expect((await read(fileB))["current-context"]).toBe("prod");
    expect(await editor.currentContext()).toBe("dev");
    // client-go's writePreferences: the first listed file whose own preferences differ, created if missing.
    await editor.set("preferences.colors", "true");
    expect((await read(join(dir, "missing.yaml"))).preferences).toEqual({ colors: true });
    await editor.unset("preferences.colors");
    expect((await read(join(dir, "missing.yaml"))).preferences).toEqual({});
  });

  it("writes through a symlinked kubeconfig, keeping the link (a dangling link's target is created)", async () => {
    const real = join(dir, "dotfiles", "kube.yaml");
    await mkdir(join(dir, "dotfiles"));
    await writeFile(real, await readFile(fileA, "utf8"));
    const link = join(dir, "linked.yaml");
    await symlink(join("dotfiles", "kube.yaml"), link);
    await new KubeConfigEditor({ kubeconfig: link }).useContext("dev");
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect((await read(real))["current-context"]).toBe("dev");
    const dangling = join(dir, "dangling.yaml");
    await symlink("nowhere/new.yaml", dangling);
    await new KubeConfigEditor({ kubeconfig: dangling }).setCluster("c", { server: "https://c" });
    expect((await lstat(dangling)).isSymbolicLink()).toBe(true);
    expect((await read(join(dir, "nowhere", "new.yaml"))).clusters?.[0]?.name).toBe("c");
  });

  it("writes nothing when current-context or the preferences already are what is asked", async () => {
    const before = [await readFile(fileA, "utf8"), await readFile(fileB, "utf8")];
    await editor.useContext("prod");
    await editor.set("current-context", "prod");
    await editor.unset("preferences.colors");
    await editor.set("preferences.colors", "false");
    expect([await readFile(fileA, "utf8"), await readFile(fileB, "utf8")]).toEqual(before);
    await expect(stat(join(dir, "missing.yaml"))).rejects.toThrow(/ENOENT/);
  });

  it("takes base64 for *-data fields, or the value's own bytes with rawBytes", async () => {
    await editor.set("users.prod-user.client-key-data", "aGk=");
    expect((await read(fileB)).users?.[0]?.user?.["client-key-data"]).toBe("aGk=");
    await editor.set("users.prod-user.client-key-data", "hi there", { rawBytes: true });
    expect((await read(fileB)).users?.[0]?.user?.["client-key-data"]).toBe(
      Buffer.from("hi there").toString("base64"),
    );
    await expect(editor.set("users.prod-user.client-key-data", "hello")).rejects.toThrow(
      "error decoding input value: illegal base64 data at input byte 4",
    );
  });

  it.each([
    ["bogus", "x", "unable to parse bogus after [] at api.Config"],
    ["clusters", "x", "can't set a map to a value: map[dev prod]"],
    ["clusters.dev.bogus", "x", "can't set a map to a value: map[dev prod]"],
    // The first word after the list is always (part of) a name, even when it is also a field's name.
    ["contexts.namespace", "x", "can't set a map to a value: map[dev prod]"],
    [
      "contexts.dev.namespace.deep",
      "x",
      "unable to parse one or more field values of contexts.dev.namespace.deep",
    ],
    ["users.dev-admin.act-as-groups", "x", "unrecognized slice type. string"],
    // The internal type kubectl walks says `act-as`; `as` is only the file's name for it.
    ["users.dev-admin.as", "x", "can't set a map to a value: map[dev-admin prod-user]"],
    ["users.dev-admin.exec", "x", "unable to parse one or more field values of users.dev-admin.exec"],
    ["preferences.colors", "maybe", 'strconv.ParseBool: parsing "maybe": invalid syntax'],
    ["preferences.bogus", "x", "unable to parse preferences.bogus after [{preferences}] at api.Preferences"],
    ["contexts.dev.namespace", "", "you cannot use set to unset a property"],
  ])("refuses %s=%j in kubectl's words", async (property, value, message) => {
    const before = [await readFile(fileA, "utf8"), await readFile(fileB, "utf8")];
    await expect(editor.set(property, value)).rejects.toThrow(message);
    expect([await readFile(fileA, "utf8"), await readFile(fileB, "utf8")]).toEqual(before);
  });
});

describe("defaultFile (client-go's GetDefaultFilename)", () => {
  it("is the first existing KUBECONFIG file, else the last listed, else the explicit file", async () => {
    expect(await editor.defaultFile()).toBe(fileA);
    const none = new KubeConfigEditor({
      env: { KUBECONFIG: [join(dir, "x"), join(dir, "y")].join(delimiter) },
    });
    expect(await none.defaultFile()).toBe(join(dir, "y"));
    expect(await new KubeConfigEditor({ kubeconfig: fileB, env: {} }).defaultFile()).toBe(fileB);
  });
});
