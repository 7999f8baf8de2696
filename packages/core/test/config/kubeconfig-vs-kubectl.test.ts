// Reading kubeconfigs against the reference: kubectl v1.32 reads every fixture in fixtures/config/kubectl-parity
// (`kubectl config view --raw -o json`), and kr8s must accept exactly the files kubectl accepts, read them to the
// same values, and refuse the others with a KubeConfigError naming the file and field but never a value.
// Also the exec plugin's input (KUBERNETES_EXEC_INFO) compared byte for byte with what kubectl hands the same
// plugin. Needs only the kubectl binary: no cluster (the plugin runs before kubectl connects).
import { execFile } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import {
  api,
  clearExecCredentialCache,
  KubeConfigError,
  readKubeConfigFile,
  resolveConnection,
} from "@kr8s/core";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

const execFileAsync = promisify(execFile);
const fixtures = fileURLToPath(new URL("../fixtures/config/kubectl-parity/", import.meta.url));
const SECRET = "s3cr3t-fixture-token";

async function kubectl(args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(referenceKubectl, args, {
      env: { ...process.env, HOME: tmpdir() },
    });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { exitCode: code, stdout, stderr };
  }
}

/** The field kr8s names for each file kubectl refuses. */
const REFUSED: Record<string, string> = {
  "as-groups-string.yaml": "users[u].as-groups",
  "as-user-extra-string.yaml": "users[u].as-user-extra[scopes]",
  "auth-provider-config-list.yaml": "users[u].auth-provider.config",
  "client-key-data-mapping.yaml": "users[u].client-key-data",
  "clusters-mapping.yaml": "clusters",
  "current-context-number.yaml": "current-context",
  "duplicate-cluster.yaml": "clusters[c]",
  "duplicate-context.yaml": "contexts[x]",
  "duplicate-extension.yaml": "clusters[c].extensions[e]",
  "duplicate-user.yaml": "users[u]",
  "exec-args-string.yaml": "users[u].exec.args",
  "exec-env-map.yaml": "users[u].exec.env",
  "exec-env-value-number.yaml": "users[u].exec.env[0].value",
  "exec-provide-cluster-info-string.yaml": "users[u].exec.provideClusterInfo",
  "insecure-string.yaml": "clusters[c].insecure-skip-tls-verify",
  "kind-pod.yaml": "kind",
  "name-bool.yaml": "clusters[0].name",
  "namespace-bool.yaml": "contexts[x].namespace",
  "preferences-colors-string.yaml": "preferences.colors",
  "token-number.yaml": "users[u].token",
};
const ACCEPTED = ["binary-data.yaml", "nulls.yaml", "yaml-1-1-text.yaml"];

/** Zero values dropped (kubectl prints `args: null`, `provideClusterInfo: false`… for unset fields). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value)
    .map(([key, item]) => [key, canonical(item)] as const)
    .filter(([, item]) => !isZero(item));
  return Object.fromEntries(entries);
}

function isZero(value: unknown): boolean {
  if (value === null || value === "" || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

/** `[{name, cluster}]` → `{name: cluster}`: kubectl sorts entries by name. */
function byName(list: unknown, body: string): Record<string, unknown> {
  const entries = (list ?? []) as Record<string, unknown>[];
  return Object.fromEntries(
    entries.map((entry): [string, unknown] => [String(entry.name), canonical(entry[body]) ?? {}]),
  );
}

describe("kr8s reads kubeconfigs the way kubectl does", () => {
  it("covers every fixture", async () => {
    const files = (await readdir(fixtures)).filter((f) => f.endsWith(".yaml")).sort();
    expect(files).toEqual([...ACCEPTED, ...Object.keys(REFUSED)].sort());
  });

  it.each(Object.entries(REFUSED))(
    "%s: refused like kubectl, naming %s and not the value",
    async (name, field) => {
      const file = join(fixtures, name);
      const reference = await kubectl(["--kubeconfig", file, "config", "view", "--raw", "-o", "json"]);
      expect(reference.exitCode).not.toBe(0);
      expect(reference.stderr).toContain("error loading config file");

      const error = (await readKubeConfigFile(file).catch((e: unknown) => e)) as KubeConfigError;
      expect(error).toBeInstanceOf(KubeConfigError);
      expect(error.file).toBe(file);
      expect(error.field).toBe(field);
      expect(error.message).toContain(field);
      expect(error.message).not.toContain(SECRET);
    },
  );

  it.each(ACCEPTED)("%s: accepted like kubectl, with the same values", async (name) => {
    const file = join(fixtures, name);
    const reference = await kubectl(["--kubeconfig", file, "config", "view", "--raw", "-o", "json"]);
    expect(reference.stderr).toBe("");
    const expected = JSON.parse(reference.stdout) as Record<string, unknown>;
    const config = await readKubeConfigFile(file);
    expect(byName(config.clusters, "cluster")).toEqual(byName(expected.clusters, "cluster"));
    expect(byName(config.contexts, "context")).toEqual(byName(expected.contexts, "context"));
    const users = byName(expected.users, "user");
    // kubectl fills in v1beta1's default interactiveMode when it decodes; kr8s applies it when the plugin runs.
    for (const user of Object.values(users) as { exec?: Record<string, unknown> }[]) {
      if (user.exec?.interactiveMode === "IfAvailable") delete user.exec.interactiveMode;
    }
    expect(byName(config.users, "user")).toEqual(users);
    expect(config["current-context"] ?? "").toBe(expected["current-context"]);
  });

  it("a !!binary certificate authority, client certificate and key are usable", async () => {
    const connection = await resolveConnection({ kubeconfig: join(fixtures, "binary-data.yaml"), env: {} });
    expect(connection.tls.ca).toBe(await readFile(join(fixtures, "..", "first", "ca.crt"), "utf8"));
    const credentials = await connection.credentials.get();
    expect(credentials.clientCertificate).toContain("BEGIN CERTIFICATE");
    expect(credentials.clientKey).toContain("BEGIN PRIVATE KEY");
    expect(credentials.token).toBe(SECRET);
  });

  it("fields written null are unset: the exec user of nulls.yaml resolves with its defaults", async () => {
    // kubectl refuses the file's groups without a user to impersonate (and so does kr8s); with one given,
    // what the nulls read as shows.
    const kubeconfig = join(fixtures, "nulls.yaml");
    await expect(resolveConnection({ kubeconfig, env: {} })).rejects.toThrow(
      "requesting uid, groups or user-extra for u without impersonating a user",
    );
    const connection = await resolveConnection({ kubeconfig, impersonate: { user: "jane" }, env: {} });
    expect(connection.server).toBe("https://127.0.0.1:6443");
    expect(connection.tls).toEqual({ insecureSkipTLSVerify: false });
    expect(connection.namespace).toBe("default");
    expect(connection.impersonate).toEqual({ user: "jane", groups: ["", "devs"] });
  });
});

