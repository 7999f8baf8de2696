// Every auth method the API server can verify, checked against the real local control plane with
// whoami (SelfSubjectReview): the server, not the client, says who we are.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach } from "vitest";
import { ForbiddenError } from "@kr8s/core";
import { describe, expect, kubectl, test } from "../../../scripts/cluster/fixtures.ts";
import { mintClientCert } from "../../../scripts/cluster/certs.ts";
import {
  closeApis,
  connect,
  kubeconfigFor,
  localCluster,
  serviceAccountToken,
  tempDir,
  writeExecPlugin,
} from "./support.ts";

describe("connecting to the local control plane", () => {
  afterEach(async () => {
    await closeApis();
  });

  test("client certificate from the kubeconfig: the admin user, and the server version kubectl sees", async ({
    kubeconfig,
  }) => {
    const k = await connect({ kubeconfig });
    const me = await k.whoami();
    expect(me.username).toBe("kr8s-admin");
    expect(me.groups).toContain("system:masters");
    const kubectlVersion = JSON.parse((await kubectl(["version", "-o", "json"])).stdout) as {
      serverVersion: { gitVersion: string };
    };
    expect((await k.version()).gitVersion).toBe(kubectlVersion.serverVersion.gitVersion);
    expect(k.namespace).toBe("default");
  });

  test("static bearer token from a kubeconfig context, and RBAC denial as a typed 403", async ({
    kubeconfig,
  }) => {
    const k = await connect({ kubeconfig, context: "kr8s-token" });
    const me = await k.whoami();
    const user = localCluster().tokenUsers[0];
    expect(me.username).toBe(user?.name);
    expect(me.groups).toContain("kr8s:testers");

    const denied = await k
      .request({ method: "GET", path: "/api/v1/namespaces/default/pods" })
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(ForbiddenError);
    const error = denied as ForbiddenError;
    expect(error.statusCode).toBe(403);
    expect(error.status.reason).toBe("Forbidden");
    expect(error.message).toContain('cannot list resource "pods"');
    expect(error.message).not.toContain(user?.token);
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
    const server = new URL(localCluster().server);
    await writeFile(join(dir, "token"), token);
    await writeFile(join(dir, "namespace"), namespace);
    await writeFile(join(dir, "ca.crt"), await readFile(localCluster().caCert));
    const home = await tempDir("home");
    const k = await connect({
      serviceAccount: dir,
      homeDir: home,
      env: { KUBERNETES_SERVICE_HOST: server.hostname, KUBERNETES_SERVICE_PORT: server.port, HOME: home },
    });
    expect((await k.whoami()).username).toBe(`system:serviceaccount:${namespace}:in-cluster`);
    expect(k.namespace).toBe(namespace);
    void kubeconfig;
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

  test("exec credential plugin (v1beta1) returning a client certificate signed by the cluster CA", async () => {
    const cluster = localCluster();
    const dir = await tempDir("exec-cert");
    const cert = await mintClientCert({
      caCert: cluster.caCert,
      caKey: cluster.caKey,
      commonName: "exec-cert-user",
      groups: ["kr8s:exec"],
      outDir: dir,
    });
    const command = await writeExecPlugin(
      dir,
      `console.log(JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1beta1", kind: "ExecCredential",
         status: { clientCertificateData: ${JSON.stringify(cert.certPem)}, clientKeyData: ${JSON.stringify(cert.keyPem)} } }));`,
    );
    const k = await connect({
      kubeconfig: await kubeconfigFor(cluster.kubeconfig, {
        exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command },
      }),
    });
    const me = await k.whoami();
    expect(me.username).toBe("exec-cert-user");
    expect(me.groups).toContain("kr8s:exec");
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

  test("impersonation: as, several as-groups and as-uid, as the server sees it", async ({ kubeconfig }) => {
    const cluster = localCluster();
    const admin = cluster.users.find((u) => u.name === "kr8s-admin");
    if (!admin?.clientCert || !admin.clientKey)
      throw new Error("cluster.json has no admin client certificate");
    const k = await connect({
      kubeconfig: await kubeconfigFor(kubeconfig, {
        "client-certificate": admin.clientCert,
        "client-key": admin.clientKey,
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
