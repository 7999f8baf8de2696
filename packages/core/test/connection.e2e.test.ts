// Every auth method the API server can verify, checked against the cluster under test (the local control
// plane, or KR8S_TEST_KUBECONFIG's) with whoami (SelfSubjectReview): the server, not the client, says who
// we are. Methods that need the local control plane's own users or CA key are in
// connection.harness.e2e.test.ts.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach } from "vitest";
import { resolveConnection } from "@kr8s/core";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import {
  closeApis,
  connect,
  currentUser,
  kubeconfigFor,
  serviceAccountToken,
  tempDir,
  writeExecPlugin,
} from "./support.ts";

describe("connecting to the cluster under test", () => {
  afterEach(async () => {
    await closeApis();
  });

  test("the kubeconfig's current user: the identity, namespace and server version kubectl sees", async ({
    kubeconfig,
  }) => {
    const k = await connect({ kubeconfig });
    const theirs = JSON.parse((await kubectl(["auth", "whoami", "-o", "json"])).stdout) as {
      status: { userInfo: { username: string; groups: string[] } };
    };
    const me = await k.whoami();
    expect(me.username).toBe(theirs.status.userInfo.username);
    expect(me.groups).toEqual(theirs.status.userInfo.groups);
    const kubectlVersion = JSON.parse((await kubectl(["version", "-o", "json"])).stdout) as {
      serverVersion: { gitVersion: string };
    };
    expect((await k.version()).gitVersion).toBe(kubectlVersion.serverVersion.gitVersion);
    const namespace = await kubectl(["config", "view", "--minify", "-o", "jsonpath={..namespace}"]);
    expect(k.namespace).toBe(namespace.stdout.trim() || "default");
  });

  test("service-account token from the TokenRequest API, namespace from the context", async ({
    kubeconfig,
    namespace,
  }) => {
    const token = await serviceAccountToken(namespace, "robot");
    const k = await connect({ kubeconfig: await kubeconfigFor(kubeconfig, { token }, namespace) });
    expect((await k.whoami()).username).toBe(`system:serviceaccount:${namespace}:robot`);
    expect(k.namespace).toBe(namespace);
  });

  test("in-cluster service account: token, ca.crt and namespace from the service-account directory", async ({
    kubeconfig,
    namespace,
  }) => {
    const token = await serviceAccountToken(namespace, "in-cluster");
    const dir = await tempDir("sa");
    const { server: url, tls } = await resolveConnection({ kubeconfig });
    const server = new URL(url);
    await writeFile(join(dir, "token"), token);
    await writeFile(join(dir, "namespace"), namespace);
    if (tls.ca === undefined) throw new Error("this test needs a kubeconfig with the cluster's CA");
    await writeFile(join(dir, "ca.crt"), tls.ca);
    const home = await tempDir("home");
    const k = await connect({
      serviceAccount: dir,
      homeDir: home,
      env: { KUBERNETES_SERVICE_HOST: server.hostname, KUBERNETES_SERVICE_PORT: server.port, HOME: home },
    });
    expect((await k.whoami()).username).toBe(`system:serviceaccount:${namespace}:in-cluster`);
    expect(k.namespace).toBe(namespace);
  });

  test("tokenFile is re-read when the token rotates", async ({ kubeconfig, namespace }) => {
    const dir = await tempDir("token-file");
    const tokenFile = join(dir, "token");
    await writeFile(tokenFile, await serviceAccountToken(namespace, "first"));
    const k = await connect({ kubeconfig: await kubeconfigFor(kubeconfig, { tokenFile }) });
    expect((await k.whoami()).username).toBe(`system:serviceaccount:${namespace}:first`);

    await writeFile(tokenFile, await serviceAccountToken(namespace, "second"));
    expect((await k.whoami()).username).toBe(`system:serviceaccount:${namespace}:second`);
  });

  test("exec credential plugin (v1) returning a token, run once while the token is valid", async ({
    kubeconfig,
    namespace,
  }) => {
    const dir = await tempDir("exec-token");
    const token = await serviceAccountToken(namespace, "exec-robot");
    const command = await writeExecPlugin(
      dir,
      `import { appendFileSync } from "node:fs";
       appendFileSync(${JSON.stringify(join(dir, "calls"))}, "x\\n");
       const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
       const expirationTimestamp = new Date(Date.now() + 3600_000).toISOString();
       console.log(JSON.stringify({ apiVersion: info.apiVersion, kind: "ExecCredential",
         status: { token: ${JSON.stringify(token)}, expirationTimestamp } }));`,
    );
    const k = await connect({
      kubeconfig: await kubeconfigFor(kubeconfig, {
        exec: { apiVersion: "client.authentication.k8s.io/v1", command, interactiveMode: "Never" },
      }),
    });
    expect((await k.whoami()).username).toBe(`system:serviceaccount:${namespace}:exec-robot`);
    expect((await k.whoami()).username).toBe(`system:serviceaccount:${namespace}:exec-robot`);
    expect((await readFile(join(dir, "calls"), "utf8")).trim().split("\n")).toHaveLength(1);
  });

  test("exec plugin is re-run once when the server answers 401 to its token", async ({
    kubeconfig,
    namespace,
  }) => {
    const dir = await tempDir("exec-401");
    const good = await serviceAccountToken(namespace, "rotated");
    // First run: a token the server rejects (and claims valid for an hour); later runs: a good token.
    const command = await writeExecPlugin(
      dir,
      `import { appendFileSync, existsSync } from "node:fs";
       const calls = ${JSON.stringify(join(dir, "calls"))};
       const token = existsSync(calls) ? ${JSON.stringify(good)} : "not-a-valid-token";
       appendFileSync(calls, "x\\n");
       console.log(JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1", kind: "ExecCredential",
         status: { token, expirationTimestamp: new Date(Date.now() + 3600_000).toISOString() } }));`,
    );
    const k = await connect({
      kubeconfig: await kubeconfigFor(kubeconfig, {
        exec: { apiVersion: "client.authentication.k8s.io/v1", command, interactiveMode: "Never" },
      }),
    });
    expect((await k.whoami()).username).toBe(`system:serviceaccount:${namespace}:rotated`);
    expect((await readFile(join(dir, "calls"), "utf8")).trim().split("\n")).toHaveLength(2);
  });

  test("requests sent one after another share one connection, as kubectl's do", async ({
    kubeconfig,
    namespace,
  }) => {
    // A kubeconfig of its own: a client (and connections) no other test of the file holds.
    const k = await connect({ kubeconfig: await kubeconfigFor(kubeconfig, await currentUser(kubeconfig)) });
    let connections = 0;
    const connected = (): void => {
      connections++;
    };
    // undici publishes every connection it opens here.
    subscribe("undici:client:connected", connected);
    try {
      for (const plural of ["configmaps", "services", "secrets"])
        await k.request({ path: `/api/v1/namespaces/${namespace}/${plural}` });
    } finally {
      unsubscribe("undici:client:connected", connected);
    }
    expect(connections).toBe(1);
  });

  test("impersonation: as, several as-groups and as-uid, as the server sees it", async ({ kubeconfig }) => {
    // The kubeconfig's own user (an administrator on the test cluster) may impersonate.
    const k = await connect({
      kubeconfig: await kubeconfigFor(kubeconfig, {
        ...(await currentUser(kubeconfig)),
        as: "jane",
        "as-groups": ["developers", "oncall"],
        "as-uid": "1234",
      }),
    });
    const me = await k.whoami();
    expect(me.username).toBe("jane");
    expect(me.uid).toBe("1234");
    expect(me.groups).toEqual(expect.arrayContaining(["developers", "oncall", "system:authenticated"]));
  });
});
