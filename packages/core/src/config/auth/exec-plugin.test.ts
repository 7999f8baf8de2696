// createExecCredentialSource and parseExecCredential on their own (exec.test.ts drives plugins through
// resolveConnection): configuration errors, what the plugin is handed, how it fails, what its output may be.
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuthenticationError, KubeConfigError } from "../../errors.ts";
import type { KubeConfigExec } from "../kubeconfig.ts";
import {
  clearExecCredentialCache,
  createExecCredentialSource,
  type ExecCredentialOptions,
  parseExecCredential,
} from "./exec.ts";

const V1 = "client.authentication.k8s.io/v1";
const V1BETA1 = "client.authentication.k8s.io/v1beta1";

// Records its environment and argv, writes "plugin-stderr" to stderr, prints a token credential.
const PLUGIN = `
const fs = require("node:fs");
fs.writeFileSync(process.env.OUT, JSON.stringify({ env: process.env, argv: process.argv.slice(2) }));
fs.appendFileSync(process.env.OUT + ".runs", "x");
process.stderr.write("plugin-stderr");
if (process.env.DIE) process.kill(process.pid, process.env.DIE);
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
const status = { token: "tok" };
if (process.env.EXPIRES_IN_MS) status.expirationTimestamp = new Date(Date.now() + Number(process.env.EXPIRES_IN_MS)).toISOString();
process.stdout.write(JSON.stringify({ apiVersion: info.apiVersion, kind: "ExecCredential", status }));
`;

