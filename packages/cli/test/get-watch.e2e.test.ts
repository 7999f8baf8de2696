// `kr8s get -w` with stdout a pipe, next to `kubectl get -w` (v1.33) in the same fresh namespace: both are
// started, the same changes are made, and once both have printed the lines those changes produce, their
// outputs must be identical (ages normalised: the server computes them when it sends each event, so two
// watchers may see 1s and 2s). Both see the same events from the same server, so the lines are the same.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { afterEach } from "vitest";
import { describe, expect, kubectl, spawnKubectl, test } from "@kr8s/test-utils/fixtures";
import { devBin, kr8s } from "./run-cli.ts";

// Two processes per case (kr8s from its sources) on a busy machine, and real controllers: minutes at worst.
const slow = { timeout: 300_000 };

const running: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill();
});

/** A long-running command whose stdout (a pipe) and stderr are collected as they come. */
interface Watcher {
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Waits until `check(stdout)` holds; fails with what was printed after 90 s. */
  until(check: (stdout: string) => boolean): Promise<void>;
  /** Sends `signal` (SIGINT by default) and resolves with the exit code once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

function watcher(child: ChildProcessWithoutNullStreams): Watcher {
  running.push(child);
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    stdout: () => out,
    stderr: () => err,
    async until(check) {
      const deadline = Date.now() + 90_000;
      while (!check(out)) {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${err}\n${out}`);
        if (Date.now() > deadline) throw new Error(`still waiting; printed so far:\n${out}\n${err}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop(signal = "SIGINT") {
      child.kill(signal);
      return exited;
    },
  };
}

/** kubectl and kr8s started with the same `get` arguments. */
function both(args: readonly string[], namespace: string, kubeconfig: string, extra: string[] = []) {
  const theirs = watcher(spawnKubectl(["get", ...args], { namespace, kubeconfig }));
  const ours = watcher(
    spawn(
      process.execPath,
      [
        "--conditions=@kr8s/source",
        devBin,
        "get",
        ...args,
        ...extra,
        `--kubeconfig=${kubeconfig}`,
        `--namespace=${namespace}`,
      ],
      { stdio: "pipe" },
    ),
  );
  return { theirs, ours, all: [theirs, ours] };
}

const lineCount = (n: number) => (text: string) => text.split("\n").length - 1 >= n;
/** The AGE cell (the last column of the tables compared here), and nothing else, normalised. */
const ages = (text: string): string => text.replace(/\b\d+(s|m\d*s?|h\d*m?|d\d*h?)$/gm, "<age>");

async function must(args: string[], namespace: string): Promise<void> {
  const result = await kubectl(args, { namespace });
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
}

/** The same changes for every config map case: one added, one changed (wider DATA), one deleted. */
async function changeConfigMaps(namespace: string): Promise<void> {
  await must(["create", "configmap", "added-with-a-longer-name", "--from-literal=k=v"], namespace);
  await must(["patch", "configmap", "a", "-p", '{"data":{"x":"1","y":"2"}}'], namespace);
  await must(["delete", "configmap", "b"], namespace);
}

async function twoConfigMaps(namespace: string): Promise<void> {
  await must(["create", "configmap", "a", "--from-literal=x=0"], namespace);
  await must(["create", "configmap", "b"], namespace);
}

// kubectl's commands that run until interrupted end with exit code 1 on SIGINT or SIGTERM.
describe("interrupted, as kubectl: exit 1, what was printed kept", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    for (const [args, printed] of [
      [["get", "configmaps", "-w"], "kube-root-ca.crt"],
      [["events", "-w"], ""],
      [["wait", "--for=delete", "configmap/kube-root-ca.crt", "--timeout=120s"], ""],
    ] as const)
      test(`${args.join(" ")}, ${signal}`, slow, async ({ kubeconfig, namespace }) => {
        const theirs = watcher(spawnKubectl(args, { namespace, kubeconfig }));
        const ours = watcher(
          spawn(
            process.execPath,
            ["--conditions=@kr8s/source", devBin, ...args, `--kubeconfig=${kubeconfig}`, `-n=${namespace}`],
            { stdio: "pipe" },
          ),
        );
        for (const w of [theirs, ours]) await w.until((out) => out.includes(printed));
        // Both are running, watching or waiting: give each time to get there before the signal.
        await new Promise((resolve) => setTimeout(resolve, 3000));
        const codes = await Promise.all([theirs.stop(signal), ours.stop(signal)]);
        expect(codes).toEqual([1, 1]);
        expect(ages(ours.stdout())).toBe(ages(theirs.stdout()));
      });
});

