// Pod, Service, ConfigMap, Secret and Job helpers against the real control plane, a fresh namespace each.
import { afterEach } from "vitest";
import { ConfigMap, Job, Pod, Secret, Service, type Api } from "@kr8s/core";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { closeApis, connect } from "../support.ts";
import { eventually, kind, kubectlOk, workloadManifest } from "./helpers.ts";

afterEach(async () => {
  await closeApis();
});

/** Writes the pod's Ready condition through the status subresource, as a kubelet would. */
async function setReady(k: Api, name: string, status: "True" | "False"): Promise<void> {
  await k.patch(
    "pods",
    name,
    { status: { conditions: [{ type: "Ready", status }] } },
    { subresource: "status" },
  );
}

describe("Pod", () => {
  test("Pod.gen, create, ready(): KWOK makes it Ready, as kubectl wait sees it", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await connect({ kubeconfig, namespace });
    const pod = Pod.gen(
      { name: "web", image: "nginx", labels: { app: "web" }, env: { MODE: "dev" }, ports: [80] },
      { api: k },
    );
    const [created] = await k.create(pod);
    expect(created?.name).toBe("web");
    const stored = JSON.parse(await kubectlOk(["get", "pod", "web", "-o", "json"], { namespace })) as {
      spec: {
        containers: { name: string; image: string; env: unknown; ports: unknown }[];
        restartPolicy: string;
      };
    };
    expect(stored.spec.containers[0]).toMatchObject({
      name: "web",
      image: "nginx",
      env: [{ name: "MODE", value: "dev" }],
      ports: [{ containerPort: 80, protocol: "TCP" }],
    });
    expect(stored.spec.restartPolicy).toBe("Always");

    await eventually("the pod to be Ready", () => pod.ready());
    expect(pod.raw.status?.phase).toBe("Running");
    expect(
      (await kubectl(["wait", "--for=condition=Ready", "pod/web", "--timeout=1s"], { namespace })).exitCode,
    ).toBe(0);

    // A Ready condition that is False (KWOK leaves a status written by hand alone) is not ready.
    await setReady(k, "web", "False");
    expect(await pod.ready()).toBe(false);
    const waited = await kubectl(["wait", "--for=condition=Ready", "pod/web", "--timeout=1s"], { namespace });
    expect(waited.exitCode).not.toBe(0);
  });

  test("ready() is false while the pod cannot be scheduled", async ({ kubeconfig, namespace }) => {
    const k = await connect({ kubeconfig, namespace });
    const pod = Pod.gen({ name: "nowhere", image: "busybox" }, { api: k });
    pod.raw.spec = {
      ...pod.raw.spec,
      containers: pod.raw.spec?.containers ?? [],
      nodeSelector: { none: "x" },
    };
    await k.create(pod);
    expect(await pod.ready()).toBe(false);
    expect(pod.raw.status?.phase).toBe("Pending");
  });
});

async function deployment(k: Api, name: string, replicas: number): Promise<void> {
  await k.create(workloadManifest("Deployment", name, { replicas }));
}

describe("Service", () => {
  test("readyPods() are the pods behind its ready endpoints; ready() once there is one", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await connect({ kubeconfig, namespace });
    await deployment(k, "web", 2);
    const svc = new Service(
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "web" },
        spec: { selector: { app: "web" }, ports: [{ port: 80 }] },
      },
      { api: k },
    );
    await k.create(svc);
    const empty = new Service(
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "empty" },
        spec: { selector: { app: "none" }, ports: [{ port: 80 }] },
      },
      { api: k },
    );
    await k.create(empty);

    await eventually("two ready endpoints", async () => (await svc.readyPods()).length === 2);
    expect(await svc.ready()).toBe(true);
    const pods = await svc.readyPods();
    expect(pods.every((pod) => pod instanceof Pod)).toBe(true);
    // The same pods kubectl finds behind the service's EndpointSlices.
    const targets = await kubectlOk(
      [
        "get",
        "endpointslices",
        "-l",
        "kubernetes.io/service-name=web",
        "-o",
        "jsonpath={.items[*].endpoints[*].targetRef.name}",
      ],
      { namespace },
    );
    expect(pods.map((pod) => pod.name).sort()).toEqual(targets.trim().split(" ").sort());

    // A pod whose Ready condition turns False leaves the ready endpoints, and readyPods().
    const [unready, still] = pods;
    await setReady(k, unready?.name ?? "", "False");
    await eventually("one ready endpoint", async () => (await svc.readyPods()).length === 1, 30_000);
    expect((await svc.readyPods()).map((pod) => pod.name)).toEqual([still?.name]);
    expect(await svc.ready()).toBe(true);

    expect(await empty.readyPods()).toEqual([]);
    expect(await empty.ready()).toBe(false);
  });
});

