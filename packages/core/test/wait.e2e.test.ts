// APIObject.wait against the real API server, each form next to `kubectl wait` on the same object.
import { afterEach } from "vitest";
import { api, type Api } from "../src/api.ts";
import { APITimeoutError, InvalidArgumentError, NotFoundError } from "../src/errors.ts";
import { newClass, type APIObject } from "../src/objects/api-object.ts";
import { describe, expect, kubectl, runningPod, test } from "@kr8s/test-utils/fixtures";

// Minimal local classes: the built-in ones are written elsewhere at the same time.
const ConfigMap = newClass({ kind: "ConfigMap", apiVersion: "v1", plural: "configmaps" });
const Pod = newClass({ kind: "Pod", apiVersion: "v1", plural: "pods" });

const clients: Api[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function client(kubeconfig: string): Promise<Api> {
  const k = await api({ kubeconfig });
  clients.push(k);
  return k;
}

async function must(args: string[], namespace: string, input?: string): Promise<string> {
  const result = await kubectl(args, { namespace, ...(input === undefined ? {} : { input }) });
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

function configMap(k: Api, namespace: string, name: string): APIObject {
  return new ConfigMap({ metadata: { name, namespace } }, { api: k });
}

async function createConfigMap(namespace: string, name: string, data: Record<string, string>): Promise<void> {
  await must(
    ["create", "-f", "-"],
    namespace,
    JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data }),
  );
}

const patchData = (namespace: string, name: string, data: Record<string, string>) =>
  must(["patch", "configmap", name, "--type=merge", "-p", JSON.stringify({ data })], namespace);

/** Settles `promise` into a flag the test can read, so it can prove a wait has not returned yet. */
function track<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { promise, settled: () => settled };
}

