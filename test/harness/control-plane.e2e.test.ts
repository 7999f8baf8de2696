// Validates the harness's control plane with the reference client (kubectl): the node, the controllers
// and scheduler, namespace finalization, and RBAC for the unprivileged token user.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mintClientCert } from "@kr8s/test-utils/certs";
import { clusterInfo, describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";

interface NodeList {
  items: {
    metadata: { name: string; annotations?: Record<string, string> };
    status: { conditions: { type: string; status: string }[] };
  }[];
}

interface PodList {
  items: { status: { phase: string; conditions?: { type: string; status: string }[] } }[];
}

describe("control plane", () => {
  test("get nodes shows a Ready fake node", async () => {
    const table = await kubectl(["get", "nodes"]);
    expect(table.exitCode, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^\S+\s+Ready\s/m);

    const json = await kubectl(["get", "nodes", "-o", "json"]);
    const nodes = (JSON.parse(json.stdout) as NodeList).items;
    const fake = nodes.filter((n) => n.metadata.annotations?.["kwok.x-k8s.io/node"] === "fake");
    expect(fake.length).toBeGreaterThan(0);
    for (const node of fake) {
      expect(node.status.conditions).toContainEqual(
        expect.objectContaining({ type: "Ready", status: "True" }),
      );
    }
  });

  test("a Deployment of 2 replicas gets 2 Running pods", async ({ namespace }) => {
    const created = await kubectl(["create", "deployment", "web", "--image=nginx", "--replicas=2"], {
      namespace,
    });
    expect(created.exitCode, created.stderr).toBe(0);
    const rollout = await kubectl(["rollout", "status", "deployment/web", "--timeout=90s"], {
      namespace,
      timeoutMs: 100_000,
    });
    expect(rollout.exitCode, rollout.stderr).toBe(0);

    const pods = JSON.parse(
      (await kubectl(["get", "pods", "-l", "app=web", "-o", "json"], { namespace })).stdout,
    ) as PodList;
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.status.phase).toBe("Running");
      expect(pod.status.conditions).toContainEqual(
        expect.objectContaining({ type: "Ready", status: "True" }),
      );
    }
  });

  test("deleting a namespace with objects in it completes", async ({ namespace }) => {
    await kubectl(["create", "configmap", "settings", "--from-literal=a=b"], { namespace });
    const pod = await kubectl(["run", "doomed", "--image=busybox", "--restart=Never"], { namespace });
    expect(pod.exitCode, pod.stderr).toBe(0);
    await kubectl(["wait", "--for=condition=Ready", "pod/doomed", "--timeout=60s"], {
      namespace,
      timeoutMs: 70_000,
    });

    const deleted = await kubectl(["delete", "namespace", namespace, "--wait", "--timeout=90s"], {
      timeoutMs: 100_000,
    });
    expect(deleted.exitCode, deleted.stderr).toBe(0);
    const gone = await kubectl(["get", "namespace", namespace]);
    expect(gone.exitCode).not.toBe(0);
    expect(gone.stderr).toContain("NotFound");
  });
});

describe("RBAC and users", () => {
  test("the static token user has no permissions", async () => {
    const result = await kubectl(["get", "pods", "--namespace=default"], { context: "kr8s-token" });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain("Forbidden");
    expect(result.stderr).toContain('User "kr8s-token-user" cannot list resource "pods"');
  });

  test("kubectl auth whoami reports the token user's name and group", async () => {
    const result = await kubectl(["auth", "whoami", "-o", "json"], { context: "kr8s-token" });
    expect(result.exitCode, result.stderr).toBe(0);
    const review = JSON.parse(result.stdout) as {
      status: { userInfo: { username: string; groups: string[] } };
    };
    expect(review.status.userInfo.username).toBe("kr8s-token-user");
    expect(review.status.userInfo.groups).toEqual(
      expect.arrayContaining(["kr8s:testers", "system:authenticated"]),
    );
  });

  test("the admin can impersonate the token user, who is then forbidden", async () => {
    const whoami = await kubectl([
      "auth",
      "whoami",
      "-o",
      "json",
      "--as=kr8s-token-user",
      "--as-group=kr8s:testers",
    ]);
    expect(whoami.exitCode, whoami.stderr).toBe(0);
    expect(JSON.parse(whoami.stdout)).toMatchObject({
      status: { userInfo: { username: "kr8s-token-user" } },
    });
    const canI = await kubectl([
      "auth",
      "can-i",
      "list",
      "pods",
      "--namespace=default",
      "--as=kr8s-token-user",
    ]);
    expect(canI.stdout.trim()).toBe("no");
  });

  test("a client certificate minted with the cluster CA authenticates", async () => {
    const info = clusterInfo();
    if (!info) throw new Error("the harness tests validate the local control plane: cluster.json is missing");
    const dir = await mkdtemp(join(tmpdir(), "kr8s-cert-"));
    try {
      const cert = await mintClientCert({
        caCert: info.caCert,
        caKey: info.caKey,
        commonName: "kr8s-minted",
        groups: ["kr8s:minted"],
        outDir: dir,
      });
      const result = await kubectl(
        [
          `--server=${info.server}`,
          `--certificate-authority=${info.caCert}`,
          `--client-certificate=${cert.certPath}`,
          `--client-key=${cert.keyPath}`,
          "auth",
          "whoami",
          "-o",
          "json",
        ],
        { kubeconfig: "/dev/null" },
      );
      expect(result.exitCode, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        status: { userInfo: { username: "kr8s-minted", groups: ["kr8s:minted", "system:authenticated"] } },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
