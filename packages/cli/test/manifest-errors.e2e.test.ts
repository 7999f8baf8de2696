// `kr8s get -f` and `kr8s describe -f` on manifests kubectl cannot all use — broken YAML, a kind the server
// does not serve, an object that does not exist — among good ones, and kubectl v1.33 on the same cluster,
// namespace and arguments. Like kubectl, kr8s prints what it could read and get, then every error in the
// order of the files, exit 1. Regression: one broken file made `kr8s get -f DIR` print only its error.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunResult } from "@kr8s/test-utils/exec";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { comparable } from "./parity.ts";
import { kr8s } from "./run-cli.ts";

// Each case starts two processes (and kr8s from its sources) on a busy machine: seconds each.
const slow = { timeout: 300_000 };

/**
 * kubectl (go-yaml) and kr8s (yaml) word a broken document differently (README): the message after the
 * file's name is set aside; where the error is printed, and how (bare, `error: `, within `[…]`), is compared.
 */
const BROKEN_YAML =
  /error parsing (\S+?)(?: at line \d+)?: (?:error converting YAML to JSON: yaml: line \d+: did not find expected node content|Flow sequence in block collection must be sufficiently indented and end with a \])/g;

function seen(result: RunResult): { exitCode: number; stdout: string; stderr: string } {
  const shown = comparable(result);
  return { ...shown, stderr: shown.stderr.replace(BROKEN_YAML, "error parsing $1: <broken YAML>") };
}

/**
 * Runs both clients and expects the same stdout, stderr (broken YAML's wording aside) and exit code. An age
 * can change width between the two runs (`9s` → `10s`), so a mismatch is retried twice before it counts.
 */
async function expectLikeKubectl(args: readonly string[], kubeconfig: string): Promise<RunResult> {
  let last: { ours: RunResult; theirs: RunResult } | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const [ours, theirs] = await Promise.all([
      kr8s([...args, "--kubeconfig", kubeconfig]),
      kubectl(args, { kubeconfig }),
    ]);
    last = { ours, theirs };
    if (JSON.stringify(seen(ours)) === JSON.stringify(seen(theirs))) break;
  }
  if (!last) throw new Error("unreachable");
  expect(seen(last.ours), args.join(" ")).toEqual(seen(last.theirs));
  return last.ours;
}

