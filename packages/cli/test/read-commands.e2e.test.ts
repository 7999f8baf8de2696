// api-resources, api-versions, auth can-i, cluster-info and events: kr8s and the installed kubectl on the
// same cluster, same arguments: stdout, stderr and exit code compared (ages are made stable by the data).
import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { kubeconfigFor, serviceAccountToken } from "../../core/test/support.ts";
import { describe, expect, kubectl, spawnKubectl, test } from "@kr8s/test-utils/fixtures";
import type { RunResult } from "@kr8s/test-utils/exec";
import { kr8s } from "./run-cli.ts";

/** Both CLIs on the same arguments, side by side. */
async function both(args: readonly string[], kubeconfig: string): Promise<[RunResult, RunResult]> {
  return Promise.all([kr8s([...args, "--kubeconfig", kubeconfig]), kubectl(args, { kubeconfig })]);
}

function expectSame([ours, theirs]: [RunResult, RunResult], bin = "kubectl"): void {
  expect(ours.stdout).toBe(theirs.stdout);
  expect(ours.stderr.replaceAll("kr8s ", `${bin} `)).toBe(theirs.stderr);
  expect(ours.exitCode).toBe(theirs.exitCode);
}

/** Built-in groups only: other tests add and remove CRDs on the shared cluster at any moment. */
const builtIn = (line: string): boolean => !/\.(?!k8s\.io\b)[a-z0-9-]+\.[a-z]+(\/|$|\s)/.test(line);

describe("api-resources and api-versions print what kubectl prints", () => {
  // One group at a time keeps the table's widths independent of CRDs installed by other tests.
  test.for([
    ["--api-group="],
    ["--api-group=apps"],
    ["--api-group=rbac.authorization.k8s.io", "-o", "wide"],
    ["--api-group=", "--namespaced=false"],
    ["--api-group=", "--namespaced=true", "--sort-by=kind"],
    ["--api-group=", "--verbs=list,watch", "--sort-by=name", "--no-headers"],
    ["--api-group=", "--categories=all"],
    ["-o", "xml"],
    ["--sort-by=age"],
  ])("api-resources %s", async (args, { kubeconfig }) => {
    expectSame(await both(["api-resources", ...args], kubeconfig));
  });

  test("api-resources -o name and api-versions list the same built-in resources and versions", async ({
    kubeconfig,
  }) => {
    for (const args of [["api-resources", "-o", "name"], ["api-versions"]]) {
      const [ours, theirs] = await both(args, kubeconfig);
      expect(ours.exitCode).toBe(0);
      const lines = (text: string): string[] => text.split("\n").filter(builtIn);
      expect(lines(ours.stdout)).toEqual(lines(theirs.stdout));
      expect(ours.stdout).toContain(args[0] === "api-versions" ? "\napps/v1\n" : "\ndeployments.apps\n");
    }
  });
});

