// api()'s cache: which calls share a client (the configuration kubectl would read now), and close() that
// releases only the caller's own reference.
import diagnosticsChannel from "node:diagnostics_channel";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { api, type Api, type ApiOptions } from "../src/api.ts";
import { RefCountedCache } from "../src/client-cache.ts";
import { ConnectionError, KubeConfigError } from "../src/errors.ts";
import { HTTP_DEBUG_CHANNEL, type HttpDebugEvent } from "../src/http/debug.ts";
import { json, startServer, type TestServer } from "./http/helpers.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** Sets process.env variables for one test (undefined unsets) and restores them afterwards. */
function setEnv(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    const before = process.env[name];
    cleanups.push(() => {
      if (before === undefined) delete process.env[name];
      else process.env[name] = before;
    });
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

async function versionServer(): Promise<TestServer & { sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = await startServer((_req, res) =>
    json(res, 200, { major: "1", minor: "33", gitVersion: "v1" }),
  );
  server.server.on("connection", (socket: Socket) => sockets.push(socket));
  // Clients keep idle connections for as long as the server's Keep-Alive hint allows (5 s by default):
  // long enough that only close() ends them during a test.
  server.server.keepAliveTimeout = 60_000;
  cleanups.push(() => server.close());
  return { ...server, sockets };
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "kr8s-api-cache-"));
}

function kubeconfigText(server: string, namespace: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "c", cluster: { server } }],
    contexts: [{ name: "c", context: { cluster: "c", namespace } }],
    "current-context": "c",
  });
}

// One token per second and a bucket of one: the second of two simultaneous requests waits for the
// client-side rate limiter only when both go through the same client (kubectl has one limiter per client).
const throttled: ApiOptions = { qps: 1, burst: 1 };
const throttleEvents: HttpDebugEvent[] = [];
const onEvent = (message: unknown): void => {
  if ((message as HttpDebugEvent).type === "throttle") throttleEvents.push(message as HttpDebugEvent);
};
beforeEach(() => {
  throttleEvents.length = 0;
  diagnosticsChannel.subscribe(HTTP_DEBUG_CHANNEL, onEvent);
});
afterEach(() => {
  diagnosticsChannel.unsubscribe(HTTP_DEBUG_CHANNEL, onEvent);
});

/**
 * Whether `fresh` shares its client with `other`, seen through the rate limiter: one request each at
 * once, `other`'s first. `fresh` must not have sent a request before, so that its own bucket (if it has
 * one) is full and only a shared bucket makes it wait.
 */
async function sharesClient(fresh: Api, other: Api): Promise<boolean> {
  throttleEvents.length = 0;
  await Promise.all([other.request({ path: "/other" }), fresh.request({ path: "/fresh" })]);
  return throttleEvents.some((event) => new URL(event.url).pathname === "/fresh");
}

async function open(options: ApiOptions): Promise<Api> {
  const k = await api(options);
  cleanups.push(() => k.close());
  return k;
}

