// Harness-only: it needs the local control plane's admin certificate files and CA (cluster.json).
// Kubeconfigs written by real tools, odd but valid YAML, and broken ones, against the real API server with
// kubectl v1.32 on the same file as the reference: what kubectl connects with, kr8s connects with (as the
// same user); what kubectl refuses, kr8s refuses with a KubeConfigError naming the field, never the value.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach } from "vitest";
import { KubeConfigError, ServerError } from "@kr8s/core";
import { describe, expect, test } from "@kr8s/test-utils/fixtures";
import { run } from "@kr8s/test-utils/exec";
import {
  closeApis,
  connect,
  localCluster,
  serviceAccountToken,
  tempDir,
  writeExecPlugin,
} from "./support.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

afterEach(async () => {
  await closeApis();
});

const SECRET = "s3cr3t-e2e-token";

/** `!!binary` of the base64 text, as a tool that serialises bytes writes a `*-data` field. */
const binary = (content: string): string =>
  `!!binary |\n${Buffer.from(Buffer.from(content).toString("base64"))
    .toString("base64")
    .replace(/.{1,60}/g, (line) => `      ${line}\n`)}`;

async function adminPem(): Promise<{ ca: string; cert: string; key: string }> {
  const cluster = localCluster();
  const admin = cluster.users.find((u) => u.name === "kr8s-admin");
  if (!admin?.clientCert || !admin.clientKey) throw new Error("cluster.json has no admin client certificate");
  const [ca, cert, key] = await Promise.all(
    [cluster.caCert, admin.clientCert, admin.clientKey].map((f) => readFile(f, "utf8")),
  );
  return { ca: ca ?? "", cert: cert ?? "", key: key ?? "" };
}

async function write(dir: string, text: string): Promise<string> {
  const file = join(dir, "config");
  await writeFile(file, text, { mode: 0o600 });
  return file;
}

const context = [
  "contexts:",
  "- name: local",
  "  context: {cluster: local, user: u}",
  "current-context: local",
].join("\n");

async function kubectlOn(file: string, args: string[]) {
  return run(referenceKubectl, ["--kubeconfig", file, ...args], { timeoutMs: 60_000 });
}

describe("kubeconfigs kubectl accepts", () => {
  test("!!binary certificate-authority, client certificate and key data connect as the same user", async () => {
    const pem = await adminPem();
    const file = await write(
      await tempDir("binary"),
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: local",
        "  cluster:",
        `    server: ${localCluster().server}`,
        `    certificate-authority-data: ${binary(pem.ca)}`,
        "users:",
        "- name: u",
        "  user:",
        `    client-certificate-data: ${binary(pem.cert)}`,
        `    client-key-data: ${binary(pem.key)}`,
        context,
      ].join("\n"),
    );
    const reference = await kubectlOn(file, ["auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"]);
    expect(reference.stderr).toBe("");
    const k = await connect({ kubeconfig: file });
    expect((await k.whoami()).username).toBe(reference.stdout);
    expect(reference.stdout).toBe("kr8s-admin");
  });

  test("an exec user whose optional fields are null authenticates like kubectl", async ({ namespace }) => {
    const dir = await tempDir("exec-nulls");
    const token = await serviceAccountToken(namespace, "nulls");
    const command = await writeExecPlugin(
      dir,
      `const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
       console.log(JSON.stringify({ apiVersion: info.apiVersion, kind: "ExecCredential",
         status: { token: ${JSON.stringify(token)} } }));`,
    );
    const pem = await adminPem();
    const file = await write(
      dir,
      [
        "clusters:",
        "- name: local",
        "  cluster:",
        `    server: ${localCluster().server}`,
        `    certificate-authority-data: ${Buffer.from(pem.ca).toString("base64")}`,
        "    proxy-url: null",
        "users:",
        "- name: u",
        "  user:",
        "    token: null",
        "    exec:",
        "      apiVersion: client.authentication.k8s.io/v1beta1",
        `      command: ${command}`,
        "      args: null",
        "      env: null",
        "      interactiveMode: null",
        "      provideClusterInfo: null",
        context,
      ].join("\n"),
    );
    const reference = await kubectlOn(file, ["auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"]);
    expect(reference.stderr).toBe("");
    const k = await connect({ kubeconfig: file });
    expect((await k.whoami()).username).toBe(reference.stdout);
    expect(reference.stdout).toBe(`system:serviceaccount:${namespace}:nulls`);
  });

  test("a server without a scheme is plain HTTP for both, which the TLS-only API server refuses", async () => {
    const pem = await adminPem();
    const { host } = new URL(localCluster().server);
    const file = await write(
      await tempDir("no-scheme"),
      [
        "clusters:",
        "- name: local",
        `  cluster: {server: "${host}", certificate-authority-data: ${Buffer.from(pem.ca).toString("base64")}}`,
        "users:",
        "- name: u",
        `  user: {token: ${SECRET}}`,
        context,
      ].join("\n"),
    );
    const reference = await kubectlOn(file, ["get", "--raw", "/version"]);
    expect(reference.exitCode).not.toBe(0);
    // The API server answers plain HTTP on its TLS port with a 400.
    expect(reference.stderr).toContain("(BadRequest)");
    const k = await connect({ kubeconfig: file, retry: { maxRetries: 0 } });
    const error = (await k.version().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).statusCode).toBe(400);
    expect(error.message).not.toContain(SECRET);
  });
});

describe("kubeconfigs kubectl refuses", () => {
  test.each([
    {
      name: "a user name defined twice",
      users: [`- name: u`, `  user: {token: ${SECRET}}`, `- name: u`, `  user: {token: other}`],
      field: "users[u]",
    },
    {
      name: "exec.args written as a string",
      users: [
        "- name: u",
        "  user:",
        `    exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/true, interactiveMode: Never, args: "--token=${SECRET}"}`,
      ],
      field: "users[u].exec.args",
    },
  ])("$name: refused, naming $field and not the value", async ({ users, field }) => {
    const file = await write(
      await tempDir("refused"),
      [
        "clusters:",
        "- name: local",
        `  cluster: {server: "${localCluster().server}"}`,
        "users:",
        ...users,
        context,
      ].join("\n"),
    );
    const reference = await kubectlOn(file, ["get", "--raw", "/version"]);
    expect(reference.exitCode).not.toBe(0);
    expect(reference.stderr).toContain("error loading config file");
    const error = (await connect({ kubeconfig: file }).catch((e: unknown) => e)) as KubeConfigError;
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.file).toBe(file);
    expect(error.field).toBe(field);
    expect(error.message).not.toContain(SECRET);
  });
});
