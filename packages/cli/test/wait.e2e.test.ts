// `kr8s wait` and kubectl v1.33 side by side on the same objects (a fresh namespace per test): stdout,
// stderr and the exit code must be identical. Waits that end because something happens (a pod becomes
// Ready on the KWOK node, is deleted, is created) run both clients at once, then make it happen.
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import type { RunResult } from "@kr8s/test-utils/exec";
import { kr8s } from "./run-cli.ts";

const slow = { timeout: 300_000 };

async function both(
  args: readonly string[],
  kubeconfig: string,
  namespace: string,
): Promise<[RunResult, RunResult]> {
  return Promise.all([
    kr8s(["wait", ...args, "-n", namespace, "--kubeconfig", kubeconfig]),
    kubectl(["wait", ...args], { kubeconfig, namespace }),
  ]);
}

function expectSame([ours, theirs]: [RunResult, RunResult]): void {
  // Both sides in the message: a difference shows what each printed on stderr too.
  expect(ours.stdout, JSON.stringify({ ours, theirs })).toBe(theirs.stdout);
  expect(ours.stderr.replaceAll("'kr8s ", "'kubectl ")).toBe(theirs.stderr);
  expect(ours.exitCode).toBe(theirs.exitCode);
}

async function pods(namespace: string, kubeconfig: string, ...names: string[]): Promise<void> {
  for (const name of names) {
    const result = await kubectl(["run", name, "--image=nginx", `--labels=app=${name},tier=web`], {
      kubeconfig,
      namespace,
    });
    expect(result.exitCode, result.stderr).toBe(0);
  }
}

async function configMaps(
  namespace: string,
  kubeconfig: string,
  names: readonly string[],
  ...options: string[]
): Promise<void> {
  for (const name of names) {
    const created = await kubectl(["create", "configmap", name, ...options], { kubeconfig, namespace });
    expect(created.exitCode, created.stderr).toBe(0);
  }
}

/** Deletes the pods and returns once they are gone (kubectl delete waits by default). */
async function deletePods(namespace: string, kubeconfig: string, ...names: string[]): Promise<void> {
  const result = await kubectl(["delete", "pod", ...names], { kubeconfig, namespace });
  expect(result.exitCode, result.stderr).toBe(0);
}