describe("api(): which calls share a client", () => {
  it("the same options in any order share one client; other options get another", async () => {
    const { url } = await versionServer();
    const a = await open({ url, namespace: "one", ...throttled });
    const b = await open({ ...throttled, namespace: "one", url });
    const c = await open({ url, namespace: "two", ...throttled });
    expect(await sharesClient(b, a)).toBe(true);
    expect(await sharesClient(c, a)).toBe(false);
    expect([a.namespace, b.namespace, c.namespace]).toEqual(["one", "one", "two"]);
  });

  it("simultaneous calls with the same options share one client", async () => {
    const { url } = await versionServer();
    const [a, b] = await Promise.all([open({ url, ...throttled }), open({ url, ...throttled })]);
    expect(await sharesClient(b, a)).toBe(true);
  });

  it("a changed KUBECONFIG gives the configuration kubectl would now read", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "one"), kubeconfigText("https://127.0.0.1:6443", "one"));
    await writeFile(join(dir, "two"), kubeconfigText("https://127.0.0.1:6443", "two"));
    setEnv({ KUBECONFIG: join(dir, "one") });
    const first = await open({});
    setEnv({ KUBECONFIG: join(dir, "two") });
    expect((await open({})).namespace).toBe("two");
    expect(first.namespace).toBe("one");
  });

  it("a changed home directory is followed to its ~/.kube/config", async () => {
    const homes = [await tempDir(), await tempDir()];
    for (const [i, home] of homes.entries()) {
      await mkdir(join(home, ".kube"));
      await writeFile(join(home, ".kube", "config"), kubeconfigText("https://127.0.0.1:6443", `home-${i}`));
    }
    setEnv({ KUBECONFIG: undefined, HOME: homes[0] });
    expect((await open({})).namespace).toBe("home-0");
    setEnv({ HOME: homes[1] });
    expect((await open({})).namespace).toBe("home-1");
  });

  it("the in-cluster variables are read afresh", async () => {
    const home = await tempDir();
    const serviceAccount = await tempDir();
    await writeFile(join(serviceAccount, "token"), "sa-token");
    setEnv({ KUBECONFIG: undefined, HOME: home, KUBERNETES_SERVICE_HOST: undefined });
    await expect(api({ serviceAccount })).rejects.toBeInstanceOf(KubeConfigError);
    setEnv({ KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "443" });
    expect((await open({ serviceAccount })).server).toBe("https://10.0.0.1:443");
    setEnv({ KUBERNETES_SERVICE_HOST: "10.0.0.2" });
    expect((await open({ serviceAccount })).server).toBe("https://10.0.0.2:443");
  });

  it("a proxy set in the environment afterwards is used by the next client", async () => {
    const connects: string[] = [];
    const proxy = createServer();
    proxy.on("connect", (req, socket: Socket) => {
      connects.push(req.url ?? "");
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => proxy.close(() => resolve())));
    const url = "https://kr8s-api-cache.test:6443";
    setEnv({ HTTPS_PROXY: undefined, https_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined });
    const options = { url, retry: { maxRetries: 0 } };
    await open(options);
    setEnv({ HTTPS_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` });
    const proxied = await open(options);
    await proxied.version().catch(() => undefined);
    expect(connects).toEqual(["kr8s-api-cache.test:6443"]);
  });

  it("an edited kubeconfig file gives a new client; an unchanged one is shared", async () => {
    const { url } = await versionServer();
    const file = join(await tempDir(), "config");
    await writeFile(file, kubeconfigText(url, "before"));
    const a = await open({ kubeconfig: file, ...throttled });
    await writeFile(file, kubeconfigText(url, "before")); // rewritten, same content
    const b = await open({ kubeconfig: file, ...throttled });
    expect(await sharesClient(b, a)).toBe(true);
    await writeFile(file, kubeconfigText(url, "after"));
    const c = await open({ kubeconfig: file, ...throttled });
    expect(c.namespace).toBe("after");
    expect(a.namespace).toBe("before");
    expect(await sharesClient(c, a)).toBe(false);
  });
});

describe("Api.close() on a shared client", () => {
  it("releases only the caller's client: the other holders carry on", async () => {
    const { url } = await versionServer();
    const a = await api({ url });
    const b = await open({ url });
    await a.close();
    await expect(b.version()).resolves.toMatchObject({ gitVersion: "v1" });
    const error = (await a.version().catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe(`this client of ${url} was closed`);
    expect(error.suggestions).toEqual(["call api() again for a client to use after close()"]);
  });

  it("a call made before the last holder closes still gets a working client", async () => {
    const { url } = await versionServer();
    const a = await api({ url });
    const pending = api({ url });
    await a.close();
    const b = await pending;
    cleanups.push(() => b.close());
    await expect(b.version()).resolves.toMatchObject({ gitVersion: "v1" });
  });

  it("closing the same client twice releases it once", async () => {
    const { url } = await versionServer();
    const a = await api({ url });
    const b = await api({ url });
    const c = await open({ url });
    await a.close();
    await a.close();
    await b.close();
    await expect(c.version()).resolves.toMatchObject({ gitVersion: "v1" });
  });

  it("the last close() closes the pooled connections; api() afterwards connects again", async () => {
    const { url, sockets } = await versionServer();
    const a = await api({ url });
    const b = await api({ url });
    await a.version();
    await a.close();
    await b.version();
    expect(sockets.length).toBeGreaterThan(0);
    expect(sockets.filter((socket) => socket.destroyed)).toEqual([]);
    const allClosed = Promise.all(
      sockets.map((socket) => new Promise((resolve) => socket.once("close", resolve))),
    );
    await b.close();
    await allClosed;
    const c = await open({ url });
    await expect(c.version()).resolves.toMatchObject({ gitVersion: "v1" });
  });

  it("await using closes the client at the end of the scope", async () => {
    const { url, sockets } = await versionServer();
    {
      await using k = await api({ url });
      await k.version();
    }
    await new Promise((resolve) =>
      sockets[0]?.destroyed ? resolve(undefined) : sockets[0]?.once("close", resolve),
    );
    expect(sockets[0]?.destroyed).toBe(true);
  });

  it("with a dispatcher nothing is shared, and close() closes that client", async () => {
    const { url } = await versionServer();
    const { Agent } = await import("undici");
    const agent = new Agent();
    cleanups.push(() => agent.close());
    const a = await api({ url, dispatcher: agent });
    const b = await open({ url, dispatcher: agent });
    await a.close();
    await expect(a.version()).rejects.toBeInstanceOf(ConnectionError);
    await expect(b.version()).resolves.toMatchObject({ gitVersion: "v1" });
  });
});

describe("RefCountedCache", () => {
  it("a lease taken before the last release keeps the value from being disposed of", async () => {
    const disposed: string[] = [];
    const cache = new RefCountedCache<string>((value) => {
      disposed.push(value);
      return Promise.resolve();
    });
    const first = await cache.lease("k", () => Promise.resolve("v1"));
    const pending = cache.lease("k", () => Promise.resolve("v2"));
    await first.release();
    const second = await pending;
    expect(second.value).toBe("v1");
    expect(disposed).toEqual([]);
    await second.release();
    expect(disposed).toEqual(["v1"]);
  });
});
