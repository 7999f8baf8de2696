// `-o go-template` and its friends: kr8s and kubectl on the same objects (a fresh namespace per test) with a
// table of templates; stdout, stderr and the exit code must be identical, errors included.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { run } from "@kr8s/test-utils/exec";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";
import { comparable, sameAsKubectl } from "./parity.ts";
import { devBin } from "./run-cli.ts";

// Each case starts two processes (and kr8s from its sources) on a busy machine: seconds each.
const slow = { timeout: 600_000 };

// Objects whose printed fields do not change after creation (no controller writes their spec).
const manifest = (namespace: string): string => `
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  namespace: ${namespace}
  labels: { app: web, tier: front }
  annotations: { note: "<b> & 'quoted'" }
data: { b: two, a: one, empty: "", notbase64: "%%%" }
---
apiVersion: v1
kind: Secret
metadata: { name: db, namespace: ${namespace} }
data: { password: czNjcjN0, user: YWRtaW4= }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: ${namespace}, labels: { app: web } }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 8080, targetPort: 8080 }, { name: big, port: 9090, targetPort: 9090 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${namespace} }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      terminationGracePeriodSeconds: 1000000
      containers: [{ name: web, image: nginx, ports: [{ containerPort: 8080 }] }]
`;

async function objects(namespace: string): Promise<void> {
  const applied = await kubectl(["apply", "-f", "-"], { namespace, input: manifest(namespace) });
  expect(applied.exitCode, applied.stderr).toBe(0);
}

/** Runs each command both ways (in `namespace` if given) and expects the same stdout, stderr and exit code. */
async function expectAllSame(
  cases: readonly (readonly string[])[],
  namespace: string | undefined,
  kubeconfig: string,
  exitCode: number,
): Promise<void> {
  for (const args of cases) {
    const full = namespace === undefined ? args : [...args, "-n", namespace];
    const { ours, theirs } = await sameAsKubectl(full, kubeconfig);
    expect({ args, ...comparable(ours) }).toEqual({ args, ...comparable(theirs) });
    expect({ args, exitCode: ours.exitCode }).toEqual({ args, exitCode });
  }
}