const doc = (kind: string, name: string, namespace: string, apiVersion = "v1"): string =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n`;
const BROKEN = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [\n";

/**
 * Manifests in a fresh directory: `good` holds two objects that exist, one broken file between them and a
 * third object in a sub-directory (read with -R); `mixed` adds an object that does not exist, a kind the
 * server does not serve, and a file whose third document is broken after two good ones.
 */
async function manifests(namespace: string): Promise<{ good: string; mixed: string; half: string }> {
  await kubectl(["create", "configmap", "cfg", "--from-literal=a=b"], { namespace });
  await kubectl(["create", "service", "clusterip", "web", "--tcp=80:80"], { namespace });
  await kubectl(["create", "secret", "generic", "token", "--from-literal=t=x"], { namespace });
  const root = await mkdtemp(join(tmpdir(), "kr8s-manifest-errors-"));
  const good = join(root, "good");
  await mkdir(join(good, "sub"), { recursive: true });
  await writeFile(join(good, "a-cfg.yaml"), doc("ConfigMap", "cfg", namespace));
  await writeFile(join(good, "b-broken.yaml"), BROKEN);
  await writeFile(join(good, "c-web.yaml"), doc("Service", "web", namespace));
  await writeFile(join(good, "sub", "d-token.yaml"), doc("Secret", "token", namespace));
  const mixed = join(root, "mixed");
  await mkdir(mixed);
  const half = join(mixed, "d-half.yaml");
  await writeFile(join(mixed, "a-cfg.yaml"), doc("ConfigMap", "cfg", namespace));
  await writeFile(
    join(mixed, "b-missing.json"),
    JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "nope", namespace } }),
  );
  await writeFile(join(mixed, "c-bogus.yaml"), doc("Bogus", "x", namespace));
  await writeFile(join(mixed, "c-broken.yaml"), BROKEN);
  await writeFile(
    half,
    [doc("ConfigMap", "nope2", namespace), doc("Service", "web", namespace), "kind: [\n"].join("---\n"),
  );
  await writeFile(join(mixed, "e-cfg.yaml"), doc("ConfigMap", "cfg", namespace));
  return { good, mixed, half };
}

describe("kr8s get -f prints what it could read and get, then the errors, as kubectl does", () => {
  test(
    "a broken YAML file among good ones: with and without -R, tables, -o name|yaml|json",
    slow,
    async ({ kubeconfig, namespace }) => {
      const { good } = await manifests(namespace);
      for (const args of [
        ["get", "-f", good],
        ["get", "-f", good, "-R"],
        ["get", "-f", good, "-o", "name"],
        ["get", "-f", good, "-R", "-o", "name"],
        ["get", "-f", good, "-o", "yaml"],
        ["get", "-f", good, "-R", "-o", "json"],
        ["get", "-f", join(good, "a-cfg.yaml"), "-f", join(good, "b-broken.yaml"), "-o", "name"],
        ["get", "-f", join(good, "b-broken.yaml"), "-f", join(good, "a-cfg.yaml")],
      ]) {
        const ours = await expectLikeKubectl(args, kubeconfig);
        expect(ours.exitCode, args.join(" ")).toBe(1);
        expect(ours.stdout, args.join(" ")).toContain("cfg");
        expect(ours.stderr, args.join(" ")).toContain(`error parsing ${join(good, "b-broken.yaml")}`);
      }
      // One broken file alone: nothing printed but the error (a table's bare, `error: ` otherwise).
      for (const args of [
        ["get", "-f", join(good, "b-broken.yaml")],
        ["get", "-f", join(good, "b-broken.yaml"), "-o", "name"],
      ]) {
        const ours = await expectLikeKubectl(args, kubeconfig);
        expect(ours).toMatchObject({ exitCode: 1, stdout: "" });
      }
    },
  );

  test(
    "broken files, an unknown kind and missing objects among found ones: every error in the files' order",
    slow,
    async ({ kubeconfig, namespace }) => {
      const { mixed, half } = await manifests(namespace);
      for (const args of [
        ["get", "-f", mixed],
        ["get", "-f", mixed, "-R", "-o", "name"],
        ["get", "-f", mixed, "-o", "yaml"],
        ["get", "-f", mixed, "-o", "name", "--ignore-not-found"],
        // A file read up to its broken document; one file with -o name prints nothing but the errors.
        ["get", "-f", half],
        ["get", "-f", half, "-o", "name"],
      ]) {
        const ours = await expectLikeKubectl(args, kubeconfig);
        expect(ours.exitCode, args.join(" ")).toBe(1);
      }
      const table = await expectLikeKubectl(["get", "-f", mixed], kubeconfig);
      expect(table.stderr.split("\n").map((line) => line.replace(/( at line \d+)?:.*/, ""))).toEqual([
        "Error from server (NotFound)",
        "resource mapping not found for name",
        "ensure CRDs are installed first",
        `error parsing ${join(mixed, "c-broken.yaml")}`,
        "Error from server (NotFound)",
        `error parsing ${half}`,
        "",
      ]);
    },
  );
});

describe("kr8s describe -f describes what it could read, then reports the rest, as kubectl does", () => {
  test(
    "broken YAML alone, among good files, and with the other errors",
    slow,
    async ({ kubeconfig, namespace }) => {
      const { good, mixed, half } = await manifests(namespace);
      for (const args of [
        ["describe", "-f", good],
        ["describe", "-f", good, "-R"],
        ["describe", "-f", join(good, "b-broken.yaml")],
        // The manifests' errors as one `[…]` entry before the NotFound errors.
        ["describe", "-f", mixed],
        ["describe", "-f", half],
      ]) {
        const ours = await expectLikeKubectl(args, kubeconfig);
        expect(ours.exitCode, args.join(" ")).toBe(1);
      }
    },
  );
});

describe("-f with -n and -A: the objects' own namespaces, as kubectl's resource builder reads them", () => {
  test(
    "an object in another namespace than -n's is refused (get, wait: once read; describe: before reading); -A reads each in its own and refuses one without",
    slow,
    async ({ kubeconfig, namespace }) => {
      await kubectl(["create", "configmap", "here", "--from-literal=a=b"], { namespace });
      const root = await mkdtemp(join(tmpdir(), "kr8s-manifest-namespaces-"));
      const file = async (name: string, text: string) => {
        await writeFile(join(root, name), text);
        return join(root, name);
      };
      const here = await file("here.yaml", doc("ConfigMap", "here", namespace));
      // Every namespace has its kube-root-ca.crt: one that exists, in another namespace.
      const elsewhere = await file("elsewhere.yaml", doc("ConfigMap", "kube-root-ca.crt", "kube-public"));
      const elsewhereMissing = await file("elsewhere-missing.yaml", doc("ConfigMap", "here", "default"));
      const missing = await file("missing.yaml", doc("ConfigMap", "missing", "default"));
      const nameless = await file(
        "nameless.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: here\n",
      );
      const bogus = await file("bogus.yaml", doc("Bogus", "b", namespace));
      for (const [args, exitCode] of [
        [["get", "-f", here, "-n", namespace], 0],
        [["get", "-f", nameless, "-n", namespace], 0],
        [["get", "-f", here, "-A"], 0],
        [["get", "-f", here, "-A", "-o", "name"], 0],
        [["get", "-f", elsewhere, "-n", namespace], 1],
        // Read first, in its own namespace: NotFound there, not the namespace error.
        [["get", "-f", elsewhereMissing, "-n", namespace], 1],
        [["get", "-f", `${elsewhere},${elsewhere}`, "-n", namespace], 1],
        [["get", "-f", elsewhere, "-n", namespace, "-o", "name"], 1],
        [["get", "-f", `${here},${elsewhere}`, "-n", namespace], 1],
        [["get", "-f", `${elsewhere},${missing}`, "-n", namespace], 1],
        [["get", "-f", `${elsewhere},${missing}`, "-n", namespace, "-o", "name"], 1],
        [["get", "-f", `${bogus},${elsewhere}`, "-n", namespace], 1],
        [["get", "-f", `${nameless},${here}`, "-A"], 1],
        [["describe", "-f", elsewhere, "-n", namespace], 1],
        [["describe", "-f", `${here},${elsewhere}`, "-n", namespace], 1],
        // describe checks the namespace before reading: refused whether the objects exist or not, in order.
        [["describe", "-f", elsewhereMissing, "-n", namespace], 1],
        [["describe", "-f", `${elsewhere},${elsewhereMissing},${missing},${here}`, "-n", namespace], 1],
        [["wait", "-f", elsewhere, "-n", namespace, "--for=create"], 1],
        // wait reads first, as get: refused once read, in its turn; what it could not read comes last.
        [["wait", "-f", `${here},${elsewhere}`, "-n", namespace, "--for=create"], 1],
        [["wait", "-f", `${here},${elsewhere}`, "-n", namespace, "--for=condition=x", "--timeout=1s"], 1],
        [["wait", "-f", `${elsewhereMissing},${missing}`, "-n", namespace, "--for=delete"], 0],
        [
          [
            "wait",
            "-f",
            `${elsewhere},${elsewhereMissing},${missing},${here}`,
            "-n",
            namespace,
            "--for=condition=x",
            "--timeout=1s",
          ],
          1,
        ],
      ] as const) {
        const ours = await expectLikeKubectl(args, kubeconfig);
        expect(ours.exitCode, args.join(" ")).toBe(exitCode);
      }
    },
  );
});

describe("-f with an http URL: the manifest downloaded, as kubectl's URL visitor reads it", () => {
  test(
    "a URL's objects are got, described and waited for; a missing one is kubectl's `unable to read URL`",
    slow,
    async ({ kubeconfig, namespace }) => {
      await kubectl(["create", "configmap", "served", "--from-literal=a=b"], { namespace });
      const root = await mkdtemp(join(tmpdir(), "kr8s-manifest-urls-"));
      await writeFile(join(root, "served.yaml"), doc("ConfigMap", "served", namespace));
      // A plain file server on this machine: what the URL holds is kubectl's and kr8s's to read alike.
      const server = createServer((request, response) => {
        readFile(join(root, (request.url ?? "/").slice(1))).then(
          (body) => response.end(body),
          () => response.writeHead(404).end("not here"),
        );
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const served = `${base}/served.yaml`;
        const missing = `${base}/missing.yaml`;
        for (const [args, exitCode] of [
          [["get", "-f", served], 0],
          [["get", "-f", served, "-o", "name"], 0],
          [["describe", "-f", served, "--show-events=false"], 0],
          [["wait", "-f", served, "--for=create"], 0],
          [["get", "-f", missing], 1],
          [["get", "-f", `${served},${missing}`], 1],
          [["wait", "-f", missing, "--for=create"], 1],
        ] as const) {
          const ours = await expectLikeKubectl(args, kubeconfig);
          expect(ours.exitCode, args.join(" ")).toBe(exitCode);
        }
      } finally {
        server.close();
      }
    },
  );
});
