// `kr8s get` and kubectl v1.33 on the same cluster, the same namespace and the same arguments: stdout,
// stderr and the exit code must be identical (ages normalised, see sameAsKubectl). A fresh namespace per
// test holds the objects.
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "@kr8s/test-utils/exec";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { expectSame, sameAsKubectl, unreachableKubeconfig } from "./parity.ts";
import { devBin, kr8s } from "./run-cli.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

// Each case starts two processes (and kr8s from its sources) on a busy machine: seconds each.
const slow = { timeout: 300_000 };

const manifest = (namespace: string): string => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${namespace}, labels: { app: web, tier: front } }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: ${namespace}, labels: { app: web } }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  namespace: ${namespace}
  labels: { app: web, example.com/team: "007" }
  annotations: { note: "<b> & 'quoted' \\"text\\"" }
data:
  empty: ""
  number: "0123"
  yes: "yes"
  script: |
    #!/bin/sh
    echo hello
  long: "${"word ".repeat(40)}"
  lead: " leading space"
---
apiVersion: v1
kind: ConfigMap
metadata: { name: other, namespace: ${namespace} }
data: { a: b }
`;

/** Creates the objects above and waits until the deployment's pods run, so both clients see the same. */
async function objects(namespace: string): Promise<void> {
  const applied = await kubectl(["apply", "-f", "-"], { namespace, input: manifest(namespace) });
  expect(applied.exitCode, applied.stderr).toBe(0);
  const ready = await kubectl(["wait", "--for=condition=Available", "deploy/web", "--timeout=60s"], {
    namespace,
  });
  expect(ready.exitCode, ready.stderr).toBe(0);
}

describe("kr8s get prints what kubectl get prints", () => {
  test(
    "default tables, one per type, for several types, `all` and -o wide",
    slow,
    async ({ kubeconfig, namespace }) => {
      await objects(namespace);
      for (const args of [
        ["get", "pods"],
        ["get", "deploy,svc,cm"],
        ["get", "all"],
        ["get", "pods", "-o", "wide"],
        ["get", "cm", "other", "cfg"],
        ["get", "svc/web", "cm/cfg", "deploy/web"],
      ]) {
        const result = await sameAsKubectl([...args, "-n", namespace], kubeconfig);
        expect(result.ours.exitCode, args.join(" ")).toBe(0);
        expect(result.ours.stdout).not.toBe("");
        expectSame(result);
      }
    },
  );

  test(
    "labels: --show-labels, -L, -l selectors, --show-kind, --no-headers",
    slow,
    async ({ kubeconfig, namespace }) => {
      await objects(namespace);
      for (const args of [
        ["get", "pods,cm", "--show-labels", "-L", "app,example.com/team"],
        ["get", "cm", "-l", "app=web", "--show-kind"],
        ["get", "deploy,cm", "--no-headers"],
        ["get", "cm", "--field-selector", "metadata.name=other"],
      ]) {
        const result = await sameAsKubectl([...args, "-n", namespace], kubeconfig);
        expect(result.ours.stdout).not.toBe("");
        expectSame(result);
      }
    },
  );

  test(
    "-o json and -o yaml: one object alone, several in kubectl's List, managedFields hidden",
    slow,
    async ({ kubeconfig, namespace }) => {
      await objects(namespace);
      for (const args of [
        ["get", "cm", "cfg", "-o", "json"],
        ["get", "cm", "cfg", "-o", "yaml"],
        ["get", "cm,svc", "-o", "yaml"],
        ["get", "deploy,cm", "-o", "json"],
        ["get", "cm/cfg", "-o", "yaml"],
      ]) {
        const result = await sameAsKubectl([...args, "-n", namespace], kubeconfig);
        expect(result.ours.stdout).toMatch(/^(\{|apiVersion)/);
        expect(result.ours.stdout).not.toContain("managedFields");
        expectSame(result);
      }
    },
  );

  test(
    "-o jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, --sort-by",
    slow,
    async ({ kubeconfig, namespace }) => {
      await objects(namespace);
      const dir = await mkdtemp(join(tmpdir(), "kr8s-get-o-"));
      await writeFile(join(dir, "template"), '{range .items[*]}{.metadata.name}{"\\t"}{.data}{"\\n"}{end}');
      await writeFile(join(dir, "columns"), "NAME          LABELS\n.metadata.name  .metadata.labels\n");
      for (const args of [
        ["get", "cm", "-o", "jsonpath={.items[*].metadata.name}"],
        ["get", "cm", "cfg", "-o", "jsonpath={.data}"],
        ["get", "cm,svc", "-o", `jsonpath={range .items[*]}{.kind}/{.metadata.name}{"\\n"}{end}`],
        ["get", "cm", "-o", "jsonpath-as-json={.items[*].metadata.name}"],
        ["get", "cm", "-o", `jsonpath-file=${join(dir, "template")}`],
        [
          "get",
          "cm",
          "-o",
          "custom-columns=NAME:.metadata.name,NUMBER:.data.number,MISSING:.nope,LABELS:.metadata.labels",
        ],
        [
          "get",
          "pods",
          "-o",
          "custom-columns=POD:metadata.name,CONTAINERS:.spec.containers[*].name",
          "--no-headers",
        ],
        ["get", "cm", "-o", `custom-columns-file=${join(dir, "columns")}`],
        ["get", "cm", "--sort-by=.metadata.name", "-o", "name"],
        ["get", "cm", "--sort-by=.metadata.name"],
        ["get", "pods", "--sort-by=.metadata.name", "-o", "wide"],
        ["get", "cm", "--sort-by=.metadata.resourceVersion", "-o", "custom-columns=N:.metadata.name"],
      ]) {
        const result = await sameAsKubectl([...args, "-n", namespace], kubeconfig);
        expect(result.ours.exitCode, args.join(" ")).toBe(0);
        expect(result.ours.stdout).not.toBe("");
        expectSame(result);
      }
    },
  );

  test("-o name", slow, async ({ kubeconfig, namespace }) => {
    await objects(namespace);
    const result = await sameAsKubectl(["get", "deploy,svc,cm", "-o", "name", "-n", namespace], kubeconfig);
    expect(result.ours.stdout).toContain("deployment.apps/web\nservice/web\nconfigmap/cfg\n");
    expectSame(result);
  });

  test(
    "missing names: the rest is printed, then kubectl's NotFound lines, exit 1",
    slow,
    async ({ kubeconfig, namespace }) => {
      await objects(namespace);
      for (const args of [
        ["get", "cm", "cfg", "nope", "other"],
        ["get", "cm", "cfg", "nope", "-o", "yaml"],
        ["get", "cm", "nope", "-o", "json"],
        ["get", "cm", "nope", "gone", "-o", "name"],
      ]) {
        const result = await sameAsKubectl([...args, "-n", namespace], kubeconfig);
        expect(result.ours.exitCode).toBe(1);
        expect(result.ours.stderr).toContain(`Error from server (NotFound): configmaps "nope" not found\n`);
        expectSame(result);
      }
    },
  );

  test(
    "a name in a namespace that does not exist reports the namespace",
    slow,
    async ({ kubeconfig, namespace }) => {
      const result = await sameAsKubectl(["get", "cm", "x", "-n", `${namespace}-gone`], kubeconfig);
      expect(result.ours.stderr).toBe(
        `Error from server (NotFound): namespaces "${namespace}-gone" not found\n`,
      );
      expectSame(result);
    },
  );

  test("nothing found: kubectl's message on stderr, exit 0", slow, async ({ kubeconfig, namespace }) => {
    for (const args of [
      ["get", "pods"],
      ["get", "cm", "-l", "no=such"],
      ["get", "nodes", "-l", "no=such"],
      ["get", "pods", "-o", "name"],
      ["get", "pods", "-o", "json"],
      // A type ending in a dot is its resource in the group "", which matches every group.
      ["get", "deployments."],
      // A group matches as the start of a group's name when none matches whole (kubectl's RESTMapper).
      ["get", "ingresses.networking"],
      ["get", "cj.bat"],
    ]) {
      const result = await sameAsKubectl([...args, "-n", namespace], kubeconfig);
      expect(result.ours.exitCode).toBe(0);
      expectSame(result);
    }
  });

  test(
    "errors: unknown kind, bad selector, names with -A or selectors, bad arguments, no type",
    slow,
    async ({ kubeconfig, namespace }) => {
      for (const args of [
        ["get", "bogus"],
        // kubectl names the resource part of a dotted type (its builder's ParseGroupResource).
        ["get", "pods.bogus"],
        ["get", "deployment.v1beta1.apps"],
        ["get", ".apps"],
        // kubectl lower-cases the resource, not the group.
        ["get", "deployment.APPS"],
        // client-go refuses an empty name itself: alone `error: …`, among other errors bare, in order.
        ["get", "pods", ""],
        ["get", "pods", "x", ""],
        ["get", "pods", "", "-o", "name"],
        ["get", "pods,svc", "x", ""],
        ["get", "pods", "", "-w"],
        ["get", "pods", "-l", "a=("],
        ["get", "pods", "--field-selector", "no.such.field=1"],
        ["get", "pods", "x", "-A"],
        // names with selectors: refused first, in the words of the check that meets them
        ["get", "pods", "x", "-l", "a=b", "-A"],
        ["get", "pods", "x", "--field-selector", "a=b"],
        ["get", "pods/x", "-l", "a=b", "-A"],
        ["get", "pod/x", "svc"],
        ["get", "pod,svc/x"],
        ["get", "po/"],
        ["get"],
        ["get", "pods", "-o", "json", "--show-labels"],
      ]) {
        const result = await sameAsKubectl([...args, "-n", namespace], kubeconfig);
        expect(result.ours.exitCode, args.join(" ")).toBe(1);
        expect(result.ours.stderr).not.toMatch(/\n\s+at /);
        expectSame(result);
      }
    },
  );
});

describe("kr8s get refuses and allows what kubectl does at the edges", () => {
  test(
    "empty types and templates, template files it cannot read, -A with names, --ignore-not-found with nothing",
    slow,
    async ({ kubeconfig, namespace }) => {
      const dir = await mkdtemp(join(tmpdir(), "kr8s-get-edges-"));
      const files = {
        oneLine: join(dir, "one-line"),
        mismatched: join(dir, "mismatched"),
        missing: join(dir, "no-such-file"),
      };
      await writeFile(files.oneLine, "NAME\n");
      await writeFile(files.mismatched, "NAME NAMESPACE\n.metadata.name\n");
      const cases: string[][] = [
        ["get", ""],
        ["get", "po,"],
        ["get", "po", "-o", "jsonpath"],
        ["get", "po", "-o", "jsonpath="],
        ["get", "po", "-o", "jsonpath-as-json="],
        ["get", "po", "-o", `jsonpath-file=${files.missing}`],
        ["get", "po", "-o", `jsonpath-file=${dir}`],
        ["get", "po", "-o", `custom-columns-file=${files.missing}`],
        ["get", "po", "-o", `custom-columns-file=${dir}`],
        ["get", "ns", "default", "-o", `custom-columns-file=${files.oneLine}`],
        ["get", "ns", "default", "-o", `custom-columns-file=${files.mismatched}`],
        ["get", "ns", "default", "-A", "--no-headers", "-o", "custom-columns=NAME:.metadata.name"],
        ["get", "ns,po", "default", "-A"],
        ["get", "po", "nope", "--ignore-not-found", "-o", "json"],
        ["get", "po", "-l", "app=none", "--ignore-not-found", "-o", "yaml"],
        ["get", "po", "-l", "app=none", "-o", "json"],
      ];
      for (const args of cases) {
        const result = await sameAsKubectl([...args, "-n", namespace], kubeconfig);
        expect(result.ours.exitCode, args.join(" ")).toBe(result.theirs.exitCode);
        expectSame(result);
      }
    },
  );
});

describe("kr8s get -f reads the objects to get from manifests, as kubectl does", () => {
  test(
    "files, directories, -R, stdin; one path alone prints its object unwrapped",
    slow,
    async ({ kubeconfig, namespace }) => {
      await objects(namespace);
      const dir = await mkdtemp(join(tmpdir(), "kr8s-get-f-"));
      const cm = (name: string): string =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n`;
      await writeFile(join(dir, "cfg.yaml"), cm("cfg"));
      await mkdir(join(dir, "sub"));
      await writeFile(
        join(dir, "sub", "more.yml"),
        `${cm("other")}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: ${namespace} }\n`,
      );
      await writeFile(
        join(dir, "sub", "missing.json"),
        JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "nope", namespace } }),
      );
      for (const args of [
        ["get", "-f", join(dir, "cfg.yaml")],
        ["get", "-f", join(dir, "cfg.yaml"), "-o", "json"],
        ["get", "-f", dir],
        ["get", "-f", dir, "-R", "-o", "name"],
        ["get", "-f", join(dir, "sub", "more.yml"), "-o", "yaml"],
        ["get", "-f", join(dir, "sub"), "-o", "yaml"],
        ["get", "-f", dir, "-R"],
      ]) {
        expectSame(await sameAsKubectl(args, kubeconfig));
      }
      const fromStdin = await sameAsKubectl(["get", "-f", "-"], kubeconfig, { input: cm("cfg") });
      expect(fromStdin.ours.exitCode, fromStdin.ours.stderr).toBe(0);
      expectSame(fromStdin);
    },
  );

  test("broken YAML: the file and the line are named, exit 1", slow, async ({ kubeconfig }) => {
    const file = join(await mkdtemp(join(tmpdir(), "kr8s-get-f-")), "bad.yaml");
    await writeFile(file, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [\n");
    // As kubectl prints it: bare after a table's output, after `error: ` when it is a printer's only error.
    for (const [args, prefix] of [
      [[], ""],
      [["-o", "name"], "error: "],
    ] as const) {
      const result = await kr8s(["get", "-f", file, ...args, "--kubeconfig", kubeconfig]);
      expect(result).toMatchObject({ exitCode: 1, stdout: "" });
      expect(result.stderr).toMatch(new RegExp(`^${prefix}error parsing ${file} at line \\d+: `));
    }
  });
});