describe("ConfigMap and Secret", () => {
  test("ConfigMap data and binaryData round trip through the server", async ({ kubeconfig, namespace }) => {
    const k = await connect({ kubeconfig, namespace });
    const cm = new ConfigMap({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" } }, { api: k });
    cm.data.color = "blue";
    cm.binaryData = { blob: new Uint8Array([0, 1, 254, 255]) };
    await k.create(cm);
    const [read] = (await k.get(kind(ConfigMap), "cfg")) as unknown as ConfigMap[];
    expect(read?.data).toEqual({ color: "blue" });
    expect(read?.binaryData.blob).toEqual(Buffer.from([0, 1, 254, 255]));
    expect(await kubectlOk(["get", "cm", "cfg", "-o", "jsonpath={.binaryData.blob}"], { namespace })).toBe(
      "AAH+/w==",
    );
  });

  test("Secret data is decoded on read and encoded on write, as kubectl stores and shows it", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await connect({ kubeconfig, namespace });
    await k.create(Secret.gen({ name: "db", data: { password: "s3cret é", key: new Uint8Array([0, 255]) } }));
    const decoded = async (key: string) =>
      Buffer.from(
        await kubectlOk(["get", "secret", "db", "-o", `jsonpath={.data.${key}}`], { namespace }),
        "base64",
      );
    expect((await decoded("password")).toString("utf8")).toBe("s3cret é");
    expect(await decoded("key")).toEqual(Buffer.from([0, 255]));

    // kubectl writes through stringData; kr8s reads it back decoded.
    await kubectlOk(["create", "secret", "generic", "api", "--from-literal=token=abc123"], { namespace });
    const [api] = (await k.get(kind(Secret), "api")) as unknown as Secret[];
    if (!api) throw new Error("no secret");
    expect(api.data).toEqual({ token: "abc123" });

    api.data = { token: "rotated", extra: "x" };
    await k.replace(api);
    expect((await decoded("password")).toString()).toBe("s3cret é");
    expect(
      Buffer.from(
        await kubectlOk(["get", "secret", "api", "-o", "jsonpath={.data.token}"], { namespace }),
        "base64",
      ).toString(),
    ).toBe("rotated");
  });
});

describe("Job", () => {
  test("scales through spec.parallelism (its scalableSpec): the controller runs that many pods", async ({
    kubeconfig,
    namespace,
  }) => {
    expect(Job.scalable).toBe(true);
    expect(Job.scalableSpec).toBe("parallelism");
    const k = await connect({ kubeconfig, namespace });
    await k.create({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "work" },
      spec: {
        parallelism: 1,
        completions: 10,
        // Pods that can never be scheduled stay active (KWOK would complete runnable ones at once), so the
        // number of pods is exactly what parallelism allows.
        template: {
          spec: {
            restartPolicy: "Never",
            nodeSelector: { none: "x" },
            containers: [{ name: "main", image: "busybox" }],
          },
        },
      },
    });
    const active = async () => {
      const [job] = (await k.get(kind(Job), "work")) as unknown as Job[];
      return job?.raw.status?.active ?? 0;
    };
    await eventually("one active pod", async () => (await active()) === 1);
    await k.patch(kind(Job), "work", { spec: { [Job.scalableSpec]: 3 } }, { type: "merge" });
    await eventually("three active pods", async () => (await active()) === 3);
    const pods = await kubectlOk(["get", "pods", "-l", "job-name=work", "-o", "name"], {
      namespace,
    });
    expect(pods.trim().split("\n")).toHaveLength(3);
  });
});