describe("the exec plugin's input matches kubectl's", () => {
  const cases = [
    {
      name: "v1, IfAvailable, cluster info",
      exec: {
        apiVersion: "client.authentication.k8s.io/v1",
        interactiveMode: "IfAvailable",
        provideClusterInfo: true,
      },
    },
    { name: "v1beta1 without interactiveMode", exec: { apiVersion: "client.authentication.k8s.io/v1beta1" } },
    {
      name: "v1, Never",
      exec: { apiVersion: "client.authentication.k8s.io/v1", interactiveMode: "Never" },
    },
  ];

  it.each(cases)("$name, stdin not a terminal: interactive is false", async ({ exec }) => {
    // Both run with a standard input that is not a terminal: vitest's and the pipe execFile gives kubectl.
    expect(process.stdin.isTTY).not.toBe(true);
    const dir = await mkdtemp(join(tmpdir(), "kr8s-exec-parity-"));
    const plugin = join(dir, "plugin.mjs");
    await writeFile(
      plugin,
      [
        `#!${process.execPath}`,
        `import { writeFileSync } from "node:fs";`,
        `writeFileSync(process.env.INFO_FILE, process.env.KUBERNETES_EXEC_INFO);`,
        `const { apiVersion } = JSON.parse(process.env.KUBERNETES_EXEC_INFO);`,
        `console.log(JSON.stringify({ apiVersion, kind: "ExecCredential", status: { token: "t" } }));`,
      ].join("\n"),
      { mode: 0o755 },
    );
    const kubeconfig = (infoFile: string): string =>
      JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [
          {
            name: "c",
            cluster: {
              server: "https://127.0.0.1:1",
              "tls-server-name": "api.internal",
              extensions: [{ name: "client.authentication.k8s.io/exec", extension: { audience: "a" } }],
            },
          },
        ],
        users: [
          {
            name: "u",
            user: { exec: { ...exec, command: plugin, env: [{ name: "INFO_FILE", value: infoFile }] } },
          },
        ],
        contexts: [{ name: "x", context: { cluster: "c", user: "u" } }],
        "current-context": "x",
      });
    await writeFile(join(dir, "kubectl.yaml"), kubeconfig(join(dir, "kubectl.json")));
    await writeFile(join(dir, "kr8s.yaml"), kubeconfig(join(dir, "kr8s.json")));

    // Nothing listens on port 1: kubectl runs the plugin, then fails to connect.
    await kubectl(["--kubeconfig", join(dir, "kubectl.yaml"), "get", "--raw", "/version"]);
    clearExecCredentialCache();
    const connection = await resolveConnection({ kubeconfig: join(dir, "kr8s.yaml"), env: {} });
    await connection.credentials.get();

    const reference = JSON.parse(await readFile(join(dir, "kubectl.json"), "utf8")) as unknown;
    expect(JSON.parse(await readFile(join(dir, "kr8s.json"), "utf8"))).toEqual(reference);
    expect(reference).toMatchObject({ spec: { interactive: false } });
  });
});

describe("a server without a scheme", () => {
  it("is plain HTTP to host:port, as kubectl reads it, even next to a certificate authority", async () => {
    const paths: string[] = [];
    const server = createServer((req, res) => {
      paths.push(req.url ?? "");
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ major: "1", minor: "33", gitVersion: "v1.33.0" }));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const { port } = server.address() as AddressInfo;
      const dir = await mkdtemp(join(tmpdir(), "kr8s-scheme-"));
      const file = join(dir, "config");
      const ca = Buffer.from(await readFile(join(fixtures, "..", "first", "ca.crt"))).toString("base64");
      await writeFile(
        file,
        JSON.stringify({
          clusters: [
            { name: "c", cluster: { server: `127.0.0.1:${port}`, "certificate-authority-data": ca } },
          ],
          users: [{ name: "u", user: {} }],
          contexts: [{ name: "x", context: { cluster: "c", user: "u" } }],
          "current-context": "x",
        }),
      );
      const reference = await kubectl(["--kubeconfig", file, "get", "--raw", "/version"]);
      expect(reference.exitCode).toBe(0);
      expect(paths.length).toBeGreaterThan(0);
      paths.length = 0;
      const k = await api({ kubeconfig: file, env: {} });
      try {
        expect((await k.version()).gitVersion).toBe("v1.33.0");
      } finally {
        await k.close();
      }
      expect(paths).toEqual(["/version"]);
    } finally {
      server.close();
    }
  });
});
