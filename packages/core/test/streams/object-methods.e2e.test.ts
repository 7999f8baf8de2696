// The streaming methods of the built-in classes (pod.exec, deployment.exec/logs, service.exec) reach the same
// pods as the stream functions and as kubectl: exec in a Deployment or Service runs in its ready pod.
import { afterEach } from "vitest";
import { Deployment, Pod, Service, type Api } from "@kr8s/core";
import { describe, expect, kubectl, runningPod, test } from "@kr8s/test-utils/fixtures";
import { closeApis, connect } from "../support.ts";

afterEach(async () => {
  await closeApis();
});

function client(kubeconfig: string, namespace: string): Promise<Api> {
  return connect({ kubeconfig, namespace });
}

describe("streaming methods of the built-in classes", () => {
  test("pod.exec runs in that pod, with its exit code, as kubectl exec does", async ({
    kubeconfig,
    namespace,
  }) => {
    const name = await runningPod(namespace);
    const api = await client(kubeconfig, namespace);
    const pod = await Pod.get(name, { api });
    const ours = await pod.exec(["sh", "-c", "echo $0; exit 4", "hi"], { check: false });
    const theirs = await kubectl(["exec", name, "--", "sh", "-c", "echo $0; exit 4", "hi"], { namespace });
    expect(ours).toMatchObject({ stdout: theirs.stdout, exitCode: theirs.exitCode });
    expect(ours.exitCode).toBe(4);
  });

  test("deployment.exec and service.exec run a command through their ready pod; deployment.logs prints what kubectl logs deploy/ prints", async ({
    kubeconfig,
    namespace,
  }) => {
    const api = await client(kubeconfig, namespace);
    const labels = { app: "web" };
    const [deploy] = (await api.create({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: "web", image: "nginx" }] } },
      },
    })) as unknown as [Deployment];
    const [svc] = (await api.create({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web" },
      spec: { selector: labels, ports: [{ port: 80 }] },
    })) as unknown as [Service];
    expect(deploy).toBeInstanceOf(Deployment);
    expect(svc).toBeInstanceOf(Service);

    const fromDeploy = await deploy.exec(["sh", "-c", "echo $HOSTNAME"]);
    const fromService = await svc.exec(["sh", "-c", "echo $HOSTNAME"]);
    const theirExec = await kubectl(["exec", "deploy/web", "--", "sh", "-c", "echo $HOSTNAME"], {
      namespace,
    });
    expect(fromDeploy).toMatchObject({ stdout: theirExec.stdout, exitCode: 0, container: "web" });
    expect(fromService).toMatchObject({ stdout: theirExec.stdout, exitCode: 0, container: "web" });

    const lines: string[] = [];
    for await (const line of deploy.logs({ tailLines: 1 })) lines.push(line);
    const theirs = await kubectl(["logs", "deploy/web", "--tail=1"], { namespace });
    expect(lines.length).toBe(1);
    expect(lines[0]).toContain(theirs.stdout.trim());
  });
});