describe("auth can-i answers as kubectl does", () => {
  test.for([
    ["create", "pods"],
    ["get", "pods/web"],
    ["get", "pods", "--subresource=log"],
    ["list", "deploy.apps", "-A"],
    ["get", "nodes"],
    ["list", "clusterroles.rbac.authorization.k8s.io"],
    ["list", "foos"],
    ["list", "widgets.example.com"],
    ["frobnicate", "pods"],
    ["get", "/healthz"],
    ["post", "/healthz"],
    ["get", "users"],
    ["get"],
    ["get", "pods", "--list"],
    ["--list", "-A"],
    ["get", "/healthz", "--subresource=x"],
  ])("auth can-i %s", async (args, { kubeconfig, namespace }) => {
    expectSame(await both(["auth", "can-i", ...args, "-n", namespace], kubeconfig));
  });

  test("a service account is told no (exit 1), with the authorizer's reason if any; -q prints nothing", async ({
    kubeconfig,
    namespace,
  }) => {
    const file = await accountKubeconfig(kubeconfig, namespace, "plain");
    for (const args of [
      ["delete", "nodes"],
      ["list", "secrets"],
      ["list", "secrets", "-q"],
      ["get", "/healthz"],
    ]) {
      expectSame(await both(["auth", "can-i", ...args], file));
    }
    const [ours] = await both(["auth", "can-i", "list", "secrets"], file);
    expect(ours.stdout).toMatch(/^no/);
    expect(ours.exitCode).toBe(1);
  });

  test("--list prints the admin's rules as kubectl does", async ({ kubeconfig, namespace }) => {
    expectSame(await both(["auth", "can-i", "--list", "-n", namespace], kubeconfig));
    expectSame(await both(["auth", "can-i", "--list", "--no-headers", "-n", namespace], kubeconfig));
  });

  test("--list merges and sorts rules as kubectl does (names, several groups, verbs split over rules)", async ({
    kubeconfig,
    namespace,
  }) => {
    const role = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "mixed", namespace },
      rules: [
        { apiGroups: ["", "apps"], resources: ["pods", "deployments/scale"], verbs: ["watch", "get"] },
        { apiGroups: [""], resources: ["pods"], verbs: ["list"] },
        { apiGroups: [""], resources: ["configmaps"], resourceNames: ["b", "a"], verbs: ["update", "get"] },
      ],
    };
    const binding = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "mixed", namespace },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "mixed" },
      subjects: [{ kind: "ServiceAccount", name: "ranked", namespace }],
    };
    const file = await accountKubeconfig(kubeconfig, namespace, "ranked");
    const applied = await kubectl(["apply", "-f", "-"], {
      input: `${stringify(role)}---\n${stringify(binding)}`,
    });
    expect(applied.exitCode).toBe(0);
    // RBAC's informers see the new binding a moment later.
    await expect
      .poll(
        async () =>
          (await kubectl(["auth", "can-i", "list", "pods", "-n", namespace, "--kubeconfig", file])).stdout,
        { timeout: 20_000 },
      )
      .toBe("yes\n");
    const result = await both(["auth", "can-i", "--list", "-n", namespace], file);
    expectSame(result);
    expect(result[0].stdout).toMatch(/^pods\s+\[\]\s+\[\]\s+\[watch get list\]$/m);
    expect(result[0].stdout).toMatch(/^configmaps\s+\[\]\s+\[a\]\s+\[update get\]$/m);
    expect(result[0].stdout).toMatch(/^deployments\.apps\/scale\s+/m);
  });
});

/** A kubeconfig for a new service account of `namespace` (a TokenRequest token, valid 10 minutes). */
async function accountKubeconfig(kubeconfig: string, namespace: string, name: string): Promise<string> {
  const token = await serviceAccountToken(namespace, name);
  const file = join(await mkdtemp(join(tmpdir(), "kr8s-cli-")), "config");
  await writeFile(file, stringify(await kubeconfigFor(kubeconfig, { token }, namespace)));
  return file;
}

describe("cluster-info prints what kubectl prints", () => {
  test("the control plane and the cluster services of a namespace, with kubectl's proxy links", async ({
    kubeconfig,
    namespace,
  }) => {
    const service = (
      name: string,
      port: { name?: string; port: number },
      labels: Record<string, string> = {},
    ) => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace, labels: { "kubernetes.io/cluster-service": "true", ...labels } },
      spec: { ports: [{ ...port, targetPort: 8080 }] },
    });
    const manifests = [
      service("dns", { name: "dns", port: 53 }, { "kubernetes.io/name": "CoreDNS" }),
      service("secure", { port: 443 }),
      service("plain", { port: 8080 }),
      { ...service("hidden", { port: 80 }), metadata: { name: "hidden", namespace } },
    ];
    const created = await kubectl(["apply", "-f", "-"], {
      input: manifests.map((m) => stringify(m)).join("---\n"),
    });
    expect(created.exitCode).toBe(0);
    const result = await both(["cluster-info", "-n", namespace], kubeconfig);
    expectSame(result);
    expect(result[0].stdout).toContain(`CoreDNS is running at `);
    expect(result[0].stdout).not.toContain("hidden");
  });

  test("dump, which kr8s does not have, is refused rather than answered with the summary", async ({
    kubeconfig,
  }) => {
    const dump = await kr8s(["cluster-info", "dump", "--kubeconfig", kubeconfig]);
    expect(dump).toMatchObject({
      exitCode: 1,
      stdout: "",
      stderr: "error: kr8s has no cluster-info dump: run kubectl cluster-info dump\n",
    });
  });
});