describe("wait does what kubectl wait does", () => {
  test(
    "a condition on several objects (KWOK pods Ready), one line each in order",
    slow,
    async ({ kubeconfig, namespace }) => {
      await pods(namespace, kubeconfig, "web", "api");
      const result = await both(
        ["pod/web", "pod/api", "--for=condition=Ready", "--timeout=120s"],
        kubeconfig,
        namespace,
      );
      expectSame(result);
      expect(result[0].stdout).toBe("pod/web condition met\npod/api condition met\n");
    },
  );

  test(
    "a category (all) stands for its types, as in kubectl: each type's objects in turn; with a name, refused",
    slow,
    async ({ kubeconfig, namespace }) => {
      await pods(namespace, kubeconfig, "web");
      await configMaps(namespace, kubeconfig, ["settings"]);
      const cases: [string[], number][] = [
        [["all", "--all", "--for=condition=Ready", "--timeout=120s"], 0],
        [["all,cm", "--all", "--for=create", "--timeout=10s"], 0],
        [["all", "web", "--for=condition=Ready"], 1],
      ];
      for (const [args, exitCode] of cases) {
        const result = await both(args, kubeconfig, namespace);
        expectSame(result);
        expect(result[0].exitCode, args.join(" ")).toBe(exitCode);
      }
    },
  );

  test(
    "--all, -l and --field-selector wait for every object they select; jsonpath compares a field",
    slow,
    async ({ kubeconfig, namespace }) => {
      await pods(namespace, kubeconfig, "web", "api");
      const cases = [
        ["pods", "--all", "--for=condition=Ready", "--timeout=120s"],
        ["pods", "-l", "tier=web", "--for=jsonpath={.status.phase}=Running", "--timeout=120s"],
        ["pods", "--field-selector=metadata.name=api", "--for=condition=ready=TRUE"],
        ["pod/web", "--for=jsonpath=.metadata.labels.app=web"],
        ["pod/web", "--for=jsonpath={.status.podIP}"],
        ["pod", "web", "--for=create", "--timeout=0"],
        // nothing selected: for delete that is success, with nothing printed
        ["pods", "-l", "app=nothing", "--for=delete"],
      ];
      for (const args of cases) {
        const result = await both(args, kubeconfig, namespace);
        expectSame(result);
        expect(result[0].exitCode, args.join(" ")).toBe(0);
      }
      const [ours] = await both(cases[0] as string[], kubeconfig, namespace);
      expect(ours.stdout).toBe("pod/api condition met\npod/web condition met\n");
    },
  );

  test(
    "--for=delete returns once the objects are deleted, in order; a missing one counts as deleted",
    slow,
    async ({ kubeconfig, namespace }) => {
      await pods(namespace, kubeconfig, "web", "api");
      const waiting = both(
        ["pod/web", "pod/api", "pod/never", "--for=delete", "--timeout=120s"],
        kubeconfig,
        namespace,
      );
      // Both must have found the pods before they go (else neither has anything to wait for, and both
      // print nothing): kr8s started from its sources takes seconds on a busy machine.
      await sleep(15_000);
      // One after the other: kubectl looks an object up only when it reaches it, so `api` must still be
      // there once `web` is gone for kubectl's output to be certain (the next test covers both at once).
      await deletePods(namespace, kubeconfig, "web");
      await deletePods(namespace, kubeconfig, "api");
      const result = await waiting;
      expectSame(result);
      expect(result[0].stdout).toBe("pod/web condition met\npod/api condition met\n");
      expect(result[0].exitCode).toBe(0);
    },
  );

  test(
    "--for=delete with objects deleted together: kr8s reports each one it found, kubectl may skip the later ones",
    slow,
    async ({ kubeconfig, namespace }) => {
      await pods(namespace, kubeconfig, "web", "api");
      const waiting = both(["pod/web", "pod/api", "--for=delete", "--timeout=120s"], kubeconfig, namespace);
      await sleep(15_000);
      const deleted = await kubectl(["delete", "pod", "web", "api", "--wait=false"], {
        kubeconfig,
        namespace,
      });
      expect(deleted.exitCode, deleted.stderr).toBe(0);
      const [ours, theirs] = await waiting;
      // kr8s fetched both when it started, so both were deleted while it waited: a line each.
      expect(ours.stdout).toBe("pod/web condition met\npod/api condition met\n");
      // kubectl fetches `api` only after `web` is gone; if `api` went first it is NotFound, which kubectl's
      // --for=delete ignores without a line (its resource builder, `IgnoreErrors(IsNotFound)`).
      expect(["pod/web condition met\n", ours.stdout]).toContain(theirs.stdout);
      expect([ours.stderr, ours.exitCode]).toEqual([theirs.stderr, theirs.exitCode]);
      expect(ours.exitCode).toBe(0);
    },
  );

  test(
    "an empty name: client-go's refusal, alone or in its turn among the other errors",
    slow,
    async ({ kubeconfig, namespace }) => {
      for (const args of [
        ["pod", "", "--for=delete"],
        ["pod", "x", "", "--for=delete"],
        ["pod", "x", "", "--for=condition=Ready", "--timeout=1s"],
        ["pod", "", "x", "--for=condition=Ready", "--timeout=1s"],
      ]) {
        const results = await both(args, kubeconfig, namespace);
        expect(results[0].stderr).toContain("resource name may not be empty");
        expectSame(results);
      }
    },
  );

  test("--for=create returns once the object is created", slow, async ({ kubeconfig, namespace }) => {
    const waiting = both(["configmap/late", "--for=create", "--timeout=120s"], kubeconfig, namespace);
    const created = await kubectl(["create", "configmap", "late"], { kubeconfig, namespace });
    expect(created.exitCode, created.stderr).toBe(0);
    const result = await waiting;
    expectSame(result);
    expect(result[0].stdout).toBe("configmap/late condition met\n");
  });

  test(
    "--for=create with a selector returns once something matches it",
    slow,
    async ({ kubeconfig, namespace }) => {
      const waiting = both(
        ["configmaps", "-l", "app=late", "--for=create", "--timeout=120s"],
        kubeconfig,
        namespace,
      );
      // Created only once both are listing (else both find it at once, which proves less).
      await sleep(15_000);
      const created = await kubectl(["create", "-f", "-"], {
        kubeconfig,
        namespace,
        input: JSON.stringify({
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: "late", labels: { app: "late" } },
        }),
      });
      expect(created.exitCode, created.stderr).toBe(0);
      const result = await waiting;
      expectSame(result);
      expect(result[0].stdout).toBe("configmap/late condition met\n");
    },
  );

  test(
    "timeouts, a zero timeout, missing objects and bad arguments fail with kubectl's words",
    slow,
    async ({ kubeconfig, namespace }) => {
      await pods(namespace, kubeconfig, "web");
      const ready = await kubectl(["wait", "pod/web", "--for=condition=Ready", "--timeout=120s"], {
        kubeconfig,
        namespace,
      });
      expect(ready.exitCode, ready.stderr).toBe(0);
      const cases: [string[], string][] = [
        [
          ["pod/web", "--for=condition=Ready=false", "--timeout=2s"],
          "error: timed out waiting for the condition on pods/web\n",
        ],
        [
          ["pod/web", "--for=condition=Ready=false", "--timeout=0"],
          "error: condition not met for pods/web\n",
        ],
        [
          ["pod/web", "--for=delete", "--timeout=1s"],
          "error: timed out waiting for the condition on pods/web\n",
        ],
        [["pod/web", "--for=delete", "--timeout=0"], "error: condition not met for pods/web\n"],
        [["pod/nope", "--for=create", "--timeout=2s"], "error: timed out waiting for the condition\n"],
        [
          ["pods", "-l", "app=nothing", "--for=create", "--timeout=2s"],
          "error: timed out waiting for the condition\n",
        ],
        [["pod/nope", "--for=condition=Ready"], 'Error from server (NotFound): pods "nope" not found\n'],
        [["pods", "-l", "app=nothing", "--for=condition=Ready"], "error: no matching resources found\n"],
        [["pod/web", "--for=foo"], 'error: unrecognized condition: "foo"\n'],
        [["pod/web"], 'error: unrecognized condition: ""\n'],
        [["pods", "--for=condition=Ready"], "error: resource(s) were provided, but no name was specified\n"],
        [
          ["pod/web", "-A", "--for=delete", "--timeout=1s"],
          "error: a resource cannot be retrieved by name across all namespaces\n",
        ],
        [
          ["pod/web", "-l", "app=web", "--for=create"],
          "error: selectors and the all flag cannot be used when passing resource/name arguments\n",
        ],
        [
          ["pod", "web", "--field-selector=metadata.name=web", "--for=create"],
          "error: name cannot be provided when a selector is specified\n",
        ],
        [
          ["pod/web", "--for=jsonpath={.status.conditions}=x"],
          "error: jsonpath leads to a nested object or list which is not supported\n",
        ],
        [
          ["pod/web", "--for=jsonpath={.status.conditions[*].type}=Ready"],
          "error: given jsonpath expression matches more than one value\n",
        ],
        [
          ["pod/web", "--for=jsonpath={.status.phase}="],
          "error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3\n",
        ],
        [
          ["pod/web", "--for=jsonpath={.status.phase"],
          "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'\n",
        ],
        [
          ["pod/web", "--for=condition=Ready", "--timeout=soon"],
          'error: invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"\nSee \'kubectl wait --help\' for usage.\n',
        ],
        [
          ["--for=condition=Ready"],
          "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
        ],
      ];
      for (const [args, stderr] of cases) {
        const result = await both(args, kubeconfig, namespace);
        expectSame(result);
        expect(result[1].stderr, args.join(" ")).toBe(stderr);
        expect(result[0].exitCode).toBe(1);
      }
    },
  );

  test(
    "several objects that fail: each gets its turn, one line each without `error: `, exit 1",
    slow,
    async ({ kubeconfig, namespace }) => {
      await configMaps(namespace, kubeconfig, ["a", "b", "c"]);
      const patched = await kubectl(["patch", "configmap", "b", "-p", '{"data":{"x":"1"}}'], {
        kubeconfig,
        namespace,
      });
      expect(patched.exitCode, patched.stderr).toBe(0);
      const cases: [string[], string, string][] = [
        [
          ["cm/a", "cm/b", "cm/c", "--for=condition=Ready", "--timeout=2s"],
          "",
          "timed out waiting for the condition on configmaps/a\ntimed out waiting for the condition on configmaps/b\ntimed out waiting for the condition on configmaps/c\n",
        ],
        [
          ["cm/a", "cm/c", "--for=jsonpath={.data.x}=1", "--timeout=0"],
          "",
          "condition not met for configmaps/a\ncondition not met for configmaps/c\n",
        ],
        [
          ["cm/a", "cm/nope", "cm/c", "--for=condition=Ready", "--timeout=1s"],
          "",
          'timed out waiting for the condition on configmaps/a\nError from server (NotFound): configmaps "nope" not found\ntimed out waiting for the condition on configmaps/c\n',
        ],
        // b meets it at once, a times out: one failure keeps kubectl's `error: ` line.
        [
          ["cm/b", "cm/a", "--for=jsonpath={.data.x}=1", "--timeout=1s"],
          "configmap/b condition met\n",
          "error: timed out waiting for the condition on configmaps/a\n",
        ],
      ];
      for (const [args, stdout, stderr] of cases) {
        const result = await both(args, kubeconfig, namespace);
        expectSame(result);
        expect([result[0].stdout, result[0].stderr, result[0].exitCode], args.join(" ")).toEqual([
          stdout,
          stderr,
          1,
        ]);
      }
      // --for=delete: kubectl's lines after the first that timed out are its rate limiter's words, as its
      // context has expired; kr8s names each object.
      const [ours, theirs] = await both(
        ["cm/a", "cm/b", "--for=delete", "--timeout=1s"],
        kubeconfig,
        namespace,
      );
      expect(theirs.stderr).toBe(
        "timed out waiting for the condition on configmaps/a\nclient rate limiter Wait returned an error: context deadline exceeded\n",
      );
      expect(ours).toMatchObject({
        exitCode: theirs.exitCode,
        stdout: theirs.stdout,
        stderr:
          "timed out waiting for the condition on configmaps/a\ntimed out waiting for the condition on configmaps/b\n",
      });
    },
  );

  test(
    "-o prints the objects that met the condition as kubectl's printers do",
    slow,
    async ({ kubeconfig, namespace }) => {
      await configMaps(namespace, kubeconfig, ["b", "a"], "--from-literal=k=v");
      for (const output of [
        "name",
        "json",
        "yaml",
        "jsonpath={.metadata.name}",
        "jsonpath-as-json={.data}",
        'go-template={{.metadata.name}}{{"\\n"}}',
        "xml",
      ]) {
        const result = await both(
          ["cm/b", "cm/a", "--for=jsonpath={.data.k}=v", "-o", output],
          kubeconfig,
          namespace,
        );
        expectSame(result);
        expect(result[0].exitCode, output).toBe(output === "xml" ? 1 : 0);
      }
      // --template alone means -o go-template, as in kubectl.
      const templated = await both(
        ["cm/b", "--for=create", '--template={{.metadata.name}}{{"\\n"}}'],
        kubeconfig,
        namespace,
      );
      expectSame(templated);
      expect(templated[0].stdout).toBe("b\n");
      const [json] = await both(["cm/b", "--for=create", "-o", "json"], kubeconfig, namespace);
      expect(JSON.parse(json.stdout)).toMatchObject({ kind: "ConfigMap", metadata: { name: "b" } });
    },
  );

  test("-f names the objects to wait for", slow, async ({ kubeconfig, namespace }) => {
    await pods(namespace, kubeconfig, "web");
    const manifest = `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: ${namespace} }\n`;
    const [ours, theirs] = await Promise.all([
      kr8s(["wait", "-f", "-", "--for=condition=Ready", "--timeout=120s", "--kubeconfig", kubeconfig], {
        input: manifest,
      }),
      kubectl(["wait", "-f", "-", "--for=condition=Ready", "--timeout=120s"], {
        kubeconfig,
        input: manifest,
      }),
    ]);
    expectSame([ours, theirs]);
    expect(ours.stdout).toBe("pod/web condition met\n");
  });

  test("-f with a kind the server does not serve: kubectl's mapping error", slow, async ({ kubeconfig }) => {
    const manifest = "apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w, namespace: x }\n";
    const args = ["wait", "-f", "-", "--for=delete", "--timeout=1s", "--kubeconfig", kubeconfig];
    const [ours, theirs] = await Promise.all([
      kr8s(args, { input: manifest }),
      kubectl(args.slice(0, -2), { kubeconfig, input: manifest }),
    ]);
    expectSame([ours, theirs]);
    expect(ours.stderr).toContain('no matches for kind "Widget" in version "example.com/v1"');
  });
});
