import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { stringify } from "yaml";
import { AuthenticationError, KubeConfigError } from "../../errors.ts";
import type { KubeConfigExec, KubeConfigObject } from "../kubeconfig.ts";
import { resolveConnection } from "../resolve.ts";
import { clearExecCredentialCache } from "./exec.ts";

const PEM = "-----BEGIN CERTIFICATE-----\nZmFrZQ==\n-----END CERTIFICATE-----\n";
const V1 = "client.authentication.k8s.io/v1";
const V1BETA1 = "client.authentication.k8s.io/v1beta1";

// A plugin that counts its invocations, records KUBERNETES_EXEC_INFO and prints $STATUS (after $DELAY ms).
const PLUGIN = `
const fs = require("node:fs");
const out = process.env.OUT_DIR;
fs.appendFileSync(out + "/count", "x");
fs.writeFileSync(out + "/info.json", process.env.KUBERNETES_EXEC_INFO);
process.stderr.write("");
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
const status = JSON.parse(process.env.STATUS);
if (process.argv.length > 2) status.token = process.argv.slice(2).join(" ");
setTimeout(() => {
  process.stdout.write(JSON.stringify({ apiVersion: process.env.REPLY_VERSION || info.apiVersion, kind: "ExecCredential", status }));
  process.exitCode = Number(process.env.EXIT_CODE || 0);
}, Number(process.env.DELAY || 0));
`;

let dir: string;
beforeEach(async () => {
  clearExecCredentialCache();
  dir = await mkdtemp(join(tmpdir(), "kr8s-exec-"));
  await mkdir(join(dir, "bin"));
  await writeFile(join(dir, "bin", "plugin"), `#!${process.execPath}\n${PLUGIN}`, { mode: 0o755 });
});

function exec(
  status: object,
  extra: Partial<KubeConfigExec> = {},
  env: Record<string, string> = {},
): KubeConfigExec {
  return {
    command: "./bin/plugin",
    apiVersion: V1,
    interactiveMode: "Never",
    ...extra,
    env: Object.entries({ OUT_DIR: dir, STATUS: JSON.stringify(status), ...env }).map(([name, value]) => ({
      name,
      value,
    })),
  };
}

async function kubeconfig(
  users: Record<string, KubeConfigExec>,
  cluster: Record<string, unknown> = {},
): Promise<string> {
  const config: KubeConfigObject = {
    clusters: [{ name: "c", cluster: { server: "https://c.example:6443", ...cluster } }],
    users: Object.entries(users).map(([name, e]) => ({ name, user: { exec: e } })),
    contexts: Object.keys(users).map((name) => ({ name, context: { cluster: "c", user: name } })),
    "current-context": Object.keys(users)[0] ?? "",
  };
  const file = join(dir, "config");
  await writeFile(file, stringify(config));
  return file;
}

async function credentialsFor(
  users: Record<string, KubeConfigExec>,
  context?: string,
  cluster?: Record<string, unknown>,
) {
  const file = await kubeconfig(users, cluster);
  const connection = await resolveConnection({
    kubeconfig: file,
    env: { PATH: process.env.PATH ?? "" },
    interactive: false,
    ...(context ? { context } : {}),
  });
  return connection.credentials;
}

const invocations = async (): Promise<number> =>
  (await readFile(join(dir, "count"), "utf8").catch(() => "")).length;
const execInfo = async (): Promise<{
  apiVersion: string;
  kind: string;
  spec: { interactive: boolean; cluster?: Record<string, unknown> };
}> => JSON.parse(await readFile(join(dir, "info.json"), "utf8")) as never;
const inAnHour = (): string => new Date(Date.now() + 3_600_000).toISOString();

