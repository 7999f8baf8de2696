// Auth methods that need what only the local control plane has: its static token user (and its RBAC-less
// context `kr8s-token`) and its CA key, to mint client certificates. Run by the `core:e2e-harness` project.
import { mintClientCert } from "@kr8s/test-utils/certs";
import { afterEach } from "vitest";
import { ForbiddenError } from "@kr8s/core";
import { describe, expect, test } from "@kr8s/test-utils/fixtures";
import { closeApis, connect, kubeconfigFor, localCluster, tempDir, writeExecPlugin } from "./support.ts";

describe("connecting as the local control plane's own users", () => {
  afterEach(async () => {
    await closeApis();
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
});