describe("events print what kubectl prints", () => {
  /** An RFC 3339 time `days` (plus a few minutes) ago: ages of 8 days and more print as whole days. */
  const ago = (days: number): string =>
    new Date(Date.now() - days * 86_400_000 - 300_000).toISOString().replace(/\.\d+Z$/, "Z");

  async function createEvents(namespace: string): Promise<void> {
    const base = (name: string) => ({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace },
      source: { component: "kr8s-test" },
    });
    const events = [
      {
        ...base("scheduled"),
        involvedObject: { apiVersion: "v1", kind: "Pod", name: "web", namespace },
        reason: "Scheduled",
        message: "  Successfully assigned web  ",
        type: "Normal",
        count: 1,
        firstTimestamp: ago(20),
        lastTimestamp: ago(20),
      },
      {
        ...base("backoff"),
        involvedObject: { apiVersion: "v1", kind: "Pod", name: "web", namespace },
        reason: "BackOff",
        message: "Back-off restarting failed container",
        type: "Warning",
        count: 3,
        firstTimestamp: ago(15),
        lastTimestamp: ago(9),
      },
      {
        ...base("series"),
        involvedObject: { apiVersion: "v1", kind: "ConfigMap", name: "settings", namespace },
        reason: "Updated",
        message: "ConfigMap updated",
        type: "Normal",
        eventTime: ago(12).replace("Z", ".000000Z"),
        series: { count: 2, lastObservedTime: ago(10).replace("Z", ".000000Z") },
        action: "Update",
        reportingComponent: "kr8s-test",
        reportingInstance: "kr8s-test-1",
      },
    ];
    const created = await kubectl(["create", "-f", "-"], {
      input: events.map((e) => stringify(e)).join("---\n"),
    });
    expect(created.stderr).toBe("");
  }

  // Thirty-four CLI runs: seconds each on a busy machine.
  test(
    "the table, --types, --for, -o json, and the empty case",
    { timeout: 300_000 },
    async ({ kubeconfig, namespace }) => {
      await createEvents(namespace);
      for (const args of [
        [],
        ["--no-headers"],
        ["--types=Warning"],
        ["--types", "normal,WARNING"],
        ["--for", "pod/web"],
        ["--for", "configmap/settings", "--types", "Warning"],
        ["--for", "po/none"],
        ["--types=Bogus"],
        ["-o", "json"],
        // kubectl's --for and --types edge cases: an empty name is every event, the resource is
        // lower-cased, --for is read before --types is checked, an empty type is refused.
        ["--for", "configmap/"],
        ["--for", "ConfigMap/settings"],
        ["--for", "/web"],
        ["--for", "pod/web/x"],
        ["--for", "nosuchkind/x"],
        ["--for", "nosuchkind.example.com/x"],
        ["--for", "pod", "--types", "Bogus"],
        ["--types", "Warning,"],
        ["--types="],
      ]) {
        expectSame(await both(["events", "-n", namespace, ...args], kubeconfig));
      }
      const [table] = await both(["events", "-n", namespace], kubeconfig);
      expect(
        table.stdout
          .split("\n")
          .slice(1, 4)
          .map((line) => line.split(/\s{3,}/)[0]),
      ).toEqual(["20d", "10d (x2 over 12d)", "9d (x3 over 15d)"]);
    },
  );

  test("-A adds the NAMESPACE column", async ({ kubeconfig, namespace }) => {
    await createEvents(namespace);
    const ours = await kr8s(["events", "-A", "--for", "configmap/settings", "--kubeconfig", kubeconfig]);
    expect(ours.exitCode).toBe(0);
    expect(ours.stdout).toMatch(/^NAMESPACE\s+LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n/);
    expect(ours.stdout).toMatch(
      new RegExp(`^${namespace}\\s+10d \\(x2 over 12d\\)\\s+Normal\\s+Updated\\s+ConfigMap/settings`, "m"),
    );
  });

  /** A Warning event about `pod/NAME` in `namespace`, 8 days old. */
  const lateEvent = (namespace: string, name: string, pod: string, message: string) =>
    stringify({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace },
      involvedObject: { apiVersion: "v1", kind: "Pod", name: pod, namespace },
      reason: "Late",
      message,
      type: "Warning",
      count: 1,
      firstTimestamp: ago(8),
      lastTimestamp: ago(8),
      source: { component: "kr8s-test" },
    });

  /**
   * `events -w ARGS` in kr8s and kubectl at once (stdout a pipe): waits until each has printed `first`,
   * creates `late` (a manifest), waits until each has printed `last` and ends with its end, and returns
   * both stdouts.
   */
  async function watchBoth(
    args: readonly string[],
    kubeconfig: string,
    { first, late, last, end = "\n" }: { first: string; late: string; last: string; end?: string },
  ): Promise<{ ours: string; theirs: string }> {
    const devBin = fileURLToPath(new URL("../bin/dev.js", import.meta.url));
    const children = [
      spawn(process.execPath, ["--conditions=@kr8s/source", devBin, ...args, "--kubeconfig", kubeconfig]),
      spawnKubectl(args, { kubeconfig }),
    ];
    const [ours, theirs] = children.map((child) => {
      const out = { stdout: "" };
      child.stdout.on("data", (chunk: Buffer) => (out.stdout += chunk.toString()));
      return out;
    }) as [{ stdout: string }, { stdout: string }];
    try {
      for (const out of [ours, theirs])
        await expect.poll(() => out.stdout, { timeout: 60_000 }).toContain(first);
      const created = await kubectl(["create", "-f", "-"], { input: late });
      expect(created.exitCode).toBe(0);
      for (const out of [ours, theirs])
        await expect
          .poll(() => out.stdout.includes(last) && out.stdout.endsWith(end), { timeout: 60_000 })
          .toBe(true);
    } finally {
      for (const child of children) child.kill();
    }
    return { ours: ours.stdout, theirs: theirs.stdout };
  }

  test(
    "-w piped prints what kubectl prints: the events by name, then each new one, widths only growing",
    { timeout: 120_000 },
    async ({ kubeconfig, namespace }) => {
      await createEvents(namespace);
      // Created while both watch: its object is wider than every earlier one, so the OBJECT column
      // widens from its line on (kubectl's tab writer remembers widths; earlier lines stay as printed).
      const { ours, theirs } = await watchBoth(["events", "-w", "-n", namespace], kubeconfig, {
        first: "ConfigMap/settings",
        late: lateEvent(namespace, "late", "a-late-pod-with-a-long-name", "arrived while watching"),
        last: "arrived while watching\n",
      });
      expect(ours).toBe(theirs);
      expect(ours).toBe(
        [
          "LAST SEEN          TYPE      REASON    OBJECT    MESSAGE",
          "9d (x3 over 15d)   Warning   BackOff   Pod/web   Back-off restarting failed container",
          "20d                Normal    Scheduled   Pod/web   Successfully assigned web",
          "10d (x2 over 12d)   Normal    Updated     ConfigMap/settings   ConfigMap updated",
          "8d                  Warning   Late        Pod/a-late-pod-with-a-long-name   arrived while watching",
          "",
        ].join("\n"),
      );
    },
  );

  test.for<[string, string]>([
    ["json", "a \\u003ctag\\u003e \\u0026 more"],
    ["yaml", "---\napiVersion: v1"],
    ["name", "event/late\n"],
    ['jsonpath={.metadata.name}{"\\n"}', "late\n"],
    ["go-template={{.reason}} ", "Late "],
  ])(
    "-w -o %s prints the current events and each later one in that format, as kubectl",
    { timeout: 120_000 },
    async ([output, sign], { kubeconfig, namespace }) => {
      await createEvents(namespace);
      const { ours, theirs } = await watchBoth(["events", "-w", "-n", namespace, "-o", output], kubeconfig, {
        first: output === "name" ? "event/series" : output.startsWith("go") ? "Updated " : "series",
        late: lateEvent(namespace, "late", "web", "a <tag> & more"),
        last: output.startsWith("go-template") ? "Late " : "late",
        // The whole of the late event: JSON's closing brace, YAML's last field.
        end: output === "json" ? "}\n" : output === "yaml" ? "type: Warning\n" : sign.slice(-1),
      });
      expect(ours).toBe(theirs);
      // The later event in the format asked for (JSON with Go's escapes; YAML after a separator).
      expect(ours).toContain(sign);
      expect(ours).not.toMatch(/LAST SEEN|Pod\/web/);
    },
  );
});
