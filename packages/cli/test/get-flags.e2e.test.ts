// `kr8s get`'s less common flags and edge cases next to kubectl v1.33 on the same cluster, namespace and
// arguments: --raw, --show-managed-fields, --subresource, --allow-missing-template-keys=false with JSONPath,
// namespaces client-go refuses, -f with no manifests or with a kind the server does not serve.
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { expectSame, sameAsKubectl } from "./parity.ts";
import { kr8s } from "./run-cli.ts";

// Each case starts two processes (kr8s from its sources) on a busy machine: seconds each.
const slow = { timeout: 300_000 };

/** Runs each argument list with both clients and expects the same stdout, stderr and exit code. */
async function allSame(
  cases: readonly (readonly string[])[],
  kubeconfig: string,
  expectExit?: (args: readonly string[], exitCode: number) => void,
): Promise<void> {
  for (const args of cases) {
    const pair = await sameAsKubectl(["get", ...args], kubeconfig);
    expectExit?.(args, pair.ours.exitCode);
    expectSame(pair);
  }
}

async function must(args: string[], namespace: string, input?: string): Promise<void> {
  const result = await kubectl(args, { namespace, ...(input === undefined ? {} : { input }) });
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
}

describe("kr8s get --raw is kubectl get --raw", () => {
  test(
    "the body as the server sent it, nothing added; the server's refusals",
    slow,
    async ({ kubeconfig, namespace }) => {
      await must(["create", "configmap", "a", "--from-literal=k=v"], namespace);
      await allSame(
        [
          ["--raw", "/version"],
          ["--raw", "/livez"],
          ["--raw", `/api/v1/namespaces/${namespace}/configmaps/a`],
          // A query the server acts on (an indented answer); the scheme and host are ignored.
          ["--raw", `https://ignored.example/api/v1/namespaces/${namespace}/configmaps/a?pretty=true`],
          ["--raw", "/api/v1/nope"],
          ["--raw", `/api/v1/namespaces/${namespace}/configmaps/nope`],
          ["--raw", "/api/v1/namespaces?labelSelector=a=("],
        ],
        kubeconfig,
      );
      const version = await kr8s(["get", "--raw", "/version", "--kubeconfig", kubeconfig]);
      // The server's JSON ends with `}`: no newline is added, as kubectl adds none.
      expect(version.stdout).toMatch(/^\{\n {2}"major": "1",[^]*\}$/);
      const listed = await kr8s([
        "get",
        "--raw",
        `/api/v1/namespaces/${namespace}/configmaps?limit=1`,
        "--kubeconfig",
        kubeconfig,
      ]);
      // The query reached the server: one item and a continue token.
      const list = JSON.parse(listed.stdout) as { items: unknown[]; metadata: { continue?: string } };
      expect(list.items).toHaveLength(1);
      expect(list.metadata.continue).toMatch(/./);
    },
  );

  test(
    "refused with resource arguments, -o, filters and a URI that is not a path",
    slow,
    async ({ kubeconfig }) => {
      await allSame(
        [
          ["--raw", "/version", "pods"],
          ["--raw", "/version", "pods", "-o", "xml"],
          ["--raw", "/version", "-o", "json"],
          ["--raw", "/version", "-l", "a=b"],
          ["--raw", "/version", "-w"],
          ["--raw", "/version", "--watch-only"],
          ["--raw", "/version", "--output-watch-events"],
          ["--raw", "version"],
          ["--raw", "/%zz"],
        ],
        kubeconfig,
        (args, exitCode) => expect(exitCode, args.join(" ")).toBe(1),
      );
    },
  );
});