let dir: string;
let plugin: string;
let out: string;
beforeEach(async () => {
  clearExecCredentialCache();
  dir = await mkdtemp(join(tmpdir(), "kr8s-exec-plugin-"));
  plugin = join(dir, "plugin");
  out = join(dir, "out.json");
  await writeFile(plugin, `#!${process.execPath}\n${PLUGIN}`, { mode: 0o755 });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

type Extra = Partial<Pick<ExecCredentialOptions, "interactive" | "cluster" | "refreshMarginMs">> & {
  stderr?: PassThrough;
  env?: Record<string, string>;
};

function source(exec: Partial<KubeConfigExec>, extra: Extra = {}) {
  const { stderr, env, ...rest } = extra;
  return createExecCredentialSource({
    exec: { command: plugin, apiVersion: V1, interactiveMode: "Never", ...exec },
    userName: "u",
    file: "/kube/config",
    env: { OUT: out, PATH: process.env.PATH ?? "", ...env },
    stderr: stderr ?? new PassThrough(),
    ...rest,
  });
}

const runs = async (): Promise<number> => (await readFile(`${out}.runs`, "utf8").catch(() => "")).length;

const recorded = async (): Promise<{ env: Record<string, string>; argv: string[] }> =>
  JSON.parse(await readFile(out, "utf8")) as never;
const execInfo = async (): Promise<{ spec: { interactive: boolean } }> =>
  JSON.parse((await recorded()).env.KUBERNETES_EXEC_INFO ?? "") as never;

describe("createExecCredentialSource: configuration errors name the field and the file", () => {
  it.each([
    ["an empty command", { command: "" }, "users[u].exec.command", "exec plugin has no command"],
    [
      "a command that is not a string",
      { command: 42 },
      "users[u].exec.command",
      "exec plugin has no command",
    ],
    [
      "v1 without interactiveMode",
      { interactiveMode: undefined },
      "users[u].exec.interactiveMode",
      "interactiveMode is required by client.authentication.k8s.io/v1 (Never, IfAvailable or Always)",
    ],
    [
      "an unknown apiVersion",
      { apiVersion: "v2" },
      "users[u].exec.apiVersion",
      "exec plugin apiVersion must be one of client.authentication.k8s.io/v1",
    ],
    [
      "an unknown interactiveMode",
      { interactiveMode: "Sometimes" },
      "users[u].exec.interactiveMode",
      "interactiveMode must be Never, IfAvailable or Always",
    ],
  ])("%s", (_name, exec, field, message) => {
    let error: unknown;
    try {
      source(exec as Partial<KubeConfigExec>);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error).toMatchObject({ field, file: "/kube/config" });
    expect((error as Error).message).toContain(message);
  });
});

describe("createExecCredentialSource: what the plugin is handed", () => {
  it("v1beta1 without interactiveMode means IfAvailable: interactive is true at a terminal", async () => {
    const withoutMode = {
      apiVersion: V1BETA1,
      interactiveMode: undefined,
    } as unknown as Partial<KubeConfigExec>;
    await source(withoutMode, { interactive: true }).get();
    expect((await execInfo()).spec.interactive).toBe(true);
  });

  it("interactiveMode Never tells the plugin interactive: false even at a terminal", async () => {
    await source({ interactiveMode: "Never" }, { interactive: true }).get();
    expect((await execInfo()).spec.interactive).toBe(false);
  });

  it("Always at a terminal runs the plugin", async () => {
    expect((await source({ interactiveMode: "Always" }, { interactive: true }).get()).token).toBe("tok");
    expect((await execInfo()).spec.interactive).toBe(true);
  });

  it("passes args and exec.env (a null value as empty, a nameless entry skipped) on top of the environment", async () => {
    await source({
      args: ["--region", "eu"],
      env: [
        { name: "EXTRA", value: "1" },
        { name: "EMPTY", value: null as unknown as string },
        { name: "", value: "nameless" },
      ],
    }).get();
    const { env, argv } = await recorded();
    expect(argv).toEqual(["--region", "eu"]);
    expect(env.EXTRA).toBe("1");
    expect(env.EMPTY).toBe("");
    expect(env.OUT).toBe(out);
    expect(Object.values(env)).not.toContain("nameless");
  });

  it("copies the plugin's stderr to the given stream", async () => {
    const stderr = new PassThrough();
    const chunks: Buffer[] = [];
    stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    await source({}, { stderr }).get();
    expect(Buffer.concat(chunks).toString()).toBe("plugin-stderr");
    // The stream is the caller's (the process's stderr by default): one plugin run must not end it.
    expect(stderr.writableEnded).toBe(false);
  });

  it("hands the cluster to the plugin only with provideClusterInfo, and keeps each cluster's credential apart", async () => {
    const cluster = { server: "https://a.example:6443" };
    await source({ provideClusterInfo: true }, { cluster }).get();
    expect(await execInfo()).toMatchObject({ spec: { interactive: false, cluster } });
    const other = source({ provideClusterInfo: true }, { cluster: { server: "https://b.example:6443" } });
    expect(other).not.toBe(source({ provideClusterInfo: true }, { cluster }));
    expect(source({ provideClusterInfo: true }, { cluster: { ...cluster } })).toBe(
      source({ provideClusterInfo: true }, { cluster }),
    );
    clearExecCredentialCache();
    await source({}, { cluster }).get();
    expect((await execInfo()).spec).toStrictEqual({ interactive: false });
  });

  it("clearExecCredentialCache forgets the shared sources: the next one runs the plugin again", async () => {
    const first = source({});
    await first.get();
    expect(source({})).toBe(first);
    clearExecCredentialCache();
    const next = source({});
    expect(next).not.toBe(first);
    await next.get();
    expect(await runs()).toBe(2);
  });

  it("refreshMarginMs runs the plugin again that long before the credential expires; by default it is reused", async () => {
    const env = { EXPIRES_IN_MS: "60000" };
    const reused = source({}, { env });
    await reused.get();
    await reused.get();
    expect(await runs()).toBe(1);
    clearExecCredentialCache();
    const early = source({}, { env, refreshMarginMs: 120_000 });
    await early.get();
    await early.get();
    expect(await runs()).toBe(3);
  });

  it("users whose exec env differs get their own plugin run and credential cache", () => {
    const a = source({ env: [{ name: "A", value: "1" }] });
    const b = source({ env: [{ name: "A", value: "2" }] });
    const again = source({ env: [{ name: "A", value: "1" }] });
    expect(a).not.toBe(b);
    expect(again).toBe(a);
    expect(a.id).toMatch(/^exec:/);
    expect(a.id).not.toBe(b.id);
  });
});

describe("createExecCredentialSource: a plugin that cannot run or dies", () => {
  it("a command not found, without an installHint, suggests installing it", async () => {
    const error = (await source({ command: join(dir, "missing-plugin") })
      .get()
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe(`exec plugin: executable ${join(dir, "missing-plugin")} not found`);
    expect(error.suggestions).toEqual([`install ${join(dir, "missing-plugin")} or put it on your PATH`]);
  });

  it("a command not found with an installHint (a YAML block, so a trailing newline) prints and suggests it trimmed", async () => {
    const missing = join(dir, "missing-plugin");
    const error = (await source({ command: missing, installHint: "  brew install it\n" })
      .get()
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error.message).toBe(
      `exec plugin: executable ${missing} not found\n\nIt looks like you are trying to use a client-go credential plugin that is not installed.\n\nbrew install it`,
    );
    expect(error.suggestions).toEqual(["brew install it"]);
    expect((error.cause as NodeJS.ErrnoException).code).toBe("ENOENT");
  });

  it("a file that is not executable says so", async () => {
    await chmod(plugin, 0o644);
    const error = (await source({})
      .get()
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe(`exec plugin ${plugin} is not executable`);
    expect((error.cause as NodeJS.ErrnoException).code).toBe("EACCES");
  });

  it("a path through a file (ENOTDIR, which spawn throws rather than emits) is an AuthenticationError too", async () => {
    const command = join(plugin, "inside");
    const error = (await source({ command })
      .get()
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe(`exec plugin ${command} could not be started (ENOTDIR)`);
    expect((error.cause as NodeJS.ErrnoException).code).toBe("ENOTDIR");
  });

  it("a plugin killed by a signal says which", async () => {
    const killed = createExecCredentialSource({
      exec: { command: plugin, apiVersion: V1, interactiveMode: "Never" },
      userName: "u",
      env: { OUT: out, DIE: "SIGTERM" },
      stderr: new PassThrough(),
    });
    await expect(killed.get()).rejects.toThrow(`exec plugin ${plugin} was killed by SIGTERM`);
  });
});

describe("parseExecCredential", () => {
  const exec = { command: "aws", apiVersion: V1 };
  const credential = (status: unknown, extra: object = {}): string =>
    JSON.stringify({ apiVersion: V1, kind: "ExecCredential", status, ...extra });

  it.each([
    ["not JSON", "token: abc", "did not print an ExecCredential as JSON"],
    ["JSON null", "null", "did not print an ExecCredential object"],
    ["a JSON number", "42", "did not print an ExecCredential object"],
    ["no apiVersion", JSON.stringify({ kind: "ExecCredential" }), "returned apiVersion null, expected"],
    [
      "the wrong kind",
      credential({ token: "t" }, { kind: "Secret" }),
      'returned kind "Secret", expected ExecCredential',
    ],
    ["no kind", JSON.stringify({ apiVersion: V1 }), "returned kind null, expected ExecCredential"],
    [
      "no status",
      JSON.stringify({ apiVersion: V1, kind: "ExecCredential" }),
      "returned an ExecCredential without status",
    ],
    ["a null status", credential(null), "returned an ExecCredential without status"],
    [
      "a certificate without a key",
      credential({ clientCertificateData: "C" }),
      "returned only one of clientCertificateData",
    ],
    [
      "a key without a certificate",
      credential({ clientKeyData: "K" }),
      "returned only one of clientCertificateData",
    ],
    ["an empty token only", credential({ token: "" }), "returned neither status.token"],
    ["a token that is not a string", credential({ token: 42 }), "returned neither status.token"],
    [
      "an empty certificate with a key",
      credential({ clientCertificateData: "", clientKeyData: "K" }),
      "returned only one of clientCertificateData and clientKeyData",
    ],
    [
      "a certificate that is not a string, with a key",
      credential({ clientCertificateData: 42, clientKeyData: "K" }),
      "returned only one of clientCertificateData and clientKeyData",
    ],
    [
      "an empty key with a certificate",
      credential({ clientCertificateData: "C", clientKeyData: "" }),
      "returned only one of clientCertificateData and clientKeyData",
    ],
    [
      "a key that is not a string, with a certificate",
      credential({ clientCertificateData: "C", clientKeyData: ["K"] }),
      "returned only one of clientCertificateData and clientKeyData",
    ],
    [
      "a timestamp inside a list",
      credential({ token: "t", expirationTimestamp: ["2030-01-01T00:00:00Z"] }),
      "returned an expirationTimestamp that is not RFC 3339",
    ],
    [
      "a timestamp without a zone",
      credential({ token: "t", expirationTimestamp: "2030-01-01T00:00:00" }),
      "returned an expirationTimestamp that is not RFC 3339",
    ],
    [
      "a timestamp as a number",
      credential({ token: "t", expirationTimestamp: 1893456000 }),
      "returned an expirationTimestamp that is not RFC 3339",
    ],
    [
      "an impossible date",
      credential({ token: "t", expirationTimestamp: "2030-13-45T00:00:00Z" }),
      "returned an expirationTimestamp that is not RFC 3339",
    ],
  ])("rejects %s, naming the command, not the output", (_name, stdout, message) => {
    let error: unknown;
    try {
      parseExecCredential(stdout, exec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain(`exec plugin aws ${message}`);
  });

  it("reads a token with an RFC 3339 expiry (offset and space separator too)", () => {
    expect(
      parseExecCredential(credential({ token: "t", expirationTimestamp: "2030-01-01T00:00:00Z" }), exec),
    ).toStrictEqual({
      token: "t",
      expiresAt: new Date("2030-01-01T00:00:00Z"),
    });
    expect(
      parseExecCredential(
        credential({ token: "t", expirationTimestamp: "2030-01-01 02:00:00.5+02:00" }),
        exec,
      ).expiresAt,
    ).toEqual(new Date("2030-01-01T00:00:00.500Z"));
  });

  it("ignores a null expirationTimestamp and reads a certificate pair with a token", () => {
    expect(
      parseExecCredential(
        credential({ token: "t", clientCertificateData: "C", clientKeyData: "K", expirationTimestamp: null }),
        exec,
      ),
    ).toEqual({ token: "t", clientCertificate: "C", clientKey: "K" });
  });

  it("reads a certificate pair alone", () => {
    expect(
      parseExecCredential(credential({ clientCertificateData: "C", clientKeyData: "K" }), exec),
    ).toStrictEqual({
      clientCertificate: "C",
      clientKey: "K",
    });
  });
});
