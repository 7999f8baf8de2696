// Proxies and TLS defaults against the real API server, each compared with the real kubectl on the same
// kubeconfig and environment: a SOCKS5 proxy-url (requests and an exec WebSocket), NO_PROXY rows, a proxy
// that refuses the credentials, certificate verification through a proxy and for the `url` option, an IP
// tls-server-name, and insecure-skip-tls-verify together with a CA.
import { writeFile } from "node:fs/promises";
import { isIP } from "node:net";
import { join } from "node:path";
import { connect as tlsConnect, type PeerCertificate } from "node:tls";
import { afterEach } from "vitest";
import { parse, stringify } from "yaml";
import {
  ConnectionError,
  KubeConfigError,
  createTransport,
  resolveConnection,
  type KubeConfigObject,
} from "@kr8s/core";
import { describe, expect, runningPod, test } from "@kr8s/test-utils/fixtures";
import { run } from "@kr8s/test-utils/exec";
import type { TestProxy } from "./http/proxies.ts";
import { startConnectProxy, startSocksProxy } from "./http/proxies.ts";
import { closeApis, connect, tempDir } from "./support.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

const proxies: TestProxy[] = [];
afterEach(async () => {
  await closeApis();
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

async function use(proxy: Promise<TestProxy>): Promise<TestProxy> {
  const started = await proxy;
  proxies.push(started);
  return started;
}

/** The harness kubeconfig's current context, flattened (certificates inline) so it can be edited freely. */
async function flattened(kubeconfig: string): Promise<KubeConfigObject> {
  const view = await run(referenceKubectl, [
    "config",
    "view",
    "--flatten",
    "--minify",
    "--raw",
    `--kubeconfig=${kubeconfig}`,
  ]);
  if (view.exitCode !== 0) throw new Error(view.stderr);
  return parse(view.stdout) as KubeConfigObject;
}

/** Writes a copy of `config` whose only cluster has `edit` applied. */
async function variant(
  config: KubeConfigObject,
  edit: (cluster: Record<string, unknown>) => void,
): Promise<{ file: string; server: URL }> {
  const copy = structuredClone(config);
  const cluster = copy.clusters?.[0]?.cluster as Record<string, unknown> | undefined;
  if (!cluster) throw new Error("the harness kubeconfig has no cluster");
  edit(cluster);
  const file = join(await tempDir("proxy-tls"), "config");
  await writeFile(file, stringify(copy), { mode: 0o600 });
  return { file, server: new URL(String(cluster.server)) };
}

/** kubectl on the same file and environment; `error` is its last stderr line. */
async function kubectlVersion(
  file: string,
  env: Record<string, string> = {},
): Promise<{ ok: boolean; error: string }> {
  const result = await run(
    referenceKubectl,
    ["get", "--raw", "/version", `--kubeconfig=${file}`, "--request-timeout=20s"],
    {
      env: { PATH: process.env.PATH ?? "", HOME: await tempDir("home"), ...env },
      timeoutMs: 30_000,
    },
  );
  return { ok: result.exitCode === 0, error: result.stderr.trim().split("\n").at(-1) ?? "" };
}

/** An IP address in the API server's certificate other than the one in the server URL, if any. */
async function ipInServerCertificate(config: KubeConfigObject): Promise<string | undefined> {
  const server = new URL(String(config.clusters?.[0]?.cluster.server));
  const cert = await new Promise<PeerCertificate>((resolve, reject) => {
    const socket = tlsConnect(
      { host: server.hostname, port: Number(server.port || 443), rejectUnauthorized: false },
      () => {
        resolve(socket.getPeerCertificate());
        socket.end();
      },
    );
    socket.on("error", reject);
  });
  const ips = (cert.subjectaltname ?? "")
    .split(", ")
    .filter((san) => san.startsWith("IP Address:"))
    .map((san) => san.slice("IP Address:".length))
    .filter((ip) => isIP(ip) === 4 && ip !== server.hostname);
  return ips[0];
}

describe("SOCKS5", () => {
  test("proxy-url socks5://: kr8s and kubectl both reach the API server through it, exec WebSocket too, no warning", async ({
    kubeconfig,
    namespace,
  }) => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on("warning", onWarning);
    try {
      const proxy = await use(startSocksProxy());
      const { file, server } = await variant(await flattened(kubeconfig), (c) => {
        c["proxy-url"] = proxy.url;
      });

      expect(await kubectlVersion(file)).toEqual({ ok: true, error: "" });
      const byKubectl = proxy.tunnels.splice(0);
      expect(byKubectl.length).toBeGreaterThan(0);
      expect(new Set(byKubectl)).toEqual(new Set([server.host]));

      const k = await connect({ kubeconfig: file });
      expect((await k.version()).gitVersion).toMatch(/^v1\./);
      expect(proxy.tunnels.splice(0)).toEqual([server.host]);

      const pod = await runningPod(namespace);
      const transport = createTransport(await resolveConnection({ kubeconfig: file }));
      try {
        const { socket, protocol } = await transport.openWebSocket(
          `/api/v1/namespaces/${namespace}/pods/${pod}/exec`,
          { query: { command: ["echo", "through-socks"], stdout: true }, protocols: ["v5.channel.k8s.io"] },
        );
        expect(protocol).toBe("v5.channel.k8s.io");
        let stdout = "";
        await new Promise<void>((resolve, reject) => {
          socket.on("message", (data: Buffer) => {
            if (data[0] === 1) stdout += data.subarray(1).toString("utf8");
          });
          socket.on("close", () => resolve());
          socket.on("error", reject);
        });
        expect(stdout).toBe("through-socks\n");
      } finally {
        await transport.close();
      }
      expect(proxy.tunnels).toEqual([server.host]);
      expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  test("proxy-url socks5h:// is refused by both (client-go accepts http, https and socks5 there)", async ({
    kubeconfig,
  }) => {
    const { file } = await variant(await flattened(kubeconfig), (c) => {
      c["proxy-url"] = "socks5h://127.0.0.1:1080";
    });
    const kubectl = await kubectlVersion(file);
    expect(kubectl.ok).toBe(false);
    expect(kubectl.error).toContain('unsupported scheme "socks5h"');
    const error = await resolveConnection({ kubeconfig: file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeConfigError);
    expect((error as KubeConfigError).message).toContain('unsupported scheme "socks5h"');
  });
});

describe("HTTPS_PROXY and NO_PROXY (Go's rules), row by row against kubectl", () => {
  // Each row: the host name in the server URL, and NO_PROXY. The proxy sends every tunnel to the real
  // server, so a proxied request succeeds whatever the name; the comparison is whether the proxy saw it.
  const rows: { host: string; noProxy?: string }[] = [
    { host: "vm", noProxy: ".vm" },
    { host: "vm", noProxy: "vm" },
    { host: "vm", noProxy: "*.vm" },
    { host: "api.vm", noProxy: "*.vm" },
    { host: "kube.localhost" },
    { host: "localhost" },
    { host: "vm", noProxy: "other.example,VM" },
  ];

  test("kr8s proxies exactly the rows kubectl proxies", async ({ kubeconfig }) => {
    const config = await flattened(kubeconfig);
    const seen: { row: string; kubectl: boolean; kr8s: boolean }[] = [];
    for (const row of rows) {
      const proxy = await use(startConnectProxy({ upstreamHost: "127.0.0.1" }));
      const { file, server } = await variant(config, (c) => {
        const url = new URL(String(c.server));
        // The certificate stays valid whatever the name: verify it as the harness's server name.
        c["tls-server-name"] = url.hostname === "127.0.0.1" ? "localhost" : url.hostname;
        url.hostname = row.host;
        c.server = url.toString().replace(/\/$/, "");
      });
      const env = { HTTPS_PROXY: proxy.url, ...(row.noProxy === undefined ? {} : { NO_PROXY: row.noProxy }) };
      await kubectlVersion(file, env);
      const kubectl = proxy.tunnels.splice(0).includes(`${row.host}:${server.port}`);
      const transport = createTransport(await resolveConnection({ kubeconfig: file }), {
        env,
        retry: { maxRetries: 0 },
      });
      await transport.request({ path: "/version", timeoutMs: 20_000 }).catch(() => undefined);
      await transport.close();
      const kr8s = proxy.tunnels.includes(`${row.host}:${server.port}`);
      seen.push({ row: `${row.host} NO_PROXY=${row.noProxy ?? ""}`, kubectl, kr8s });
    }
    expect(seen.map((s) => ({ row: s.row, proxied: s.kr8s }))).toEqual(
      seen.map((s) => ({ row: s.row, proxied: s.kubectl })),
    );
    // The cases, as kubectl showed them.
    expect(seen.find((s) => s.row === "vm NO_PROXY=.vm")?.kubectl).toBe(true);
    expect(seen.find((s) => s.row === "kube.localhost NO_PROXY=")?.kubectl).toBe(true);
  });
});

describe("a proxy refusing the credentials", () => {
  test("407: kr8s throws a ConnectionError naming the proxy without its password; kubectl fails too", async ({
    kubeconfig,
  }) => {
    const proxy = await use(startConnectProxy({ credentials: { username: "alice", password: "right" } }));
    const { file } = await variant(await flattened(kubeconfig), (c) => {
      c["proxy-url"] = proxy.url.replace("://", "://alice:wrong-secret@");
    });
    const kubectl = await kubectlVersion(file);
    expect(kubectl.ok).toBe(false);
    expect(kubectl.error).toContain("Proxy Authentication Required");

    const k = await connect({ kubeconfig: file });
    const error = (await k.version().catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain(
      `the proxy ${proxy.url.replace("://", "://alice@")} refused the credentials in its URL (407 Proxy Authentication Required)`,
    );
    expect(JSON.stringify({ m: error.message, s: error.suggestions })).not.toContain("wrong-secret");
  });
});

describe("TLS is on by default", () => {
  test("through a proxy the API server's certificate is verified end to end: without its CA both refuse", async ({
    kubeconfig,
  }) => {
    for (const start of [() => startConnectProxy(), () => startSocksProxy()]) {
      const proxy = await use(start());
      const { file, server } = await variant(await flattened(kubeconfig), (c) => {
        delete c["certificate-authority-data"];
        delete c["certificate-authority"];
        c["proxy-url"] = proxy.url;
      });
      const kubectl = await kubectlVersion(file);
      expect(kubectl.ok).toBe(false);
      expect(kubectl.error).toMatch(/x509|certificate/);
      proxy.tunnels.splice(0);

      const k = await connect({ kubeconfig: file });
      const error = (await k.version().catch((e: unknown) => e)) as ConnectionError;
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error.message).toContain("cannot verify the TLS certificate of the API server");
      // The tunnel was made: it is the server's certificate, not the proxy, that failed.
      expect(proxy.tunnels).toContain(server.host);
    }
  });

  test("the url option verifies against the system's roots: the cluster's own CA is not trusted, like kubectl --server", async ({
    kubeconfig,
  }) => {
    const server = String((await flattened(kubeconfig)).clusters?.[0]?.cluster.server);
    // A token so that kubectl does not prompt for a user name: the TLS handshake comes first either way.
    const empty = join(await tempDir("empty"), "config");
    await writeFile(empty, "apiVersion: v1\nkind: Config\n");
    const kubectl = await run(
      referenceKubectl,
      ["get", "--raw", "/version", `--server=${server}`, `--kubeconfig=${empty}`, "--token=unused"],
      {
        env: { PATH: process.env.PATH ?? "", HOME: await tempDir("home") },
        timeoutMs: 30_000,
      },
    );
    expect(kubectl.exitCode).not.toBe(0);
    expect(kubectl.stderr).toMatch(/x509|certificate/);

    const k = await connect({ url: server });
    const error = (await k.version().catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain("cannot verify the TLS certificate of the API server");
  });

  test("tls-server-name set to an IP: verified against that IP, like kubectl, with no warning printed", async ({
    kubeconfig,
  }) => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on("warning", onWarning);
    try {
      const config = await flattened(kubeconfig);
      const outcomes: { name: string; kubectl: boolean; kr8s: boolean }[] = [];
      // 192.0.2.2 is in the harness's serving certificate (as it is in a kind cluster's: the node IP differs);
      // 10.9.9.9 is in no certificate.
      const certificateIp = (await ipInServerCertificate(config)) ?? "127.0.0.1";
      for (const name of [certificateIp, "10.9.9.9"]) {
        const { file } = await variant(config, (c) => {
          c["tls-server-name"] = name;
        });
        const kubectl = (await kubectlVersion(file)).ok;
        const k = await connect({ kubeconfig: file });
        const kr8s = await k.version().then(
          () => true,
          (e: unknown) => {
            expect(e).toBeInstanceOf(ConnectionError);
            expect((e as ConnectionError).message).toContain(`IP: ${name} is not in the cert's list`);
            return false;
          },
        );
        outcomes.push({ name, kubectl, kr8s });
      }
      expect(outcomes).toEqual([
        { name: certificateIp, kubectl: true, kr8s: true },
        { name: "10.9.9.9", kubectl: false, kr8s: false },
      ]);
      expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  test("insecure-skip-tls-verify together with a CA is refused by both", async ({ kubeconfig }) => {
    const { file } = await variant(await flattened(kubeconfig), (c) => {
      c["insecure-skip-tls-verify"] = true;
    });
    const kubectl = await kubectlVersion(file);
    expect(kubectl).toEqual({
      ok: false,
      error: "error: specifying a root certificates file with the insecure flag is not allowed",
    });
    const error = await connect({ kubeconfig: file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeConfigError);
    expect((error as KubeConfigError).message).toContain(
      "insecure-skip-tls-verify cannot be combined with a certificate authority",
    );
  });
});