describe("kr8s get where it does not copy kubectl", () => {
  test(
    "a JSONPath kr8s cannot parse or run: exit 1, nothing on stdout, the template and the offset named",
    slow,
    async ({ kubeconfig, namespace }) => {
      for (const [template, message] of [
        ["{.items[0", /^error: invalid JSONPath template "\{\.items\[0": unterminated array at offset \d+\n/],
        [
          "{.items[3]}",
          /^error: JSONPath template "\{\.items\[3\]\}" failed at offset \d+: array index out of bounds/,
        ],
      ] as const) {
        const args = [
          "get",
          "secrets",
          "-n",
          namespace,
          "-o",
          `jsonpath=${template}`,
          "--kubeconfig",
          kubeconfig,
        ];
        const [ours, theirs] = await Promise.all([
          kr8s(args),
          run(referenceKubectl, args, { timeoutMs: 60_000 }),
        ]);
        expect(ours).toMatchObject({ exitCode: theirs.exitCode, stdout: theirs.stdout });
        expect(ours.exitCode).toBe(1);
        expect(ours.stderr).toMatch(message);
      }
    },
  );

  test(
    "an unreachable server: exit 1, no output, one line naming the server (kubectl also logs each retry)",
    slow,
    async () => {
      const file = await unreachableKubeconfig("t0ken-that-must-not-leak");
      const [ours, theirs] = await Promise.all([
        kr8s(["get", "pods", "--kubeconfig", file]),
        run(referenceKubectl, ["get", "pods", "--kubeconfig", file], { timeoutMs: 60_000 }),
      ]);
      expect(theirs.exitCode).toBe(1);
      expect(ours.exitCode).toBe(1);
      expect(ours.stdout).toBe("");
      expect(ours.stderr).toContain("error: cannot reach the API server at https://127.0.0.1:1");
      expect(ours.stderr).not.toContain("t0ken-that-must-not-leak");
    },
  );
});