describe("kr8s get -w, stdout not a terminal, is kubectl get -w", () => {
  for (const flags of [
    [],
    ["--output-watch-events"],
    ["--server-print=false"],
    ["-o", "name"],
    ["-o", "custom-columns=NAME:.metadata.name,X:.data.x"],
    ["-o", 'go-template={{.metadata.name}} {{.data.x}}{{"\\n"}}'],
    ["--output-watch-events", "-o", 'go-template={{.type}} {{.object.metadata.name}}{{"\\n"}}'],
  ])
    test(
      `configmaps ${flags.join(" ") || "(table)"}: the current objects, then one line per change`,
      slow,
      async ({ kubeconfig, namespace }) => {
        await twoConfigMaps(namespace);
        const { theirs, ours, all } = both(["configmaps", "-w", ...flags], namespace, kubeconfig);
        // a, b and kube-root-ca.crt (and a header for tables) first: then every watcher is watching.
        // -o name and go-template print no header
        const header = flags.some((f) => f === "name" || f.startsWith("go-template")) ? 0 : 1;
        await Promise.all(all.map((w) => w.until(lineCount(3 + header))));
        await changeConfigMaps(namespace);
        await Promise.all(all.map((w) => w.until(lineCount(6 + header))));
        await Promise.all(all.map((w) => w.stop()));
        expect(ages(ours.stdout())).toBe(ages(theirs.stdout()));
        expect(ours.stdout().split("\n")).toHaveLength(7 + header);
      },
    );

  test(
    "-o json: each object, then each changed object, byte for byte",
    slow,
    async ({ kubeconfig, namespace }) => {
      await twoConfigMaps(namespace);
      const { theirs, ours, all } = both(["configmaps", "-w", "-o", "json"], namespace, kubeconfig);
      const objects = (n: number) => (text: string) => text.split("\n").filter((l) => l === "}").length >= n;
      await Promise.all(all.map((w) => w.until(objects(3))));
      await changeConfigMaps(namespace);
      await Promise.all(all.map((w) => w.until(objects(6))));
      await Promise.all(all.map((w) => w.stop()));
      expect(ours.stdout()).toBe(theirs.stdout());
    },
  );

  test("-o json --output-watch-events: one line per event", slow, async ({ kubeconfig, namespace }) => {
    await twoConfigMaps(namespace);
    const { theirs, ours, all } = both(
      ["configmaps", "-w", "-o", "json", "--output-watch-events"],
      namespace,
      kubeconfig,
    );
    await Promise.all(all.map((w) => w.until(lineCount(3))));
    await changeConfigMaps(namespace);
    await Promise.all(all.map((w) => w.until(lineCount(6))));
    await Promise.all(all.map((w) => w.stop()));
    expect(ours.stdout()).toBe(theirs.stdout());
    expect(
      ours
        .stdout()
        .split("\n")
        .map((l) => l.slice(0, 18)),
    ).toEqual([
      '{"type":"ADDED","o',
      '{"type":"ADDED","o',
      '{"type":"ADDED","o',
      '{"type":"ADDED","o',
      '{"type":"MODIFIED"',
      '{"type":"DELETED",',
      "",
    ]);
  });

  test(
    "a Deployment scaled up and down: its lines and its KWOK pods' lines",
    slow,
    async ({ kubeconfig, namespace }) => {
      await must(["create", "deployment", "web", "--image=nginx", "--replicas=1"], namespace);
      await must(["rollout", "status", "deployment/web", "--timeout=120s"], namespace);
      const deploys = both(["deployments", "-w"], namespace, kubeconfig);
      const pods = both(["pods", "-l", "app=web", "-w", "--output-watch-events"], namespace, kubeconfig);
      const all = [...deploys.all, ...pods.all];
      await Promise.all([
        ...deploys.all.map((w) => w.until(lineCount(2))),
        ...pods.all.map((w) => w.until(lineCount(2))),
      ]);
      await must(["scale", "deployment/web", "--replicas=3"], namespace);
      await must(["rollout", "status", "deployment/web", "--timeout=120s"], namespace);
      await must(["scale", "deployment/web", "--replicas=1"], namespace);
      await must(["rollout", "status", "deployment/web", "--timeout=120s"], namespace);
      // Every change has happened; both watchers print the same events, so they end with the same count.
      const settled = async (pair: { theirs: Watcher; ours: Watcher }, last: RegExp) => {
        await Promise.all([pair.theirs, pair.ours].map((w) => w.until((text) => last.test(text))));
        await pair.ours.until((text) => text.split("\n").length >= pair.theirs.stdout().split("\n").length);
        await pair.theirs.until((text) => text.split("\n").length >= pair.ours.stdout().split("\n").length);
      };
      await settled(deploys, /^web\s+1\/1\s+1\s+1\s+\S+\n$/m);
      await settled(pods, /^DELETED\s/m);
      await Promise.all(all.map((w) => w.stop()));
      expect(ages(deploys.ours.stdout())).toBe(ages(deploys.theirs.stdout()));
      expect(ages(pods.ours.stdout())).toBe(ages(pods.theirs.stdout()));
      expect(deploys.ours.stdout()).toMatch(/^web\s+3\/3\s/m);
    },
  );
});

