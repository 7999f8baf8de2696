// Credentials are used only over TLS, as client-go does (clientcmd's ClientConfig reads the user's auth only
// when the server is https): a plain-HTTP server gets no Authorization header, and no exec plugin or OIDC
// refresh runs for it. Impersonation headers are still sent. kubectl v1.32 runs against the same stub.
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { run } from "@kr8s/test-utils/exec";
import { api } from "../../src/api.ts";
import { createStaticCredentialSource } from "../../src/config/auth/token.ts";
import { DispatcherPool } from "../../src/http/dispatcher-pool.ts";
import { createTransport } from "../../src/http/transport.ts";
import type { SeenRequest } from "./helpers.ts";
import { connection, recordingServer, writeKubeconfig } from "./helpers.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** An exec plugin that leaves `marker` behind when it runs. */
function execUser(marker: string): Record<string, unknown> {
  const credential = JSON.stringify({
    apiVersion: "client.authentication.k8s.io/v1",
    kind: "ExecCredential",
    status: { token: "exec-token-secret" },
  });
  return {
    exec: {
      apiVersion: "client.authentication.k8s.io/v1",
      command: "/bin/sh",
      args: ["-c", `touch '${marker}'; echo '${credential}'`],
      interactiveMode: "Never",
    },
  };
}

const users: [string, (dir: string, server: string) => Record<string, unknown>][] = [
  ["token", () => ({ token: "static-token-secret" })],
  ["username/password", () => ({ username: "admin", password: "basic-password-secret" })],
  [
    "tokenFile",
    (dir) => {
      writeFileSync(join(dir, "token"), "file-token-secret");
      return { tokenFile: join(dir, "token") };
    },
  ],
  ["exec plugin", (dir) => execUser(join(dir, "exec-ran"))],
  [
    "auth-provider oidc with an expired id-token",
    (_dir, server) => ({
      "auth-provider": {
        name: "oidc",
        config: {
          "client-id": "kr8s",
          // A JWT whose exp (1) is long past: using it would mean asking the issuer (the stub) first.
          "id-token": `e30.${Buffer.from('{"exp":1}').toString("base64url")}.sig`,
          "refresh-token": "refresh-token-secret",
          "idp-issuer-url": `${server}/issuer`,
        },
      },
    }),
  ],
];

/** What an observer of the wire must never see: an Authorization header or any of the secrets. */
function expectNoCredentials(seen: readonly SeenRequest[]): void {
  expect(seen.length).toBeGreaterThan(0);
  for (const request of seen) {
    expect(request.headers.authorization).toBeUndefined();
    expect(JSON.stringify(request)).not.toContain("secret");
  }
}

describe("a plain-HTTP server gets no credentials", () => {
  it.each(users)(
    "%s: no Authorization header, nothing run or fetched for it; kubectl sends none either",
    async (_name, user) => {
      const stub = await recordingServer(() => ({ status: 200 }));
      cleanups.push(() => stub.close());
      const kubeconfig = writeKubeconfig(stub.url, (dir) => ({ ...user(dir, stub.url), as: "jane" }));
      cleanups.push(() => rmSync(kubeconfig.dir, { recursive: true, force: true }));
      const k = await api({ kubeconfig: kubeconfig.path });
      cleanups.push(() => k.close());
      await k.request({ path: "/kr8s" });
      const kubectl = await run(
        referenceKubectl,
        ["--kubeconfig", kubeconfig.path, "get", "--raw", "/kubectl"],
        {
          timeoutMs: 30_000,
        },
      );
      expect(kubectl.exitCode, kubectl.stderr).toBe(0);

      const ours = stub.seen.filter((r) => r.path === "/kr8s");
      const theirs = stub.seen.filter((r) => r.path === "/kubectl");
      expectNoCredentials(ours);
      expectNoCredentials(theirs);
      // Impersonation is not a credential: both still send it.
      expect(ours[0]?.headers["impersonate-user"]).toBe("jane");
      expect(theirs[0]?.headers["impersonate-user"]).toBe("jane");
      expect(existsSync(join(kubeconfig.dir, "exec-ran"))).toBe(false);
      expect(stub.seen.some((r) => r.path.includes("issuer"))).toBe(false);
    },
  );

  it("the same token is sent once the server is https (the rule is the scheme, not the user)", async () => {
    const credentials = createStaticCredentialSource({ id: "t", token: "tok" });
    let seenAuthorization: string | undefined;
    const { MockAgent } = await import("undici");
    const agent = new MockAgent();
    agent.disableNetConnect();
    cleanups.push(() => agent.close());
    agent
      .get("https://k8s.example")
      .intercept({ path: "/x" })
      .reply((opts) => {
        seenAuthorization = (opts.headers as Record<string, string>).authorization;
        return { statusCode: 200, data: "{}" };
      });
    await createTransport(connection("https://k8s.example", { credentials }), { dispatcher: agent }).request({
      path: "/x",
    });
    expect(seenAuthorization).toBe("Bearer tok");
  });

  it("a WebSocket upgrade to ws:// carries no Authorization and runs no plugin", async () => {
    const upgrades: SeenRequest[] = [];
    const stub = await recordingServer(() => ({ status: 200 }));
    const wss = new WebSocketServer({ server: stub.server });
    wss.on("connection", (socket, req) => {
      upgrades.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers });
      socket.close();
    });
    const pool = new DispatcherPool();
    cleanups.push(
      () => stub.close(),
      () => new Promise<void>((resolve) => wss.close(() => resolve())),
      () => pool.close(),
    );
    let gets = 0;
    const credentials = {
      id: "counting",
      get: () => {
        gets++;
        return Promise.resolve({ token: "ws-token-secret", generation: 1 });
      },
      invalidate: () => false,
    };
    const transport = createTransport(connection(stub.url, { credentials }), { pool });
    const { socket } = await transport.openWebSocket("/exec", { protocols: ["v5.channel.k8s.io"] });
    socket.terminate();
    await transport.request({ path: "/plain" });
    expect(upgrades).toHaveLength(1);
    expectNoCredentials(upgrades);
    expectNoCredentials(stub.seen);
    expect(gets).toBe(0);
  });
});