describe("kr8s get -o go-template prints what kubectl prints", () => {
  test(
    "lists and single objects: range over items, nested fields, whole maps and slices, integers as int64",
    slow,
    async ({ kubeconfig, namespace }) => {
      await objects(namespace);
      await expectAllSame(
        [
          ["get", "cm,svc", "-o", 'go-template={{range .items}}{{.kind}}/{{.metadata.name}}{{"\\n"}}{{end}}'],
          ["get", "cm", "cfg", "-o", "go-template={{.metadata.name}} {{.metadata.labels.app}} {{.data}}"],
          ["get", "svc", "web", "-o", "go-template={{.spec.ports}} {{.metadata.labels}} {{.spec.selector}}"],
          [
            "get",
            "deploy",
            "web",
            "-o",
            "go-template={{.spec.replicas}} {{.spec.template.spec.terminationGracePeriodSeconds}} {{(index .spec.template.spec.containers 0).ports}}",
          ],
          ["get", "cm", "-o", "go-template={{.kind}} {{.apiVersion}} {{.metadata}} {{len .items}}"],
          ["get", "cm/cfg", "svc/web", "-o", "go-template={{.kind}} {{len .items}}"],
        ],
        namespace,
        kubeconfig,
        0,
      );
    },
  );

  test(
    "functions and actions: missing keys, if/else, printf, len/index, eq/lt, base64decode, exists, variables, trimming, define",
    slow,
    async ({ kubeconfig, namespace }) => {
      await objects(namespace);
      const templates = [
        '[{{.metadata.nope}}] [{{.nope.deeper}}] [{{index .data "nope"}}]',
        "{{if .metadata.nope}}yes{{else if .metadata.labels}}labels{{else}}no{{end}}",
        "{{with .metadata.labels}}{{.tier}}{{end}} {{range $k, $v := .data}}{{$k}}={{$v}};{{end}}",
        '{{printf "%s|%q|%5.1f|%-6s|%d|%v|%x|%T" .kind .metadata.name 3.14159 "ab" 42 .data.a "hi" .data}}',
        '{{len .data}} {{len .metadata.name}} {{index .data "b"}} {{index .metadata.labels "app"}}',
        '{{eq .kind "ConfigMap"}} {{ne .data.a "two"}} {{lt "a" "b"}} {{eq (len .data) 3}} {{ge 2.5 2.5}}',
        '{{exists . "data" "a"}} {{exists . "data" "zzz"}} {{exists . "metadata" "labels" "app"}}',
        '{{$name := .metadata.name}}{{$name}} {{$name = "x"}}{{$name}} {{$.kind}}',
        "a  {{- .kind -}}  b\n  {{- /* a comment */ -}}\n c",
        '{{define "kv"}}{{.}}!{{end}}{{template "kv" .data.a}} {{block "b" .data.b}}<{{.}}>{{end}}',
        "{{html .metadata.annotations.note}} {{js .metadata.annotations.note}} {{urlquery .metadata.annotations.note}}",
        '{{print .data.a 1 2 "x"}} {{println .kind}}{{slice .metadata.name 1}} {{not .data.empty}} {{and 1 .data.a}} {{or .data.empty "dflt"}}',
      ];
      await expectAllSame(
        templates.map((t) => ["get", "cm", "cfg", "-o", `go-template=${t}`]),
        namespace,
        kubeconfig,
        0,
      );
      await expectAllSame(
        [
          [
            "get",
            "secret",
            "db",
            "-o",
            "go-template={{.data.password | base64decode}} {{base64decode .data.user}}",
          ],
          [
            "get",
            "svc",
            "web",
            "-o",
            'go-template={{range .spec.ports}}{{if eq .port 8080}}{{.name}}{{end}}{{end}} {{printf "%d %T" .spec.ports 1}}',
          ],
        ],
        namespace,
        kubeconfig,
        0,
      );
    },
  );

  test(
    "spellings: template=, templatefile=, go-template-file=, --template alone and with -o go-template",
    slow,
    async ({ kubeconfig, namespace }) => {
      await objects(namespace);
      const dir = await mkdtemp(join(tmpdir(), "kr8s-go-template-"));
      const file = join(dir, "names.tmpl");
      await writeFile(file, '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}');
      await expectAllSame(
        [
          ["get", "cm", "-o", "template={{len .items}}"],
          ["get", "cm", "-o", `templatefile=${file}`],
          ["get", "cm", "-o", `go-template-file=${file}`],
          ["get", "cm", "cfg", "--template={{.metadata.name}}"],
          ["get", "cm", "cfg", "-o", "go-template", "--template", "{{.data.a}}"],
          ["get", "cm", "-o", "go-template-file", "--template", file],
        ],
        namespace,
        kubeconfig,
        0,
      );
    },
  );

  test(
    "errors: bad format, parse errors, missing keys with --allow-missing-template-keys=false, execution errors, missing file",
    slow,
    async ({ kubeconfig, namespace }) => {
      await objects(namespace);
      await expectAllSame(
        [
          ["get", "cm", "-o", "go-templat"],
          ["get", "cm", "-o", "go-template"],
          ["get", "cm", "-o", "go-template={{.metadata.name"],
          ["get", "cm", "-o", 'go-template={{ "a" | upper }}'],
          ["get", "cm", "-o", "go-template={{if .kind}}x"],
          ["get", "cm", "-o", "go-template-file=/nonexistent/kr8s.tmpl"],
          [
            "get",
            "cm",
            "cfg",
            "-o",
            "go-template=A{{.metadata.name}} {{.metadata.x}}",
            "--allow-missing-template-keys=false",
          ],
          ["get", "cm", "cfg", "-o", "go-template={{index .data 5}}"],
          ["get", "cm", "cfg", "-o", "go-template={{.kind 1}}"],
          ["get", "cm", "cfg", "-o", "go-template={{lt .data.a 1}}"],
          ["get", "cm", "cfg", "-o", "go-template={{len 3}}"],
          ["get", "cm", "cfg", "-o", "go-template=ok {{.data.notbase64 | base64decode}}"],
          // Integers are int64 to kubectl's templates, so comparing one with a float constant fails.
          [
            "get",
            "svc",
            "web",
            "-o",
            "go-template={{range .spec.ports}}{{if eq .port 8080.0}}{{.name}}{{end}}{{end}}",
          ],
        ],
        namespace,
        kubeconfig,
        1,
      );
    },
  );
});

