// proxyHttpRequest() to a Service through the real API server, and proxy() next to the real `kubectl proxy`.
// KWOK pods have no reachable IP, and the API server refuses to proxy to loopback addresses and to endpoint
// addresses without a pod of that IP (`isValidAddress`). So the test's HTTP server listens on this machine's
// first non-loopback IPv4 address, a KWOK pod gets that address in its status, and the Service (without
// selector) has a hand-written Endpoints object naming that pod.
import { createServer, get, type Server } from "node:http";
import { networkInterfaces } from "node:os";
import { afterEach } from "vitest";
import { api, proxy, proxyHttpRequest, type Api } from "@kr8s/core";
import { describe, expect, kubectl, spawnKubectl, test } from "@kr8s/test-utils/fixtures";

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function client(kubeconfig: string): Promise<Api> {
  const k = await api({ kubeconfig, discoveryCacheDir: false });
  cleanups.push(() => k.close());
  return k;
}

function hostAddress(): string {
  for (const list of Object.values(networkInterfaces()))
    for (const entry of list ?? []) if (entry.family === "IPv4" && !entry.internal) return entry.address;
  throw new Error("this machine has no non-loopback IPv4 address for the API server to proxy to");
}

async function backend(address: string): Promise<{ port: number }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () =>
      res
        .writeHead(req.url?.startsWith("/missing") ? 404 : 200, {
          "content-type": "text/plain",
          "x-backend": "yes",
        })
        .end(`${req.method} ${req.url} ${Buffer.concat(chunks).toString()}`),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  cleanups.push(
    () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  );
  return { port: (server.address() as { port: number }).port };
}

async function serviceTo(namespace: string, address: string, port: number): Promise<void> {
  for (const args of [
    ["run", "app", "--image=nginx"],
    ["wait", "--for=condition=Ready", "pod/app", "--timeout=60s"],
    [
      "patch",
      "pod",
      "app",
      "--subresource=status",
      "--type=merge",
      "-p",
      JSON.stringify({ status: { podIP: address, podIPs: [{ ip: address }] } }),
    ],
  ]) {
    const result = await kubectl(args, { namespace, timeoutMs: 70_000 });
    if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
  }
  const manifest = {
    apiVersion: "v1",
    kind: "List",
    items: [
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "web" },
        spec: { ports: [{ name: "http", port: 80, targetPort: port }] },
      },
      {
        apiVersion: "v1",
        kind: "Endpoints",
        metadata: { name: "web" },
        subsets: [
          {
            addresses: [{ ip: address, targetRef: { kind: "Pod", name: "app", namespace } }],
            ports: [{ name: "http", port }],
          },
        ],
      },
    ],
  };
  const applied = await kubectl(["apply", "-f", "-"], { namespace, input: JSON.stringify(manifest) });
  if (applied.exitCode !== 0) throw new Error(applied.stderr);
}

describe("proxyHttpRequest", () => {
  test("a request to a Service reaches its endpoint and returns the backend's answer", async ({
    kubeconfig,
    namespace,
  }) => {
    const address = hostAddress();
    const { port } = await backend(address);
    await serviceTo(namespace, address, port);
    const k = await client(kubeconfig);

    const got = await proxyHttpRequest(k, "svc/web", "GET", "/hello?x=1", { namespace, port: "http" });
    expect(got.statusCode).toBe(200);
    expect(got.text()).toBe("GET /hello?x=1 ");
    expect(got.headers["x-backend"]).toBe("yes");
    // kubectl reaches the same answer through the same subresource.
    const theirs = await kubectl([
      "get",
      "--raw",
      `/api/v1/namespaces/${namespace}/services/web:http/proxy/hello?x=1`,
    ]);
    expect(theirs.stdout).toBe(got.text());

    const posted = await proxyHttpRequest(k, "svc/web", "POST", "echo", {
      namespace,
      port: 80,
      body: "payload",
      contentType: "text/plain",
    });
    expect(posted.text()).toBe("POST /echo payload");

    const missing = await proxyHttpRequest(k, "svc/web", "GET", "/missing", { namespace, port: 80 });
    expect(missing.statusCode).toBe(404);
    expect(missing.text()).toBe("GET /missing ");

    // The pod itself, by its port.
    const direct = await proxyHttpRequest(k, "pod/app", "GET", "/direct", { namespace, port });
    expect(direct.text()).toBe("GET /direct ");
  });
});

/** Starts `kubectl proxy` on a free port; resolves with its base URL. */
async function kubectlProxy(): Promise<string> {
  const child = spawnKubectl(["proxy", "--port=0"]);
  cleanups.push(() => void child.kill());
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      const match = /Starting to serve on 127\.0\.0\.1:(\d+)/.exec(out);
      if (match) resolve(`http://127.0.0.1:${match[1]}`);
    });
    child.on("exit", (code) => reject(new Error(`kubectl proxy exited ${code}: ${out}`)));
  });
}

async function answer(url: string, init: RequestInit = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(url, init);
  return { status: response.status, text: await response.text() };
}

/** A GET with a Host header of our choosing (fetch does not let one set it). */
function withHost(url: string, host: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { host } }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    }).on("error", reject);
  });
}

describe("proxy (kubectl proxy)", () => {
  test("serves the API with the client's credentials and kubectl proxy's filters", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig);
    await using ours = await proxy(k, { port: 0 });
    expect(ours.url).toBe(`http://127.0.0.1:${ours.port}/`);
    const theirs = await kubectlProxy();
    const base = `http://127.0.0.1:${ours.port}`;

    for (const path of [
      `/api/v1/namespaces/${namespace}`,
      `/api/v1/namespaces/${namespace}/pods/nope`, // an API error passes through as it is
      `/api/v1/namespaces/${namespace}/pods/x/exec?command=ls`, // refused by the default reject-paths
      `/api/v1/namespaces/${namespace}/pods/x/attach`,
    ]) {
      const [a, b] = [await answer(base + path), await answer(theirs + path)];
      expect({ path, status: a.status }).toEqual({ path, status: b.status });
      if (a.status === 200) expect(JSON.parse(a.text)).toEqual(JSON.parse(b.text));
      else expect(a.text).toBe(b.text);
    }
    // A Host other than localhost / 127.0.0.1 / [::1] is refused (DNS rebinding).
    expect(await withHost(`${base}/version`, "evil.example:8001")).toEqual(
      await withHost(`${theirs}/version`, "evil.example:8001"),
    );
    expect((await withHost(`${base}/version`, "evil.example")).status).toBe(403);
    expect((await withHost(`${base}/version`, "localhost:1234")).status).toBe(200);
  });

  test("apiPrefix, rejectMethods and stop()", async ({ kubeconfig }) => {
    const k = await client(kubeconfig);
    const p = await proxy(k, { port: 0, apiPrefix: "/k8s-api", rejectMethods: "^POST$" });
    expect(p.url).toBe(`http://127.0.0.1:${p.port}/k8s-api/`);
    expect((await answer(`${p.url}version`)).status).toBe(200);
    expect((await answer(`http://127.0.0.1:${p.port}/version`)).status).toBe(404);
    expect((await answer(`${p.url}api/v1/namespaces`, { method: "POST", body: "{}" })).status).toBe(403);
    await p.stop();
    await expect(fetch(`${p.url}version`)).rejects.toThrow();
  });
});