describe("kr8s get -w beyond kubectl", () => {
  test(
    "the server ending each watch after 1 s: kr8s resumes, with no line lost or repeated",
    slow,
    async ({ kubeconfig, namespace }) => {
      await twoConfigMaps(namespace);
      const { theirs, ours, all } = both(["configmaps", "-w"], namespace, kubeconfig, [
        "--watch-timeout-seconds=1",
        "-v=6",
      ]);
      await Promise.all(all.map((w) => w.until(lineCount(4))));
      const watchRequests = () =>
        ours
          .stderr()
          .split("\n")
          .filter((l) => l.includes("watch=")).length;
      // Changes spread over several of kr8s's 1 s watch requests.
      for (const change of [
        ["create", "configmap", "c1"],
        ["create", "configmap", "c2"],
        ["patch", "configmap", "a", "-p", '{"data":{"x":"9"}}'],
        ["delete", "configmap", "b"],
      ]) {
        const before = watchRequests();
        await ours.until(() => watchRequests() > before);
        await must(change, namespace);
      }
      await Promise.all(all.map((w) => w.until(lineCount(8))));
      await Promise.all(all.map((w) => w.stop()));
      expect(ages(ours.stdout())).toBe(ages(theirs.stdout()));
      expect(watchRequests()).toBeGreaterThanOrEqual(4);
    },
  );

  test(
    "several types (kubectl refuses): one table per type with kind/name, a type's header again when the type changes",
    slow,
    async ({ kubeconfig, namespace }) => {
      await twoConfigMaps(namespace);
      await must(["create", "secret", "generic", "s", "--from-literal=k=v"], namespace);
      const refused = await kubectl(["get", "configmaps,secrets", "-w"], { namespace });
      expect(refused.stderr).toBe("error: you may only specify a single resource type\n");
      const ours = watcher(
        spawn(
          process.execPath,
          [
            "--conditions=@kr8s/source",
            devBin,
            "get",
            "cm,secrets",
            "-w",
            `--kubeconfig=${kubeconfig}`,
            `-n=${namespace}`,
          ],
          { stdio: "pipe" },
        ),
      );
      await ours.until(lineCount(7));
      await must(["create", "secret", "generic", "t"], namespace);
      await ours.until(lineCount(8));
      await must(["delete", "configmap", "a"], namespace);
      await ours.until(lineCount(11));
      await ours.stop();
      expect(ages(ours.stdout())).toBe(
        [
          "NAME                         DATA   AGE",
          "configmap/a                  1      <age>",
          "configmap/b                  0      <age>",
          "configmap/kube-root-ca.crt   1      <age>",
          "",
          "NAME       TYPE     DATA   AGE",
          "secret/s   Opaque   1      <age>",
          "secret/t   Opaque   0      <age>",
          "",
          "NAME                         DATA   AGE",
          "configmap/a                  1      <age>",
          "",
        ].join("\n"),
      );
    },
  );

  test(
    "several names of one type are watched together; a missing name fails as kubectl's GET does",
    slow,
    async ({ kubeconfig, namespace }) => {
      await twoConfigMaps(namespace);
      const ours = watcher(
        spawn(
          process.execPath,
          [
            "--conditions=@kr8s/source",
            devBin,
            "get",
            "cm",
            "b",
            "a",
            "-w",
            `--kubeconfig=${kubeconfig}`,
            `-n=${namespace}`,
          ],
          { stdio: "pipe" },
        ),
      );
      await ours.until(lineCount(3));
      await must(["patch", "configmap", "b", "-p", '{"data":{"n":"1"}}'], namespace);
      await must(["create", "configmap", "c"], namespace);
      await must(["patch", "configmap", "a", "-p", '{"data":{"n":"1"}}'], namespace);
      await ours.until(lineCount(5));
      await ours.stop();
      expect(ages(ours.stdout())).toBe(
        "NAME   DATA   AGE\nb      0      <age>\na      1      <age>\nb      1      <age>\na      2      <age>\n",
      );

      const [missing, theirs] = await Promise.all([
        kr8s(["get", "configmap", "nope", "-w", "--kubeconfig", kubeconfig, "-n", namespace]),
        kubectl(["get", "configmap", "nope", "-w"], { namespace }),
      ]);
      expect([missing.stdout, missing.stderr, missing.exitCode]).toEqual([
        theirs.stdout,
        theirs.stderr,
        theirs.exitCode,
      ]);
    },
  );

  test("flag errors as kubectl words them", slow, async ({ kubeconfig, namespace }) => {
    for (const args of [["configmaps", "--output-watch-events"], ["-w"]]) {
      const [ours, theirs] = await Promise.all([
        kr8s(["get", ...args, "--kubeconfig", kubeconfig, "-n", namespace]),
        kubectl(["get", ...args], { namespace }),
      ]);
      expect([ours.stdout, ours.stderr, ours.exitCode]).toEqual([
        theirs.stdout,
        theirs.stderr,
        theirs.exitCode,
      ]);
    }
  });
});