describe("kr8s config view -o go-template prints what kubectl prints", () => {
  test(
    "templates on the (redacted) view, name, the allowed formats and a missing key",
    slow,
    async ({ kubeconfig }) => {
      await expectAllSame(
        [
          [
            "config",
            "view",
            "-o",
            'go-template={{range .contexts}}{{.name}}@{{.context.cluster}}{{"\\n"}}{{end}}',
          ],
          ["config", "view", "--minify", "-o", "template={{.kind}} {{.users}}"],
          ["config", "view", "-o", "name"],
        ],
        undefined,
        kubeconfig,
        0,
      );
      await expectAllSame(
        [
          ["config", "view", "-o", "yml"],
          ["config", "view", "-o", "go-template={{.nope}}", "--allow-missing-template-keys=false"],
        ],
        undefined,
        kubeconfig,
        1,
      );
    },
  );
});

describe("kr8s events and auth whoami -o go-template print what kubectl prints", () => {
  test(
    "events of an empty namespace and whoami: templates, JSONPath, name, errors",
    slow,
    async ({ kubeconfig, namespace }) => {
      await expectAllSame(
        [
          [
            "auth",
            "whoami",
            "-o",
            "go-template={{.kind}} {{.status.userInfo.username}} {{.status.userInfo.groups}}",
          ],
          ["auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"],
          ["auth", "whoami", "-o", "name"],
          ["auth", "whoami", "--template={{.kind}}"],
          ["events", "-n", namespace, "-o", "go-template={{.kind}}"],
          ["events", "-n", namespace, "-o", "json"],
        ],
        undefined,
        kubeconfig,
        0,
      );
      await expectAllSame(
        [
          ["auth", "whoami", "-o", "go-template={{.kind"],
          ["auth", "whoami", "-o", "yml"],
          ["events", "-n", namespace, "-o", "templatefile=/nonexistent/kr8s.tmpl"],
          ["events", "-n", namespace, "-o", "xml"],
        ],
        undefined,
        kubeconfig,
        1,
      );
    },
  );
});

describe("kr8s -o go-template writes bytes as kubectl does", () => {
  test(
    "base64decode of a binary Secret value writes its bytes, not UTF-8 replacement characters",
    slow,
    async ({ kubeconfig, namespace }) => {
      const dir = await mkdtemp(join(tmpdir(), "kr8s-bytes-"));
      // Every byte value, invalid UTF-8 (a lone 0xff, a cut sequence, an encoded surrogate) and valid text.
      const bytes = Buffer.concat([
        Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
        Buffer.from([0xff, 0xe2, 0x82, 0x20, 0xed, 0xa0, 0x80]),
        Buffer.from("héllo 😀"),
      ]);
      const created = await kubectl(
        ["create", "secret", "generic", "blob", `--from-literal=dummy=x`, "--dry-run=client", "-o", "json"],
        { namespace },
      );
      const secret = JSON.parse(created.stdout) as { data: Record<string, string> };
      secret.data["ks.bin"] = bytes.toString("base64");
      const applied = await kubectl(["apply", "-f", "-"], { namespace, input: JSON.stringify(secret) });
      expect(applied.exitCode, applied.stderr).toBe(0);
      const template = `go-template={{index .data "ks.bin" | base64decode}}`;
      const args = ["get", "secret", "blob", "-n", namespace, "-o", template, "--kubeconfig", kubeconfig];
      // Through the shell into files: a captured string would decode (and replace) the bytes.
      const write = async (file: string, command: readonly string[]): Promise<Buffer> => {
        const result = await run("bash", ["-c", `"$@" > ${file}`, "bash", ...command]);
        expect(result.exitCode, result.stderr).toBe(0);
        return readFile(file);
      };
      const theirs = await write(join(dir, "kubectl.bin"), [referenceKubectl, ...args]);
      const ours = await write(join(dir, "kr8s.bin"), [
        process.execPath,
        "--conditions=@kr8s/source",
        devBin,
        ...args,
      ]);
      expect(theirs.equals(bytes)).toBe(true);
      expect(ours.toString("hex")).toBe(theirs.toString("hex"));
    },
  );
});
