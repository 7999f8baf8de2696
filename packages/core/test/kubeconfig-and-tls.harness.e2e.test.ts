// Kubeconfig files as kubectl reads them (merging, relative paths) and every TLS setting, checked against
// the real API server — and, where both can answer, against the real kubectl on the same files.
import { copyFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { connect as tcpConnect, type AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach } from "vitest";
import { stringify } from "yaml";
import { ConnectionError, type KubeConfigObject } from "@kr8s/core";
import { describe, expect, test } from "@kr8s/test-utils/fixtures";
import { run } from "@kr8s/test-utils/exec";
import { closeApis, connect, localCluster, tempDir } from "./support.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

afterEach(async () => {
  await closeApis();
});

/** Copies the CA and the admin certificate/key beside a new kubeconfig, referenced by relative paths. */
async function adminFilesIn(dir: string): Promise<void> {
  const cluster = localCluster();
  const admin = cluster.users.find((u) => u.name === "kr8s-admin");
  if (!admin?.clientCert || !admin.clientKey) throw new Error("cluster.json has no admin client certificate");
  await Promise.all([
    copyFile(cluster.caCert, join(dir, "ca.crt")),
    copyFile(admin.clientCert, join(dir, "admin.crt")),
    copyFile(admin.clientKey, join(dir, "admin.key")),
  ]);
}

function kubeconfigWith(
  cluster: Record<string, unknown>,
  extra: Partial<KubeConfigObject> = {},
): KubeConfigObject {
  return {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "local", cluster: { server: localCluster().server, ...cluster } }],
    users: [{ name: "admin", user: { "client-certificate": "admin.crt", "client-key": "admin.key" } }],
    contexts: [{ name: "local", context: { cluster: "local", user: "admin" } }],
    "current-context": "local",
    ...extra,
  };
}

async function writeKubeconfig(dir: string, name: string, config: KubeConfigObject): Promise<string> {
  const path = join(dir, name);
  // YAML 1.1 like kubectl's writer: a context named `y` is quoted (unquoted, kubectl reads a boolean).
  await writeFile(path, stringify(config, { version: "1.1" }), { mode: 0o600 });
  return path;
}

describe("kubeconfig files", () => {
  test("certificate paths relative to the kubeconfig file's directory", async () => {
    const dir = await tempDir("relative");
    await adminFilesIn(dir);
    const file = await writeKubeconfig(dir, "config", kubeconfigWith({ "certificate-authority": "ca.crt" }));
    const k = await connect({ kubeconfig: file });
    expect((await k.whoami()).username).toBe("kr8s-admin");
  });

  test("a KUBECONFIG list resolves context and namespace exactly as kubectl does", async () => {
    const dir = await tempDir("merge");
    await adminFilesIn(dir);
    const home = await tempDir("home");
    // first: defines the cluster, the user and context "x"; sets no current-context.
    const { "current-context": _unset, ...withoutCurrent } = kubeconfigWith(
      { "certificate-authority": "ca.crt" },
      { contexts: [{ name: "x", context: { cluster: "local", user: "admin", namespace: "from-first" } }] },
    );
    const first = await writeKubeconfig(dir, "first", withoutCurrent);
    // second: redefines "x" (ignored: the first file wins) and adds "y", which it makes current.
    const second = await writeKubeconfig(dir, "second", {
      apiVersion: "v1",
      kind: "Config",
      contexts: [
        { name: "x", context: { cluster: "local", user: "admin", namespace: "from-second" } },
        { name: "y", context: { cluster: "local", user: "admin", namespace: "why" } },
      ],
      "current-context": "y",
    });
    for (const list of [
      `${first}:${second}`,
      `${second}:${first}`,
      `${join(dir, "missing")}:${first}:${second}`,
    ]) {
      const env = { ...process.env, KUBECONFIG: list, HOME: home };
      for (const context of [undefined, "x", "y"]) {
        const flags = context ? ["--context", context] : [];
        const kubectlContext =
          context ?? (await run(referenceKubectl, ["config", "current-context"], { env })).stdout.trim();
        const kubectlNamespace = (
          await run(
            referenceKubectl,
            ["config", "view", "--minify", ...flags, "-o", "jsonpath={.contexts[0].context.namespace}"],
            { env },
          )
        ).stdout.trim();
        const k = await connect({
          env: { KUBECONFIG: list, HOME: home },
          homeDir: home,
          ...(context ? { context } : {}),
        });
        expect({ list, context: k.contextName, namespace: k.namespace }).toEqual({
          list,
          context: kubectlContext,
          namespace: kubectlNamespace,
        });
        expect((await k.whoami()).username).toBe("kr8s-admin");
      }
    }
  });
});

describe("TLS settings", () => {
  test("tls-server-name: a name in the server certificate verifies, one that is not fails with advice", async () => {
    const dir = await tempDir("sni");
    await adminFilesIn(dir);
    const good = await connect({
      kubeconfig: await writeKubeconfig(
        dir,
        "good",
        kubeconfigWith({ "certificate-authority": "ca.crt", "tls-server-name": "kubernetes.default" }),
      ),
    });
    expect((await good.whoami()).username).toBe("kr8s-admin");

    const bad = await connect({
      kubeconfig: await writeKubeconfig(
        dir,
        "bad",
        kubeconfigWith({ "certificate-authority": "ca.crt", "tls-server-name": "not-this-server.example" }),
      ),
    });
    const error = await bad.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).suggestions.join("\n")).toMatch(/tls-server-name/);
  });

  test("without the cluster CA the certificate is refused; insecure-skip-tls-verify accepts it", async () => {
    const dir = await tempDir("insecure");
    await adminFilesIn(dir);
    const untrusted = await connect({
      kubeconfig: await writeKubeconfig(dir, "untrusted", kubeconfigWith({})),
    });
    const error = await untrusted.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).suggestions.join("\n")).toMatch(/certificate-authority/);

    const insecure = await connect({
      kubeconfig: await writeKubeconfig(
        dir,
        "insecure",
        kubeconfigWith({ "insecure-skip-tls-verify": true }),
      ),
    });
    expect((await insecure.whoami()).username).toBe("kr8s-admin");
  });
});

describe("proxies", () => {
  let proxy: Server | undefined;
  afterEach(async () => {
    // Release the client's kept-alive tunnel first, or close() waits for it to time out.
    await closeApis();
    await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  });

  test("proxy-url: requests tunnel through an HTTP CONNECT proxy", async () => {
    const tunnels: string[] = [];
    proxy = createServer((_req, res) => res.writeHead(405).end());
    proxy.on("connect", (req, client, head) => {
      tunnels.push(req.url ?? "");
      const [host, port] = (req.url ?? "").split(":");
      const upstream = tcpConnect(Number(port), host, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head);
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy?.listen(0, "127.0.0.1", resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

    const dir = await tempDir("proxy");
    await adminFilesIn(dir);
    const k = await connect({
      kubeconfig: await writeKubeconfig(
        dir,
        "config",
        kubeconfigWith({ "certificate-authority": "ca.crt", "proxy-url": proxyUrl }),
      ),
    });
    expect((await k.whoami()).username).toBe("kr8s-admin");
    expect(tunnels).toContain(new URL(localCluster().server).host);
  });
});