describe("APIObject.wait on the real API server", () => {
  test("condition=Ready on a pod, as kubectl wait --for=condition=Ready, with the type and value in any case", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig);
    await must(["run", "web", "--image=busybox", "--restart=Never"], namespace);
    const pod = new Pod({ metadata: { name: "web", namespace } }, { api: k });
    const returned = await pod.wait("condition=Ready", { timeout: 60_000 });
    expect(returned).toBe(pod);
    const conditions = (pod.raw.status as { conditions: { type: string; status: string }[] }).conditions;
    expect(conditions.find((c) => c.type === "Ready")?.status).toBe("True");
    await pod.wait("condition=ready=TRUE", { timeout: 0 });
    const theirs = await kubectl(["wait", "--for=condition=Ready", "pod/web", "--timeout=0"], { namespace });
    expect(theirs.exitCode, theirs.stderr).toBe(0);
  });

  test("jsonpath forms on a Ready pod return at once, as kubectl wait does: integers, a filter with ==, existence", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig);
    await runningPod(namespace, "web");
    const pod = new Pod({ metadata: { name: "web", namespace } }, { api: k });
    const forms = [
      "jsonpath={.spec.terminationGracePeriodSeconds}=30",
      "jsonpath='{.status.phase}'=Running",
      'jsonpath={.status.conditions[?(@.type=="Ready")].status}=True',
      "jsonpath={.status.podIP}",
      "jsonpath={.metadata.labels}",
      "jsonpath=.metadata.name=web",
    ];
    for (const form of forms) {
      // timeout 0: the current state must already meet it (no waiting).
      await expect(pod.wait(form, { timeout: 0 }), form).resolves.toBe(pod);
      const theirs = await kubectl(
        ["wait", `--for=${form.replace("'{.status.phase}'", "{.status.phase}")}`, "pod/web", "--timeout=0"],
        {
          namespace,
        },
      );
      expect(theirs.exitCode, `kubectl wait --for=${form}: ${theirs.stderr}`).toBe(0);
    }
    await expect(
      pod.wait("jsonpath={.spec.terminationGracePeriodSeconds}=31", { timeout: 0 }),
    ).rejects.toThrow(APITimeoutError);
  });

  test("jsonpath keeps waiting while the field is absent and returns the state that met it", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig);
    await createConfigMap(namespace, "cm", { a: "1" });
    const cm = configMap(k, namespace, "cm");
    const waiting = track(cm.wait("jsonpath={.data.b}=ok", { timeout: 60_000 }));
    await patchData(namespace, "cm", { a: "2" });
    await patchData(namespace, "cm", { b: "not-yet" });
    // The wait cannot have returned on these: proven by the state it returns after the next change.
    expect(waiting.settled()).toBe(false);
    await patchData(namespace, "cm", { b: "ok" });
    await waiting.promise;
    expect(cm.raw).toMatchObject({ data: { a: "2", b: "ok" } });
  });

  test("delete: returns when the object is deleted, and at once when it is already gone", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig);
    await createConfigMap(namespace, "doomed", { a: "1" });
    const doomed = configMap(k, namespace, "doomed");
    const waiting = track(doomed.wait("delete", { timeout: 60_000 }));
    await must(["delete", "configmap", "doomed"], namespace);
    await waiting.promise;

    const never = configMap(k, namespace, "never-existed");
    await expect(never.wait("delete", { timeout: 0 })).resolves.toBe(never);
    const theirs = await kubectl(["wait", "--for=delete", "configmap/never-existed", "--timeout=0"], {
      namespace,
    });
    expect(theirs.exitCode, theirs.stderr).toBe(0);
  });

  test("create: returns once an object of that name exists, with the server's state", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig);
    const later = configMap(k, namespace, "later");
    const waiting = track(later.wait("create", { timeout: 60_000 }));
    await createConfigMap(namespace, "later", { made: "yes" });
    await waiting.promise;
    expect(later.raw).toMatchObject({ data: { made: "yes" }, metadata: { name: "later", namespace } });
    expect(later.metadata.uid).toBeTruthy();
  });

  test("several conditions: any returns on the first, all only when every one holds", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig);
    await createConfigMap(namespace, "cm", { a: "1", b: "1" });
    const cm = configMap(k, namespace, "cm");
    const conditions = ["jsonpath={.data.a}=2", "jsonpath={.data.b}=3"];

    const any = track(cm.wait(conditions, { timeout: 60_000 }));
    await patchData(namespace, "cm", { a: "2" });
    await any.promise;
    expect(cm.raw).toMatchObject({ data: { a: "2", b: "1" } });

    await patchData(namespace, "cm", { a: "1" });
    const all = track(cm.wait(conditions, { mode: "all", timeout: 60_000 }));
    await patchData(namespace, "cm", { b: "3" });
    expect(all.settled()).toBe(false);
    await patchData(namespace, "cm", { a: "2" });
    await all.promise;
    expect(cm.raw).toMatchObject({ data: { a: "2", b: "3" } });
  });

  test("a timeout is an APITimeoutError naming what it waited for and what it saw last", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig);
    await createConfigMap(namespace, "cm", { a: "1" });
    const cm = configMap(k, namespace, "cm");
    const error = await cm
      .wait(["jsonpath={.data.a}=never", "condition=Ready"], { timeout: 1500 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe(
      `timed out after 1500 ms waiting for configmaps/cm in namespace ${namespace} to meet ` +
        `jsonpath={.data.a}=never or condition=Ready; last seen: {.data.a} is "1"; no Ready condition`,
    );
    const theirs = await kubectl(["wait", "--for=jsonpath={.data.a}=never", "configmap/cm", "--timeout=1s"], {
      namespace,
    });
    expect(theirs.exitCode).not.toBe(0);
    expect(theirs.stderr).toContain("timed out waiting for the condition");
  });

  test("the timeout message of a wait on a Secret never shows the secret's value", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig);
    await must(["create", "secret", "generic", "creds", "--from-literal=password=hunter2-s3cret"], namespace);
    const Secret = newClass({ kind: "Secret", apiVersion: "v1", plural: "secrets" });
    const secret = new Secret({ metadata: { name: "creds", namespace } }, { api: k });
    const error = await secret
      .wait("jsonpath={.data.password}=other", { timeout: 1000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    const message = (error as Error).message;
    expect(message).toContain("{.data.password} has a value (hidden: the object is a Secret)");
    expect(message).not.toContain(Buffer.from("hunter2-s3cret").toString("base64"));
    expect(message).not.toContain("hunter2");
  });

  test("a condition on an object that does not exist is a NotFoundError, as in kubectl", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig);
    const missing = configMap(k, namespace, "missing");
    const error = await missing.wait("jsonpath={.data.a}=1", { timeout: 30_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe('configmaps "missing" not found');
    const theirs = await kubectl(
      ["wait", "--for=jsonpath={.data.a}=1", "configmap/missing", "--timeout=30s"],
      { namespace },
    );
    expect(theirs.stderr.trim()).toBe('Error from server (NotFound): configmaps "missing" not found');
  });

  test("aborting the signal ends the wait with the signal's reason; bad arguments fail before any request", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig);
    await createConfigMap(namespace, "cm", { a: "1" });
    const cm = configMap(k, namespace, "cm");
    const controller = new AbortController();
    const waiting = cm.wait("jsonpath={.data.a}=2", { signal: controller.signal });
    controller.abort(new Error("stop waiting"));
    await expect(waiting).rejects.toThrow("stop waiting");
    await expect(cm.wait(["delete", "create"], { mode: "all" })).rejects.toThrow(InvalidArgumentError);
    await expect(cm.wait("ready")).rejects.toThrow(InvalidArgumentError);
    await expect(cm.wait([])).rejects.toThrow(InvalidArgumentError);
  });
});
