// portForward() through the real API server to KWOK, whose port-forward dials local ports (pod port P in
// 18080–18099 → 127.0.0.1:P, scripts/cluster/README.md): a server the test starts is "the pod".
import { createHash, randomBytes } from "node:crypto";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { Server } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach } from "vitest";
import {
  api,
  APITimeoutError,
  HTTP_DEBUG_CHANNEL,
  PORT_FORWARD_PROTOCOL,
  SPDY_PORT_FORWARD_PROTOCOL,
  type HttpDebugEvent,
  type PortForwardProtocol,
  InvalidArgumentError,
  portForward,
  PortForwardError,
  type Api,
} from "@kr8s/core";
import { cuttableRelay } from "./cuttable-relay.ts";
import {
  clusterInfo,
  describe,
  expect,
  kubectl,
  runningPod,
  spawnKubectl,
  startPortForwardTarget,
  test,
} from "@kr8s/test-utils/fixtures";

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function client(kubeconfig: string): Promise<Api> {
  const k = await api({ kubeconfig, discoveryCacheDir: false });
  cleanups.push(() => k.close());
  return k;
}

async function target(listener: Parameters<typeof startPortForwardTarget>[0]) {
  const started = await startPortForwardTarget(listener);
  cleanups.push(() => closeHttp(started.server));
  return started;
}