describe("kr8s get --show-managed-fields", () => {
  test(
    "-o json and yaml hide managedFields unless it is given; JSONPath, templates and columns always see them",
    slow,
    async ({ kubeconfig, namespace }) => {
      await must(["create", "configmap", "a", "--from-literal=k=v"], namespace);
      const n = ["-n", namespace];
      for (const output of ["json", "yaml"]) {
        const shown = await sameAsKubectl(
          ["get", "cm", "a", "-o", output, "--show-managed-fields", ...n],
          kubeconfig,
        );
        expect(shown.ours.stdout).toContain("managedFields");
        expectSame(shown);
        const list = await sameAsKubectl(
          ["get", "cm", "-o", output, "--show-managed-fields", ...n],
          kubeconfig,
        );
        expect(list.ours.stdout).toContain("kube-controller-manager");
        expectSame(list);
        const hidden = await sameAsKubectl(["get", "cm", "a", "-o", output, ...n], kubeconfig);
        expect(hidden.ours.stdout).not.toContain("managedFields");
        expectSame(hidden);
      }
      await allSame(
        [
          ["cm", "a", "-o", "jsonpath={.metadata.managedFields[0].manager}", ...n],
          ["cm", "a", "-o", "go-template={{(index .metadata.managedFields 0).manager}}", ...n],
          ["cm", "a", "-o", "custom-columns=M:.metadata.managedFields[0].manager", ...n],
          ["cm", "a", "-o", "name", "--show-managed-fields", ...n],
        ],
        kubeconfig,
        (args, exitCode) => expect(exitCode, args.join(" ")).toBe(0),
      );
    },
  );
});

describe("kr8s get --subresource", () => {
  test(
    "status and scale of a named Deployment: the server's table, json, yaml, name; the refusals",
    slow,
    async ({ kubeconfig, namespace }) => {
      await must(["create", "deployment", "web", "--image=nginx", "--replicas=2"], namespace);
      await must(["wait", "--for=condition=Available", "deploy/web", "--timeout=60s"], namespace);
      const n = ["-n", namespace];
      await allSame(
        [
          ["deploy", "web", "--subresource", "status", ...n],
          ["deploy", "web", "--subresource", "status", "-o", "wide", "--show-kind", ...n],
          ["deploy", "web", "--subresource", "scale", ...n],
          ["deploy", "web", "--subresource", "scale", "--show-kind", "--show-labels", ...n],
          ["deploy", "web", "--subresource=scale", "-o", "json", ...n],
          ["deploy", "web", "--subresource=scale", "-o", "yaml", ...n],
          ["deploy/web", "--subresource=scale", "-o", "name", ...n],
          ["deploy", "web", "--subresource=scale", "-o", "jsonpath={.spec.replicas}", ...n],
        ],
        kubeconfig,
        (args, exitCode) => expect(exitCode, args.join(" ")).toBe(0),
      );
      await allSame(
        [
          ["deploy", "--subresource", "scale", ...n],
          ["bogus", "--subresource", "scale", ...n],
          ["deploy,rs", "--subresource", "scale", ...n],
          ["deploy", "web", "--subresource", "foo", ...n],
          ["cm", "kube-root-ca.crt", "--subresource", "scale", ...n],
          ["deploy/web", "deploy/nope", "--subresource", "scale", ...n],
        ],
        kubeconfig,
        (args, exitCode) => expect(exitCode, args.join(" ")).toBe(1),
      );
    },
  );
});