describe("exec credential plugins", () => {
  it("v1: returns the token and passes cluster info when provideClusterInfo is set", async () => {
    const credentials = await credentialsFor(
      { u: exec({ token: "exec-token-v1" }, { provideClusterInfo: true }) },
      undefined,
      {
        "certificate-authority-data": Buffer.from(PEM).toString("base64"),
        "tls-server-name": "api.internal",
        "proxy-url": "http://proxy:3128",
        extensions: [{ name: "client.authentication.k8s.io/exec", extension: { audience: "sts.example" } }],
      },
    );
    expect((await credentials.get()).token).toBe("exec-token-v1");
    expect(credentials.id).not.toContain("exec-token-v1");
    const info = await execInfo();
    expect(info).toEqual({
      apiVersion: V1,
      kind: "ExecCredential",
      spec: {
        interactive: false,
        cluster: {
          server: "https://c.example:6443",
          "tls-server-name": "api.internal",
          "certificate-authority-data": Buffer.from(PEM).toString("base64"),
          "proxy-url": "http://proxy:3128",
          config: { audience: "sts.example" },
        },
      },
    });
  });

  it("passes insecure-skip-tls-verify and disable-compression in the cluster info when they are set", async () => {
    const credentials = await credentialsFor(
      { u: exec({ token: "t" }, { provideClusterInfo: true }) },
      undefined,
      { "insecure-skip-tls-verify": true, "disable-compression": true },
    );
    await credentials.get();
    expect((await execInfo()).spec.cluster).toStrictEqual({
      server: "https://c.example:6443",
      "insecure-skip-tls-verify": true,
      "disable-compression": true,
    });
  });

  it("v1beta1: returns a client certificate, and no cluster info unless asked", async () => {
    const credentials = await credentialsFor({
      u: exec(
        {
          clientCertificateData: PEM,
          clientKeyData: "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n",
        },
        { apiVersion: V1BETA1 },
      ),
    });
    const result = await credentials.get();
    expect(result.clientCertificate).toBe(PEM);
    expect(result.clientKey).toContain("PRIVATE KEY");
    expect(result.token).toBeUndefined();
    expect(await execInfo()).toEqual({
      apiVersion: V1BETA1,
      kind: "ExecCredential",
      spec: { interactive: false },
    });
  });

  it("finds a bare command on PATH", async () => {
    const file = await kubeconfig({ u: exec({ token: "from-path" }, { command: "plugin" }) });
    const connection = await resolveConnection({
      kubeconfig: file,
      env: { PATH: join(dir, "bin") },
      interactive: false,
    });
    expect((await connection.credentials.get()).token).toBe("from-path");
  });

  it("caches the credential until it expires: one invocation for several get()s", async () => {
    const credentials = await credentialsFor({ u: exec({ token: "t", expirationTimestamp: inAnHour() }) });
    const a = await credentials.get();
    await credentials.get();
    const c = await credentials.get();
    expect(await invocations()).toBe(1);
    expect(c.generation).toBe(a.generation);
    expect(c.expiresAt?.getTime()).toBeGreaterThan(Date.now());
  });

  describe("with a controlled clock", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("uses a short-lived credential until its expirationTimestamp has passed, like client-go", async () => {
      // client-go: credsExpired() is now.After(expirationTimestamp); no early refresh, so a credential that
      // lives 5 s serves every request in those 5 s instead of running the plugin each time.
      vi.useFakeTimers({ toFake: ["Date"] });
      const start = Date.parse("2031-05-01T12:00:00Z");
      vi.setSystemTime(start);
      const expirationTimestamp = new Date(start + 5_000).toISOString();
      const credentials = await credentialsFor({ u: exec({ token: "short", expirationTimestamp }) });
      const first = await credentials.get();
      vi.setSystemTime(start + 4_000);
      await credentials.get();
      vi.setSystemTime(start + 5_000);
      expect((await credentials.get()).generation).toBe(first.generation);
      expect(await invocations()).toBe(1);
      vi.setSystemTime(start + 5_001);
      expect((await credentials.get()).generation).toBeGreaterThan(first.generation);
      expect(await invocations()).toBe(2);
    });
  });

  it("runs the plugin again once the credential has expired", async () => {
    const credentials = await credentialsFor({
      u: exec({ token: "t", expirationTimestamp: "2020-01-01T00:00:00Z" }),
    });
    await credentials.get();
    await credentials.get();
    expect(await invocations()).toBe(2);
  });

  it("shares the cache between users with an identical exec config", async () => {
    const same = exec({ token: "shared", expirationTimestamp: inAnHour() });
    const one = await credentialsFor({ alice: same, bob: same }, "alice");
    const two = await credentialsFor({ alice: same, bob: same }, "bob");
    expect(one.id).toBe(two.id);
    await one.get();
    await two.get();
    expect(await invocations()).toBe(1);
  });

  it("keeps users whose exec configs differ only in args apart: each gets its own credential", async () => {
    const alice = exec({ expirationTimestamp: inAnHour() }, { args: ["--role", "alice"] });
    const bob = exec({ expirationTimestamp: inAnHour() }, { args: ["--role", "bob"] });
    const one = await credentialsFor({ alice, bob }, "alice");
    const two = await credentialsFor({ alice, bob }, "bob");
    expect((await one.get()).token).toBe("--role alice");
    expect((await two.get()).token).toBe("--role bob");
    expect(one.id).not.toBe(two.id);
    expect(await invocations()).toBe(2);
  });

  it("keeps at most one invocation in flight under concurrent get()s", async () => {
    const credentials = await credentialsFor({ u: exec({ token: "slow" }, {}, { DELAY: "200" }) });
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => credentials.get()));
    expect(new Set(results.map((r) => r.token))).toEqual(new Set(["slow"]));
    expect(await invocations()).toBe(1);
  });

  it("re-runs the plugin after invalidate (a 401), once per generation", async () => {
    const credentials = await credentialsFor({ u: exec({ token: "t" }) });
    const first = await credentials.get();
    expect(credentials.invalidate(first.generation)).toBe(true);
    expect(credentials.invalidate(first.generation)).toBe(true);
    const second = await credentials.get();
    expect(second.generation).toBeGreaterThan(first.generation);
    expect(await invocations()).toBe(2);
  });

  it("puts the installHint into the error when the command is missing", async () => {
    const credentials = await credentialsFor({
      u: exec(
        { token: "t" },
        { command: "kr8s-no-such-plugin", installHint: "brew install kr8s-no-such-plugin" },
      ),
    });
    const error = (await credentials.get().catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain("kr8s-no-such-plugin not found");
    expect(error.message).toContain("brew install kr8s-no-such-plugin");
  });

  it("reports a non-zero exit code without echoing stdout", async () => {
    const credentials = await credentialsFor({
      u: exec({ token: "leaked-secret-token" }, {}, { EXIT_CODE: "3" }),
    });
    const error = (await credentials.get().catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain("exited with code 3");
    expect(error.message).not.toContain("leaked-secret-token");
  });

  it("rejects output whose apiVersion does not match", async () => {
    const credentials = await credentialsFor({ u: exec({ token: "t" }, {}, { REPLY_VERSION: V1BETA1 }) });
    await expect(credentials.get()).rejects.toThrow(
      /returned apiVersion "client.authentication.k8s.io\/v1beta1", expected client.authentication.k8s.io\/v1/,
    );
  });

  it("rejects output with neither a token nor a certificate, and bad expiry timestamps", async () => {
    const empty = await credentialsFor({ u: exec({}) });
    await expect(empty.get()).rejects.toThrow(/neither status.token/);
    const badExpiry = await credentialsFor({ u: exec({ token: "t", expirationTimestamp: "tomorrow" }) });
    await expect(badExpiry.get()).rejects.toThrow(/RFC 3339/);
  });

  it("fails interactiveMode Always without a terminal", async () => {
    const credentials = await credentialsFor({ u: exec({ token: "t" }, { interactiveMode: "Always" }) });
    await expect(credentials.get()).rejects.toThrow(AuthenticationError);
    expect(await invocations()).toBe(0);
  });

  it("requires interactiveMode with v1", async () => {
    const { interactiveMode: _omit, ...withoutMode } = exec({ token: "t" });
    const error = (await credentialsFor({ u: withoutMode }).catch((e: unknown) => e)) as KubeConfigError;
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.field).toBe("users[u].exec.interactiveMode");
  });
});