describe("a reader that stops early", () => {
  test("`get --raw … | head`: kr8s ends silently as kubectl does (SIGPIPE's status, 141), no EPIPE printed", async ({
    kubeconfig,
  }) => {
    const piped = async (client: string) => {
      const result = await run(
        "bash",
        [
          "-c",
          `${client} get --raw /openapi/v2 --kubeconfig "$1" | head -c 10; echo " \${PIPESTATUS[0]}"`,
          "-",
          kubeconfig,
        ],
        { timeoutMs: 60_000 },
      );
      return { stdout: result.stdout, stderr: result.stderr };
    };
    const ours = await piped(`"${process.execPath}" --conditions=@kr8s/source "${devBin}"`);
    expect(ours).toEqual({ stdout: '{"swagger" 141\n', stderr: "" });
    expect(ours).toEqual(await piped(`"${referenceKubectl}"`));
  });
});

describe("short names as kubectl's shortcut expander reads them", () => {
  test("`ev` warns that events.events.k8s.io shares it (once per run); short names are case-sensitive, names and kinds are not", async ({
    kubeconfig,
    namespace,
  }) => {
    const ns = ["-n", namespace];
    for (const args of [
      ["get", "ev", ...ns],
      ["get", "ev,ev", ...ns, "-o", "name"],
      ["describe", "ev", ...ns],
      ["wait", "ev/x", "--for=delete", ...ns],
      ["get", "EV", ...ns],
      ["get", "po,CM", ...ns],
      ["get", "PODS", ...ns],
      ["get", "Pod", ...ns],
      ["get", "ConfigMaps", ...ns],
    ]) {
      const pair = await sameAsKubectl(args, kubeconfig);
      expectSame(pair);
    }
    const warned = await kr8s(["get", "ev", ...ns, "--kubeconfig", kubeconfig]);
    expect(warned.stderr).toBe(
      'Warning: short name "ev" could also match lower priority resource events.events.k8s.io\n' +
        `No resources found in ${namespace} namespace.\n`,
    );
    expect((await kr8s(["get", "PO", ...ns, "--kubeconfig", kubeconfig])).stderr).toBe(
      'error: the server doesn\'t have a resource type "PO"\n',
    );
  });
});