describe("kr8s get edge cases, as kubectl words them", () => {
  test(
    "--sort-by a field no object has: kubectl's error for lists and several tables; one table too (kubectl: No resources found)",
    slow,
    async ({ kubeconfig, namespace }) => {
      await must(["create", "configmap", "a"], namespace);
      await must(["create", "secret", "generic", "s"], namespace);
      const n = ["-n", namespace];
      const error = (path: string): string =>
        `error: couldn't find any field with path "{${path}}" in the list of objects\n`;
      for (const args of [
        ["cm", "--sort-by=.metadata.nope", "-o", "name"],
        ["cm", "--sort-by=.metadata.nope", "-o", "json"],
        ["cm,secret", "--sort-by=.metadata.nope"],
        // The field exists in one table only (a Secret's type): the other table fails.
        ["cm,secret", "--sort-by=.type"],
      ]) {
        const pair = await sameAsKubectl(["get", ...args, ...n], kubeconfig);
        expectSame(pair);
        expect(pair.ours).toMatchObject({
          exitCode: 1,
          stdout: "",
          stderr: error(args[1]?.slice("--sort-by=".length) ?? ""),
        });
      }
      // One object named alone is not sorted; an object that has the field is enough.
      for (const args of [
        ["cm", "a", "--sort-by=.metadata.nope", "-o", "name"],
        ["cm", "--sort-by=.data"],
      ]) {
        const pair = await sameAsKubectl(["get", ...args, ...n], kubeconfig);
        expect(pair.ours.exitCode, args.join(" ")).toBe(0);
        expectSame(pair);
      }
      // One table of two rows: kubectl swallows the error (README, differences); kr8s reports it.
      const table = await sameAsKubectl(["get", "cm", "--sort-by=.metadata.nope", ...n], kubeconfig);
      expect(table.theirs).toMatchObject({
        exitCode: 0,
        stdout: "",
        stderr: `No resources found in ${namespace} namespace.\n`,
      });
      expect(table.ours).toMatchObject({ exitCode: 1, stdout: "", stderr: error(".metadata.nope") });
    },
  );

  test(
    "--allow-missing-template-keys=false: a missing JSONPath key fails as in kubectl, in kr8s's one-line error",
    slow,
    async ({ kubeconfig, namespace }) => {
      await must(["create", "configmap", "a", "--from-literal=k=v"], namespace);
      const n = ["-n", namespace];
      const strict = "--allow-missing-template-keys=false";
      // kubectl then dumps the whole object, Secrets' data included, into its error: kr8s names the
      // template, the offset and the reason instead (README, differences). Nothing is printed on stdout.
      for (const [args, line] of [
        [
          ["cm", "a", "-o", "jsonpath={.data.k}{.nope}", strict],
          'error: JSONPath template "{.data.k}{.nope}" failed at offset 11: nope is not found\n',
        ],
        [
          ["cm", "-o", "jsonpath={.items[*].nope}", strict],
          'error: JSONPath template "{.items[*].nope}" failed at offset 11: nope is not found\n',
        ],
        [
          // -w stops at the first object the template fails on, as kubectl's watch does.
          ["cm", "a", "-w", "-o", "jsonpath={.nope}", strict],
          'error: JSONPath template "{.nope}" failed at offset 2: nope is not found\n',
        ],
        [
          ["cm", "-o", "jsonpath-as-json={.nope}", strict],
          'error: JSONPath template "{.nope}" failed at offset 2: nope is not found\n',
        ],
      ] as const) {
        const pair = await sameAsKubectl(["get", ...args, ...n], kubeconfig);
        expect(pair.theirs.stderr).toContain("nope is not found");
        expect(pair.ours).toEqual({ ...pair.theirs, stderr: line });
      }
      await allSame(
        [
          ["cm", "a", "-o", "go-template={{.nope}}", strict, ...n],
          ["cm", "a", "-o", "jsonpath={.nope}", ...n],
          ["cm", "a", "-o", "jsonpath={.nope}", "--allow-missing-template-keys=true", ...n],
          ["cm", "a", "-o", "custom-columns=A:.nope", strict, ...n],
          // Empty headers and paths are kubectl's too; a pair without a colon or a path that does not
          // parse is refused in kubectl's words.
          ["cm", "-o", "custom-columns=NAME:", ...n],
          ["cm", "-o", "custom-columns=:.metadata.name,,X:.kind", ...n],
          ["cm", "-o", "custom-columns=NAME", ...n],
          ["cm", "-o", "custom-columns=N:.metadata.name,BAD:{.metadata.name", ...n],
          // With --template, -o is not split: `go-template=…` then matches no printer, as in kubectl.
          ["cm", "a", "-o", "go-template={{.metadata.name}}", "--template={{.kind}}", ...n],
          ["cm", "a", "-o", "go-template", "--template={{.kind}}", ...n],
        ],
        kubeconfig,
      );
    },
  );

  test(
    "a namespace client-go cannot put in a path is refused per request; other names go to the server",
    slow,
    async ({ kubeconfig, namespace }) => {
      const dir = await mkdtemp(join(tmpdir(), "kr8s-get-ns-"));
      const file = join(dir, "cm.yaml");
      await writeFile(file, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
      await allSame(
        [
          ["pods", "-n", "bad/ns"],
          ["pods,cm", "-n", "a/b%c"],
          ["pods", "x", "y", "-n", ".."],
          ["pods", "-o", "json", "-n", "."],
          ["pods,cm", "-o", "json", "-n", "bad/ns"],
          ["pods", "x", "-o", "yaml", "-n", "bad/ns"],
          ["pods", "-w", "-n", "bad/ns"],
          ["-f", file, "-n", "bad/ns"],
          ["pods", "x", "-n", "BAD"],
        ],
        kubeconfig,
        (args, exitCode) => expect(exitCode, args.join(" ")).toBe(1),
      );
      await allSame(
        [
          ["pods", "-n", "BAD"],
          ["cm", "kube-root-ca.crt", "-o", "name", "-n", ""],
          // A cluster-scoped type takes no namespace: one that is not valid does not matter.
          ["ns", namespace, "-n", "bad/ns"],
        ],
        kubeconfig,
        (args, exitCode) => expect(exitCode, args.join(" ")).toBe(0),
      );
      // Both kinds in one command: the valid one is printed, the other's error follows.
      const mixed = await sameAsKubectl(
        ["get", "ns,pods", namespace, "-o", "name", "-n", "bad/ns"],
        kubeconfig,
      );
      expect(mixed.ours.stdout).toBe(`namespace/${namespace}\n`);
      expectSame(mixed);
    },
  );

  test(
    "wait and events refuse such a namespace as kubectl does; describe says the same after `error: `",
    slow,
    async ({ kubeconfig }) => {
      for (const args of [
        ["wait", "pod/x", "--for=delete", "--timeout=1s", "-n", "bad/ns"],
        ["events", "-n", "a%b"],
      ]) {
        const result = await sameAsKubectl(args, kubeconfig);
        expect(result.ours.exitCode, args.join(" ")).toBe(1);
        expectSame(result);
      }
      // kubectl's describe aggregates its errors and prints this one bare; kr8s's carries `error: `.
      const described = await sameAsKubectl(["describe", "pods", "-n", "bad/ns"], kubeconfig);
      expect(described.theirs.stderr).toBe(`invalid namespace "bad/ns": [may not contain '/']\n`);
      expect(described.ours).toMatchObject({
        exitCode: 1,
        stdout: "",
        stderr: `error: invalid namespace "bad/ns": [may not contain '/']\n`,
      });
    },
  );

  test(
    "-f with no manifest to read, or a kind the server does not serve",
    slow,
    async ({ kubeconfig, namespace }) => {
      const dir = await mkdtemp(join(tmpdir(), "kr8s-get-f-"));
      const empty = join(dir, "empty");
      const nested = join(dir, "nested");
      const sub = join(nested, "sub");
      await mkdir(empty);
      await mkdir(sub, { recursive: true });
      await writeFile(join(dir, "notes.txt"), "not a manifest\n");
      await writeFile(
        join(sub, "cm.yaml"),
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kube-root-ca.crt\n  namespace: ${namespace}\n`,
      );
      const bogus = join(dir, "bogus.yaml");
      await writeFile(bogus, "apiVersion: v1\nkind: Bogus\nmetadata:\n  name: x\n");
      const found = join(dir, "found.yaml");
      await writeFile(
        found,
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kube-root-ca.crt\n  namespace: ${namespace}\n`,
      );
      const mixed = join(dir, "mixed.yaml");
      await writeFile(
        mixed,
        [
          "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: elsewhere\n",
          `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kube-root-ca.crt\n  namespace: ${namespace}\n`,
          `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nope\n  namespace: ${namespace}\n`,
        ].join("---\n"),
      );
      await allSame(
        [
          ["-f", empty],
          ["-f", empty, "-o", "name"],
          ["-f", empty, "-R"],
          ["-f", nested],
          ["-f", empty, "-f", bogus],
          ["-f", bogus],
          ["-f", bogus, "-o", "json"],
          ["-f", mixed],
          ["-f", mixed, "-o", "name"],
          ["-f", mixed, "-o", "name", "--ignore-not-found"],
          // Two files: no single object implied, so what was found is printed before the error.
          ["-f", bogus, "-f", found, "-o", "name"],
          ["-f", found, "-f", bogus, "-o", "json"],
        ],
        kubeconfig,
        (args, exitCode) => expect(exitCode, args.join(" ")).toBe(1),
      );
      const stdin = await sameAsKubectl(["get", "-f", "-", "-o", "name"], kubeconfig, {
        input: "apiVersion: v1\nkind: Bogus\nmetadata:\n  name: x\n",
      });
      expect(stdin.ours.stderr).toContain('from "STDIN"');
      expectSame(stdin);
      await allSame([["-f", nested, "-R", "-o", "name"]], kubeconfig, (args, exitCode) =>
        expect(exitCode, args.join(" ")).toBe(0),
      );
    },
  );
});

describe("describe -f and wait -f with kinds the server does not serve", () => {
  test(
    "kubectl's mapping errors (with its CRD hint), after what was found, one entry before other errors",
    slow,
    async ({ kubeconfig, namespace }) => {
      const dir = await mkdtemp(join(tmpdir(), "kr8s-describe-f-"));
      // A group no test serves: unique to this namespace.
      const unserved = `unserved.${namespace}.example/v1`;
      const doc = (apiVersion: string, kind: string, name: string, ns?: string): string =>
        `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ""}`;
      const file = async (name: string, docs: string[]): Promise<string> => {
        const path = join(dir, name);
        await writeFile(path, docs.join("---\n"));
        return path;
      };
      const bogus = await file("bogus.yaml", [doc(unserved, "Bogus", "x")]);
      const bogus2 = await file("bogus2.yaml", [doc(unserved, "Bogus", "x2")]);
      const mixed = await file("mixed.yaml", [
        doc("v1", "ConfigMap", "kube-root-ca.crt", namespace),
        doc(unserved, "Bogus", "x"),
        doc("v1", "Nope", "other", "elsewhere"),
      ]);
      const missing = await file("missing.yaml", [
        doc(unserved, "Bogus", "x"),
        doc("v1", "ConfigMap", "not-there", namespace),
      ]);
      for (const args of [
        ["describe", "-f", bogus],
        ["describe", "-f", mixed],
        ["describe", "-f", bogus, "-f", bogus2],
        ["describe", "-f", missing],
        ["describe", "-f", bogus, "-f", mixed, "-f", missing],
        ["wait", "--for=delete", "--timeout=1s", "-f", bogus],
      ]) {
        const pair = await sameAsKubectl(args, kubeconfig);
        expect(pair.ours.exitCode, args.join(" ")).toBe(1);
        expect(pair.ours.stderr).toContain("ensure CRDs are installed first");
        expectSame(pair);
      }
    },
  );
});

describe("kr8s get and integers beyond 2^53 (a difference the README lists)", () => {
  test(
    "kubectl prints an int64 of 2^53 + 1 exactly; kr8s prints the nearest double, in every output",
    slow,
    async ({ kubeconfig, namespace }) => {
      // A suspended Job never runs: its int64 activeDeadlineSeconds only has to be positive.
      const job = [
        "apiVersion: batch/v1",
        "kind: Job",
        "metadata: { name: big }",
        "spec:",
        "  suspend: true",
        "  activeDeadlineSeconds: 9007199254740993",
        "  template:",
        "    spec: { restartPolicy: Never, containers: [{ name: c, image: nginx }] }",
        "",
      ].join("\n");
      await must(["apply", "-f", "-"], namespace, job);
      for (const output of ["json", "yaml", "jsonpath={.spec.activeDeadlineSeconds}"]) {
        const { ours, theirs } = await sameAsKubectl(
          ["get", "job", "big", "-o", output, "-n", namespace],
          kubeconfig,
        );
        expect(theirs.stdout).toMatch(
          /activeDeadlineSeconds": 9007199254740993|: 9007199254740993\n|^9007199254740993$/m,
        );
        expect(ours.exitCode).toBe(0);
        // The server's JSON is parsed into JavaScript numbers (IEEE 754 doubles) by @kr8s/core.
        expect(ours.stdout).toBe(
          // (the last-applied annotation holds the number in a string: exact in both)
          theirs.stdout.replace(
            /^(\s*"?activeDeadlineSeconds"?: )?9007199254740993(?=,?$)/m,
            "$19007199254740992",
          ),
        );
      }
    },
  );
});

describe("kr8s get --server-print=false is kubectl's client-side table", () => {
  test(
    "NAME and AGE for every kind, with -o wide, -A, several types, --show-labels, -L, --show-kind, --sort-by, names",
    slow,
    async ({ kubeconfig, namespace }) => {
      await must(["create", "configmap", "b", "--from-literal=k=v"], namespace);
      await must(["create", "configmap", "a", "--from-literal=k=v"], namespace);
      await must(["label", "configmap", "a", `owner=${namespace}`, "tier=web"], namespace);
      await must(["create", "service", "clusterip", "web", "--tcp=80:8080"], namespace);
      const n = ["-n", namespace];
      await allSame(
        [
          ["configmaps", "--server-print=false", ...n],
          ["cm,svc", "--server-print=false", "-o", "wide", ...n],
          ["cm", "-A", "--server-print=false", "-l", `owner=${namespace}`],
          ["cm", "--server-print=false", "--show-labels", "-L", "tier", "--show-kind", ...n],
          ["cm", "--server-print=false", "--sort-by", "{.metadata.name}", "--no-headers", ...n],
          ["cm/a", "svc/web", "--server-print=false", ...n],
          ["cm", "a", "--server-print=true", ...n],
        ],
        kubeconfig,
        (args, exitCode) => expect(exitCode, args.join(" ")).toBe(0),
      );
    },
  );
});

describe("object text that would drive the terminal or break a table, as kubectl prints it", () => {
  test(
    "ESC and CR escaped; a tab splits a cell and a newline breaks the row, widths remembered (Go's tabwriter)",
    slow,
    async ({ kubeconfig, namespace }) => {
      const annotated = (name: string, value: string) => ({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name, annotations: { v: value } },
      });
      const event = (name: string, object: string, reason: string, message: string, type: string) => ({
        apiVersion: "v1",
        kind: "Event",
        metadata: { name },
        involvedObject: { kind: "ConfigMap", name: object, namespace },
        reason,
        message,
        type,
        firstTimestamp: "2026-01-01T00:00:00Z",
        lastTimestamp: "2026-01-01T00:00:00Z",
        count: 1,
        source: { component: "kr8s-test" },
      });
      const objects = [
        annotated("esc", "x\x1b[31mred\x1b[0m"),
        annotated("cr", "a\rb"),
        annotated("tab", "a\tb"),
        annotated("nl", "first\nsecond"),
        annotated("a-long-name-before-the-break", "ok"),
        annotated("z", "after"),
        event("e1", "esc", "Bad\x1b[31m", "line1\nline2\x1b[0m\tTAB\rCR", "Warning"),
        event("e2", "z", "Fine", "all good", "Normal"),
      ];
      await must(
        ["apply", "-f", "-"],
        namespace,
        JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }),
      );
      const columns = "custom-columns=NAME:.metadata.name,VALUE:.metadata.annotations.v";
      await allSame(
        [
          ["cm", "-o", columns, "-n", namespace],
          ["cm", "-o", columns, "--sort-by=.metadata.name", "--no-headers", "-n", namespace],
          ["events", "-n", namespace],
          ["events", "-o", "wide", "-n", namespace],
        ],
        kubeconfig,
      );
      for (const args of [
        ["events", "-n", namespace],
        ["describe", "cm", "esc", "cr", "-n", namespace],
      ]) {
        const pair = await sameAsKubectl(args, kubeconfig);
        expectSame(pair);
        expect(pair.ours.stdout).not.toContain("\x1b");
        expect(pair.ours.stdout).toContain("^[[31m");
      }
    },
  );
});