function closeHttp(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function must(args: string[], namespace: string, input?: string): Promise<string> {
  const result = await kubectl(args, { namespace, ...(input === undefined ? {} : { input }) });
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

/**
 * One HTTP/1.1 GET over a raw connection: the body, read up to its Content-Length (KWOK's port-forward keeps
 * the tunnel open until the client side closes, so "read until the end" would wait for ever; see the
 * TSDoc of portForward). `halfClose` ends the client's side right after the request.
 */
function httpGet(port: number, path = "/", options: { halfClose?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = Buffer.alloc(0);
    const finish = (result: string | Error): void => {
      socket.destroy();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    socket.on("data", (c: Buffer) => {
      received = Buffer.concat([received, c]);
      const head = received.indexOf("\r\n\r\n");
      if (head < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(received.subarray(0, head).toString())?.[1]);
      const body = received.subarray(head + 4);
      if (body.length >= length) finish(body.toString());
    });
    socket.on("end", () => finish(new Error(`connection ended after ${received.length} bytes`)));
    socket.on("error", finish);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
    if (options.halfClose) socket.end();
  });
}

/** Listening servers of this process. */
function listeningServers(): number {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((h) => (h as { constructor?: { name?: string } }).constructor?.name === "Server")
    .length;
}

/** Sockets and listening servers of this process (what a leak would leave behind). */
function openHandles(): number {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((h) => {
    const name = (h as { constructor?: { name?: string } }).constructor?.name;
    return name === "Socket" || name === "Server" || name === "TLSSocket";
  }).length;
}

describe("portForward", () => {
  test("a 50 MB download through the forward is byte-identical", async ({ kubeconfig, namespace }) => {
    const pod = await runningPod(namespace);
    const payload = randomBytes(50 * 1024 * 1024);
    const { port } = await target((_req, res) => res.end(payload));
    const k = await client(kubeconfig);
    await using pf = await portForward(k, `pod/${pod}`, `:${port}`, { namespace });
    expect(pf.ports).toEqual([
      { address: "127.0.0.1", localPort: pf.localPort, remotePort: port },
      { address: "::1", localPort: pf.localPort, remotePort: port },
    ]);
    const body = Buffer.from(await (await fetch(`http://127.0.0.1:${pf.localPort}/`)).arrayBuffer());
    expect(body.length).toBe(payload.length);
    expect(createHash("sha256").update(body).digest("hex")).toBe(
      createHash("sha256").update(payload).digest("hex"),
    );
  });

  test("speaks kubectl's SPDY tunnel by default and v4.channel.k8s.io when asked, each byte-identical", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const payload = randomBytes(5 * 1024 * 1024);
    const { port } = await target((_req, res) => res.end(payload));
    const k = await client(kubeconfig);
    const chosen: string[] = [];
    const listener = (event: unknown): void => {
      const e = event as HttpDebugEvent;
      if (e.type === "response" && e.statusCode === 101)
        chosen.push(String(e.headers["sec-websocket-protocol"]));
    };
    subscribe(HTTP_DEBUG_CHANNEL, listener);
    cleanups.push(() => void unsubscribe(HTTP_DEBUG_CHANNEL, listener));
    const download = async (protocols?: PortForwardProtocol[]): Promise<string> => {
      await using pf = await portForward(k, pod, `:${port}`, {
        namespace,
        addresses: ["127.0.0.1"],
        ...(protocols ? { protocols } : {}),
      });
      const body = Buffer.from(await (await fetch(`http://127.0.0.1:${pf.localPort}/`)).arrayBuffer());
      return createHash("sha256").update(body).digest("hex");
    };
    const expected = createHash("sha256").update(payload).digest("hex");
    expect(await download()).toBe(expected);
    expect(await download([PORT_FORWARD_PROTOCOL])).toBe(expected);
    expect(chosen).toEqual([SPDY_PORT_FORWARD_PROTOCOL, PORT_FORWARD_PROTOCOL]);
  });

  test("50 concurrent connections each get their own answer", async ({ kubeconfig, namespace }) => {
    const pod = await runningPod(namespace);
    const { server, port } = await target((req, res) => res.end(`answer to ${req.url}`));
    let connections = 0;
    server.on("connection", () => connections++);
    const k = await client(kubeconfig);
    await using pf = await portForward(k, pod, port, {
      namespace,
      localPorts: "auto",
      addresses: ["127.0.0.1"],
    });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => httpGet(pf.localPort, `/${i}`)));
    expect(answers).toEqual(Array.from({ length: 50 }, (_, i) => `answer to /${i}`));
    expect(connections).toBe(50);
  });

  test("two ports at once, each reaching its own server", async ({ kubeconfig, namespace }) => {
    const pod = await runningPod(namespace);
    const a = await target((_req, res) => res.end("server a"));
    const b = await target((_req, res) => res.end("server b"));
    const k = await client(kubeconfig);
    await using pf = await portForward(k, pod, [`:${a.port}`, `:${b.port}`], {
      namespace,
      addresses: ["127.0.0.1"],
    });
    expect(pf.ports.map((p) => p.remotePort)).toEqual([a.port, b.port]);
    const [first, second] = pf.ports;
    expect(await (await fetch(`http://127.0.0.1:${first?.localPort}/`)).text()).toBe("server a");
    expect(await (await fetch(`http://127.0.0.1:${second?.localPort}/`)).text()).toBe("server b");
  });

  test("N listens on local port N, like kubectl", async ({ kubeconfig, namespace }) => {
    const pod = await runningPod(namespace);
    const { port } = await target((_req, res) => res.end("same number"));
    const k = await client(kubeconfig);
    // The target server holds 127.0.0.1:port, so listen on the other loopback address.
    await using pf = await portForward(k, pod, port, { namespace, addresses: ["::1"] });
    expect(pf.localPort).toBe(port);
    expect(await (await fetch(`http://[::1]:${port}/`)).text()).toBe("same number");
  });

  test("a client that half-closes after its request still receives the whole reply", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const { port } = await target((_req, res) => res.end("reply after half-close"));
    const k = await client(kubeconfig);
    await using pf = await portForward(k, pod, `:${port}`, { namespace, addresses: ["127.0.0.1"] });
    expect(await httpGet(pf.localPort, "/", { halfClose: true })).toBe("reply after half-close");
  });

  test("aborted connections do not poison the forward", async ({ kubeconfig, namespace }) => {
    const pod = await runningPod(namespace);
    const { port } = await target((_req, res) => res.end("still fine"));
    const k = await client(kubeconfig);
    await using pf = await portForward(k, pod, `:${port}`, { namespace, addresses: ["127.0.0.1"] });
    await Promise.all(
      Array.from(
        { length: 10 },
        () =>
          new Promise<void>((resolve) => {
            const socket: Socket = connect(pf.localPort, "127.0.0.1", () => {
              socket.write("GET / HTTP/1.1\r\n");
              socket.resetAndDestroy();
              resolve();
            });
            socket.on("error", () => resolve());
          }),
      ),
    );
    expect(await httpGet(pf.localPort)).toBe("still fine");
  });

  test("the pod side's error on a connection is reported as a PortForwardError naming the port", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    // Nothing listens on this pod port (a free port of the forwarded range, closed again).
    const probe = await target((_req, res) => res.end());
    const deadPort = probe.port;
    await closeHttp(probe.server);
    const errors: PortForwardError[] = [];
    const k = await client(kubeconfig);
    await using pf = await portForward(k, pod, `:${deadPort}`, {
      namespace,
      addresses: ["127.0.0.1"],
      onError: (e) => errors.push(e),
    });
    // The client sees its connection closed without a byte.
    await expect(httpGet(pf.localPort)).rejects.toThrow(/connection ended after 0 bytes|ECONNRESET/);
    // The pod side's error frame may come well after the close on a loaded machine (vitest polls 1 s by
    // default; it missed once in a full run on 2 cores).
    await expect.poll(() => errors.length, { timeout: 15_000 }).toBe(1);
    expect(errors[0]).toBeInstanceOf(PortForwardError);
    expect(errors[0]?.remotePort).toBe(deadPort);
    expect(errors[0]?.message).toContain(`port ${deadPort} of pod "${pod}"`);
    expect(errors[0]?.message).toMatch(/connection refused/);
  });

  test("a local port in use is a PortForwardError, and nothing stays listening", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const { port } = await target((_req, res) => res.end());
    const k = await client(kubeconfig);
    const before = listeningServers();
    const error = await portForward(k, pod, [`:${port}`, `${port}:${port}`], {
      namespace,
      addresses: ["127.0.0.1"],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortForwardError);
    expect((error as PortForwardError).message).toBe(`local port ${port} on 127.0.0.1 is already in use`);
    expect((error as PortForwardError).localPort).toBe(port);
    // The first port's listener was started and closed again.
    await expect.poll(() => listeningServers()).toBe(before);
  });

  test("a pod that is not running is refused with an explanation", async ({ kubeconfig, namespace }) => {
    // A pod pinned to a node that does not exist stays Pending.
    await must(
      [
        "run",
        "stuck",
        "--image=busybox",
        "--restart=Never",
        "--overrides",
        '{"spec":{"nodeName":"no-such-node"}}',
      ],
      namespace,
    );
    const k = await client(kubeconfig);
    const error = await portForward(k, "pod/stuck", 18080, { namespace }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe(
      `pod "stuck" in namespace "${namespace}" is not running (phase Pending)`,
    );
    const kubectlSays = await kubectl(["port-forward", "pod/stuck", "18080"], { namespace });
    expect(kubectlSays.stderr).toContain("pod is not running. Current status=Pending");
  });

  test("await using closes everything; 100 start/stop cycles leave no socket open", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const { port } = await target((_req, res) => res.end("cycle"));
    const k = await client(kubeconfig);
    // One request first so the client's pooled connection exists before counting.
    await k.version();
    const before = openHandles();
    let localPort = 0;
    {
      await using pf = await portForward(k, pod, `:${port}`, { namespace, addresses: ["127.0.0.1"] });
      localPort = pf.localPort;
      const socket = connect(localPort, "127.0.0.1");
      socket.on("error", () => undefined); // stop() resets it
      await new Promise((r) => socket.once("connect", r));
      socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n"); // keep-alive: the tunnel stays open
      await new Promise((r) => socket.once("data", r));
      cleanups.push(() => void socket.destroy());
    }
    const refused = await new Promise<string>((resolve) => {
      const probe = connect(localPort, "127.0.0.1");
      probe.on("connect", () => (probe.destroy(), resolve("connected")));
      probe.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? ""));
    });
    expect(refused).toBe("ECONNREFUSED");
    for (let i = 0; i < 100; i++) {
      const pf = await portForward(k, pod, `:${port}`, { namespace, addresses: ["127.0.0.1"] });
      if (i % 10 === 0) expect(await httpGet(pf.localPort)).toBe("cycle");
      await pf.stop();
    }
    await expect.poll(() => openHandles(), { timeout: 10_000 }).toBeLessThanOrEqual(before);
  }, 180_000);

  test("a Service port reaches its named targetPort in a ready pod, like kubectl", async ({
    kubeconfig,
    namespace,
  }) => {
    const { port } = await target((_req, res) => res.end("via service"));
    await must(
      ["apply", "-f", "-"],
      namespace,
      JSON.stringify({
        apiVersion: "v1",
        kind: "List",
        items: [
          {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "web", labels: { app: "web" } },
            spec: {
              containers: [{ name: "web", image: "nginx", ports: [{ name: "http", containerPort: port }] }],
            },
          },
          {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "web" },
            spec: { selector: { app: "web" }, ports: [{ name: "front", port: 80, targetPort: "http" }] },
          },
        ],
      }),
    );
    await must(["wait", "--for=condition=Ready", "pod/web", "--timeout=60s"], namespace);
    const k = await client(kubeconfig);
    await using pf = await portForward(k, "svc/web", ":80", { namespace, addresses: ["127.0.0.1"] });
    expect(pf.ports[0]?.remotePort).toBe(port);
    expect(pf.pod).toEqual({ namespace, name: "web" });
    expect(await (await fetch(`http://127.0.0.1:${pf.localPort}/`)).text()).toBe("via service");

    // kubectl maps the same Service port to the same pod port.
    const child = spawnKubectl(["port-forward", "svc/web", ":80", "--address=127.0.0.1"], { namespace });
    cleanups.push(() => void child.kill());
    const line = await new Promise<string>((resolve) => {
      let out = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.includes("\n")) resolve(out.split("\n")[0] ?? "");
      });
    });
    expect(line).toMatch(new RegExp(`^Forwarding from 127\\.0\\.0\\.1:\\d+ -> ${port}$`));
  });

  test("a Deployment's forward moves to the new pod when its pod is deleted", async ({
    kubeconfig,
    namespace,
  }) => {
    const { port } = await target((_req, res) => res.end("from the deployment"));
    await must(["create", "deployment", "web", "--image=nginx", "--replicas=1"], namespace);
    await must(["rollout", "status", "deployment/web", "--timeout=60s"], namespace);
    const k = await client(kubeconfig);
    await using pf = await portForward(k, "deploy/web", `:${port}`, { namespace, addresses: ["127.0.0.1"] });
    const firstPod = pf.pod.name;
    expect(await httpGet(pf.localPort)).toBe("from the deployment");

    await must(["delete", "pod", firstPod, "--wait=true"], namespace);
    expect(await httpGet(pf.localPort)).toBe("from the deployment");
    expect(pf.pod.name).not.toBe(firstPod);
  });

  test("a Deployment without a ready pod yet: the forward waits for its first one", async ({
    kubeconfig,
    namespace,
  }) => {
    const { port } = await target((_req, res) => res.end("first pod"));
    const k = await client(kubeconfig);
    await must(["create", "deployment", "fresh", "--image=nginx", "--replicas=0"], namespace);
    const starting = portForward(k, "deploy/fresh", `:${port}`, { namespace, addresses: ["127.0.0.1"] });
    await must(["scale", "deployment/fresh", "--replicas=1"], namespace);
    await using pf = await starting;
    expect(pf.pod.name).toMatch(/^fresh-/);
    expect(await httpGet(pf.localPort)).toBe("first pod");
  });

  test("a selector no pod matches: APITimeoutError naming it after podRunningTimeoutMs", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig);
    const error = await portForward(k, { labelSelector: { app: "nobody" }, namespace }, 80, {
      podRunningTimeoutMs: 1000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe(
      `no Running and Ready pod for the selector "app=nobody" in namespace "${namespace}" within 1000 ms`,
    );
  });

  test("a tunnel cut on the API server's side is reported and resets only its connection", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const { port } = await target((_req, res) => res.end("after the cut"));
    const relay = await cuttableRelay(kubeconfig, clusterInfo()?.server ?? "");
    cleanups.push(() => relay.close());
    const k = await client(relay.kubeconfig);
    const errors: PortForwardError[] = [];
    await using pf = await portForward(k, pod, `:${port}`, {
      namespace,
      addresses: ["127.0.0.1"],
      onError: (e) => errors.push(e),
    });
    const socket = connect(pf.localPort, "127.0.0.1");
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.on("error", () => undefined);
    socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n"); // keep-alive: the tunnel stays open
    await new Promise((resolve) => socket.once("data", resolve));
    relay.cut();
    await closed;
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]?.message).toMatch(
      new RegExp(`^forwarding a connection to port ${port} of pod "${pod}" failed: `),
    );
    expect(await httpGet(pf.localPort)).toBe("after the cut");
  });
});