describe("tables follow the resource, as kubectl's do", () => {
  test(
    "names of one type spelt two ways, or from files in two namespaces, share one table; another type starts one",
    slow,
    async ({ kubeconfig, namespace }) => {
      const other = `${namespace}-b`;
      await must(["create", "namespace", other], namespace);
      try {
        await must(["create", "configmap", "a"], namespace);
        await must(["create", "configmap", "b"], namespace);
        await must(["create", "configmap", "c"], other);
        await must(["create", "service", "clusterip", "web", "--tcp=80"], namespace);
        const dir = await mkdtemp(join(tmpdir(), "kr8s-tables-"));
        const manifest = (name: string, ns: string) =>
          `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name}, namespace: ${ns} }\n`;
        await writeFile(
          join(dir, "two-namespaces.yaml"),
          [manifest("a", namespace), manifest("c", other), manifest("b", namespace)].join("---\n"),
        );
        await allSame(
          [
            ["cm/a", "configmap/b", "configmaps/a", "-n", namespace],
            ["cm/a", "svc/web", "configmap/b", "-n", namespace],
            ["-f", join(dir, "two-namespaces.yaml")],
            ["-f", join(dir, "two-namespaces.yaml"), "-o", "wide", "--show-kind"],
          ],
          kubeconfig,
          (_args, exitCode) => expect(exitCode).toBe(0),
        );
      } finally {
        await kubectl(["delete", "namespace", other, "--wait=false"]);
      }
    },
  );
});
