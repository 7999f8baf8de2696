// Shell completion end to end: the scripts `kr8s completion SHELL` prints, sourced in the real shells, call
// the CLI back (`kr8s __complete …`, here from its sources through bin/dev.js) against the real cluster.
// bash is driven as readline drives it (COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT, then COMPREPLY) and
// by a real TAB in a terminal (tmux); zsh by a real TAB in a terminal; fish by its own `complete -C`.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout } from "node:timers/promises";
import { stringify } from "yaml";
import { run } from "@kr8s/test-utils/exec";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { startTmux, type TmuxPane } from "@kr8s/test-utils/tmux";
import { buildBeforeAll, builtKr8s } from "./built-kr8s.ts";
import { devBin, kr8s } from "./run-cli.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

/** A directory holding a `kr8s` on PATH that runs the CLI from its sources, and the bash script. */
async function installKr8s(): Promise<{ bin: string; path: string }> {
  const bin = await mkdtemp(join(tmpdir(), "kr8s-completion-"));
  await writeFile(
    join(bin, "kr8s"),
    `#!/bin/sh\nexec "${process.execPath}" --conditions=@kr8s/source "${devBin}" "$@"\n`,
    { mode: 0o755 },
  );
  return { bin, path: `${bin}:${process.env.PATH ?? ""}` };
}

const installed = installKr8s();

/** Unit separator: joins COMP_WORDS for the shell, which splits them back with IFS. */
const SEP = "\x1f";

/**
 * Calls the bash script's completion function as bash does on TAB: `line` is the command line up to the
 * cursor and `words` how bash splits it (COMP_WORDBREAKS cuts `--output=json` into `--output`, `=`,
 * `json`). Returns COMPREPLY and the options the script set with `compopt`.
 */
async function bashComplete(
  line: string,
  words: readonly string[],
  env: Record<string, string> = {},
): Promise<{ reply: string[]; compopt: string[] }> {
  const { path } = await installed;
  const script = `
source <(kr8s completion bash)
# compopt works only inside a completion bash started itself; here it records what the script asked for.
compopt() { printf '%s\\n' "$*" >>"$COMPOPT_LOG"; }
IFS=$'${SEP}' read -ra COMP_WORDS <<<"$WORDS"
[[ $WORDS == *$'${SEP}' ]] && COMP_WORDS+=("")
COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))
COMP_LINE=$LINE
COMP_POINT=\${#LINE}
__kr8s_complete
printf '%s\\n' "\${COMPREPLY[@]}"
`;
  const log = join(await mkdtemp(join(tmpdir(), "kr8s-compopt-")), "log");
  await writeFile(log, "");
  const result = await run("bash", ["--norc", "--noprofile", "-c", script], {
    env: { ...process.env, ...env, PATH: path, LINE: line, WORDS: words.join(SEP), COMPOPT_LOG: log },
    timeoutMs: 60_000,
  });
  expect(result.stderr).toBe("");
  expect(result.exitCode).toBe(0);
  return {
    reply: result.stdout.split("\n").filter((l) => l !== ""),
    compopt: (await readFile(log, "utf8")).split("\n").filter((l) => l !== ""),
  };
}

/** A kubeconfig with the harness's admin context and two more contexts, to complete their names. */
async function kubeconfigWithContexts(kubeconfig: string, namespace: string): Promise<string> {
  const config = JSON.parse(
    (await kubectl(["config", "view", "--raw", "-o", "json"], { kubeconfig })).stdout,
  ) as { contexts: { name: string; context: Record<string, string> }[]; "current-context": string };
  const current = config.contexts.find((c) => c.name === config["current-context"]);
  if (!current) throw new Error("the harness kubeconfig has no current context");
  config.contexts.push(
    { name: "completion-dev", context: { ...current.context, namespace } },
    { name: "completion-prod", context: { ...current.context } },
  );
  const file = join(await mkdtemp(join(tmpdir(), "kr8s-kubeconfig-")), "config");
  await writeFile(file, stringify(config), { mode: 0o600 });
  return file;
}

async function createPods(namespace: string, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const created = await kubectl(["run", name, "--image=busybox", "--restart=Never"], { namespace });
    expect(created.exitCode, created.stderr).toBe(0);
  }
}

/** Runs `command` in the pane's shell, waits until it has finished (a line it echoes after it) and clears the screen. */
async function runInPane(pane: TmuxPane, command: string): Promise<void> {
  const marker = `done-${Math.random().toString(36).slice(2)}`;
  await pane.send(`${command}; echo ${marker}`, { literal: true });
  await pane.send("Enter");
  await pane.waitFor((screen) => new RegExp(`^${marker}$`, "m").test(screen), { timeoutMs: 30_000 });
  await pane.send("C-l");
}

/**
 * Waits until the command line shows `text` (the TAB's completion), then types `X` to see that the shell
 * put a space after it (the screen does not show trailing blanks).
 */
async function completed(pane: TmuxPane, text: string): Promise<void> {
  await pane.waitFor((screen) => screen.includes(text), { timeoutMs: 30_000 });
  await pane.send("X");
  await pane.waitFor((screen) => screen.includes(`${text} X`), { timeoutMs: 30_000 });
}

/** Types `line` on an emptied command line, presses TAB, and waits for `text` (see {@link completed}). */
async function tabCompletes(pane: TmuxPane, line: string, text: string): Promise<void> {
  await pane.send("C-u");
  await pane.send(line, { literal: true });
  await pane.send("Tab");
  await completed(pane, text);
}

describe("kr8s completion bash", () => {
  test("completes command and subcommand names", async () => {
    expect((await bashComplete("kr8s con", ["kr8s", "con"])).reply).toEqual(["config"]);
    expect((await bashComplete("kr8s config u", ["kr8s", "config", "u"])).reply).toEqual([
      "unset",
      "use-context",
    ]);
  });

  test("completes flags, and -o's formats after a space or an =", async () => {
    expect((await bashComplete("kr8s get --out", ["kr8s", "get", "--out"])).reply).toEqual([
      "--output",
      "--output-watch-events",
    ]);
    expect((await bashComplete("kr8s get -o ya", ["kr8s", "get", "-o", "ya"])).reply).toEqual(["yaml"]);
    // bash replaces only the piece after `=`: the candidates come back without `--output=`.
    expect(
      (await bashComplete("kr8s get --output=js", ["kr8s", "get", "--output", "=", "js"])).reply,
    ).toEqual(["json", "jsonpath", "jsonpath-as-json", "jsonpath-file"]);
    const afterEquals = await bashComplete("kr8s get --output=", ["kr8s", "get", "--output", "="]);
    // readline replaces the text after the `=`, though bash's word there is `=` itself.
    expect(afterEquals.reply).toContain("yaml");
    expect(afterEquals.compopt).toContain("+o default");
  });

  test("completes resource types from discovery, short names taken for the type", async ({ kubeconfig }) => {
    const env = { KUBECONFIG: kubeconfig };
    const types = (await bashComplete("kr8s get deploy", ["kr8s", "get", "deploy"], env)).reply;
    expect(types).toEqual(["deployments.apps"]);
    const all = (await bashComplete("kr8s describe ", ["kr8s", "describe", ""], env)).reply;
    expect(all).toEqual(expect.arrayContaining(["pods", "configmaps", "namespaces", "deployments.apps"]));
    expect((await bashComplete("kr8s explain config", ["kr8s", "explain", "config"], env)).reply).toEqual([
      "configmaps",
    ]);
  });

  test("completes pod names in -n's namespace, after TYPE and after TYPE/", async ({
    kubeconfig,
    namespace,
  }) => {
    await createPods(namespace, ["web-0", "web-1", "db-0"]);
    const env = { KUBECONFIG: kubeconfig };
    const line = `kr8s get pods -n ${namespace} `;
    const names = await bashComplete(line, ["kr8s", "get", "pods", "-n", namespace, ""], env);
    expect(names.reply).toEqual(["db-0", "web-0", "web-1"]);
    // A short name for the type, and names already on the line left out.
    expect(
      (
        await bashComplete(
          `kr8s get po web-0 -n ${namespace} w`,
          ["kr8s", "get", "po", "web-0", "-n", namespace, "w"],
          env,
        )
      ).reply,
    ).toEqual(["web-1"]);
    expect(
      (await bashComplete(`kr8s get -n ${namespace} pod/w`, ["kr8s", "get", "-n", namespace, "pod/w"], env))
        .reply,
    ).toEqual(["pod/web-0", "pod/web-1"]);
    // The namespace of the line, not the context's: none of these pods is in `default`.
    expect((await bashComplete("kr8s get pods w", ["kr8s", "get", "pods", "w"], env)).reply).toEqual([]);
  });

  test("completes namespaces for -n, and contexts from the --kubeconfig on the line", async ({
    kubeconfig,
    namespace,
  }) => {
    const namespaces = await bashComplete(
      `kr8s get pods -n ${namespace.slice(0, -2)}`,
      ["kr8s", "get", "pods", "-n", namespace.slice(0, -2)],
      { KUBECONFIG: kubeconfig },
    );
    expect(namespaces.reply).toEqual([namespace]);
    const file = await kubeconfigWithContexts(kubeconfig, namespace);
    const contexts = await bashComplete(`kr8s config use-context --kubeconfig ${file} completion-`, [
      "kr8s",
      "config",
      "use-context",
      "--kubeconfig",
      file,
      "completion-",
    ]);
    expect(contexts.reply).toEqual(["completion-dev", "completion-prod"]);
    const flagValue = await bashComplete(`kr8s get --kubeconfig=${file} --context=completion-p`, [
      "kr8s",
      "get",
      "--kubeconfig",
      "=",
      file,
      "--context",
      "=",
      "completion-p",
    ]);
    expect(flagValue.reply).toEqual(["completion-prod"]);
  });

  test("the context on the line picks the namespace whose pods are offered", async ({
    kubeconfig,
    namespace,
  }) => {
    await createPods(namespace, ["api-0"]);
    const file = await kubeconfigWithContexts(kubeconfig, namespace);
    const line = ["kr8s", "get", "pods", "--kubeconfig", file, "--context", "completion-dev", ""];
    expect((await bashComplete(line.join(" "), line)).reply).toEqual(["api-0"]);
  });

  test("an unreachable server or a broken kubeconfig gives no candidates and prints nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kr8s-broken-"));
    const broken = join(dir, "broken");
    await writeFile(broken, "clusters: [this is: not: yaml\n");
    const unreachable = join(dir, "unreachable");
    await writeFile(
      unreachable,
      stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "c", cluster: { server: "https://127.0.0.1:1" } }],
        users: [{ name: "u", user: { token: "t" } }],
        contexts: [{ name: "x", context: { cluster: "c", user: "u" } }],
        "current-context": "x",
      }),
    );
    for (const file of [broken, unreachable]) {
      const line = ["kr8s", "get", "pods", "--kubeconfig", file, ""];
      const result = await bashComplete(line.join(" "), line); // asserts an empty stderr and exit 0
      expect(result.reply).toEqual([]);
      expect(result.compopt).toContain("+o default"); // no file names either
    }
  });

  test("a real TAB in bash completes the word on the command line", async ({ kubeconfig, namespace }) => {
    await createPods(namespace, ["frontend-0"]);
    const { path } = await installed;
    const pane = await startTmux({ width: 160, height: 20, env: { KUBECONFIG: kubeconfig } });
    try {
      await runInPane(pane, `export PATH='${path}'; source <(kr8s completion bash)`);
      await tabCompletes(pane, `kr8s get pods -n ${namespace} fr`, `-n ${namespace} frontend-0`);
      await tabCompletes(pane, "kr8s config use-con", "kr8s config use-context");
    } finally {
      await pane.close();
    }
  });
});

describe("kr8s completion zsh", () => {
  test("the script parses, and a real TAB in zsh completes commands, pod names and --output=", async ({
    kubeconfig,
    namespace,
  }) => {
    const { path } = await installed;
    const script = (await run("kr8s", ["completion", "zsh"], { env: { ...process.env, PATH: path } })).stdout;
    expect(script.startsWith("#compdef kr8s\n")).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), "kr8s-zsh-"));
    await writeFile(join(dir, "_kr8s"), script);
    expect((await run("zsh", ["-n", join(dir, "_kr8s")])).exitCode).toBe(0);
    await createPods(namespace, ["backend-0"]);
    const pane = await startTmux({ width: 160, height: 20, env: { KUBECONFIG: kubeconfig } });
    try {
      // The line after `exec` waits in the terminal until zsh reads it.
      await pane.send(`export PATH='${path}'; exec zsh -f`, { literal: true });
      await pane.send("Enter");
      // The autoload way the help gives: the script as `_kr8s` in $fpath, then compinit.
      await runInPane(pane, `fpath=(${dir} $fpath); autoload -U compinit; compinit -u; PS1='%% '`);
      await tabCompletes(pane, "kr8s conf", "kr8s config");
      await tabCompletes(pane, `kr8s get pods -n ${namespace} back`, `-n ${namespace} backend-0`);
      // A flag's value after `=`: the candidates come without `--output=`, which stays on the line.
      await tabCompletes(pane, "kr8s get --output=ya", "kr8s get --output=yaml");
    } finally {
      await pane.close();
    }
  });
});

describe("kr8s completion fish", () => {
  /** fish's own completion of `line` (`complete -C`), with the script loaded. */
  async function fishComplete(line: string, env: Record<string, string> = {}): Promise<string[]> {
    const { path } = await installed;
    const result = await run(
      "fish",
      ["--no-config", "-c", `kr8s completion fish | source; complete -C ${JSON.stringify(line)}`],
      { env: { ...process.env, ...env, PATH: path }, timeoutMs: 60_000 },
    );
    expect(result.stderr).toBe("");
    return result.stdout.split("\n").filter((l) => l !== "");
  }

  test("the script parses, and fish completes commands, flags with descriptions, and pod names", async ({
    kubeconfig,
    namespace,
  }) => {
    const { path } = await installed;
    const script = (await run("kr8s", ["completion", "fish"], { env: { ...process.env, PATH: path } }))
      .stdout;
    const dir = await mkdtemp(join(tmpdir(), "kr8s-fish-"));
    await writeFile(join(dir, "kr8s.fish"), script);
    expect((await run("fish", ["--no-execute", join(dir, "kr8s.fish")])).exitCode).toBe(0);
    expect(await fishComplete("kr8s config use-")).toEqual([
      "use-context\tSet the current-context in a kubeconfig file.",
    ]);
    expect(await fishComplete("kr8s get -o yam")).toEqual(["yaml"]);
    expect(await fishComplete("kr8s get --output=yam")).toEqual(["--output=yaml"]);
    await createPods(namespace, ["cache-0", "cache-1"]);
    expect(await fishComplete(`kr8s get pods -n ${namespace} cache`, { KUBECONFIG: kubeconfig })).toEqual([
      "cache-0",
      "cache-1",
    ]);
  });
});

describe("kr8s completion", () => {
  test("kubectl's errors for a missing, extra or unknown shell", async () => {
    const { path } = await installed;
    const env = { ...process.env, PATH: path };
    for (const [args, message] of [
      [[], "error: Shell not specified."],
      [["bash", "zsh"], "error: Too many arguments. Expected only the shell type."],
      [["tcsh"], 'error: Unsupported shell type "tcsh".'],
    ] as const) {
      const result = await run("kr8s", ["completion", ...args], { env });
      const theirs = await kubectl(["completion", ...args]);
      expect(result.stderr).toBe(`${message}\nSee 'kr8s completion -h' for help and examples\n`);
      expect(theirs.stderr).toBe(`${message}\nSee 'kubectl completion -h' for help and examples\n`);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe("");
    }
  });

  test("powershell: a native argument completer for kr8s that calls kr8s __complete", async () => {
    // No PowerShell on these machines: only the script's shape is checked here, not its behaviour.
    const { path } = await installed;
    const script = (await run("kr8s", ["completion", "powershell"], { env: { ...process.env, PATH: path } }))
      .stdout;
    expect(script).toContain("Register-ArgumentCompleter -Native -CommandName 'kr8s'");
    expect(script).toContain("__complete @Words $Current");
  });
});

describe("kr8s __complete and kubectl __complete on the same cluster", () => {
  /**
   * The candidates and the directive of both (kubectl adds `Completion ended with directive: …` on stderr).
   * kubectl's completion prints nothing at all when any part of its `get` fails — as when another test's
   * CustomResourceDefinition is being removed while kubectl reads discovery — so kubectl is asked again (at
   * most three times in all) while the lines `compared` picks out differ from ours; a real difference stays.
   * Without `compared` (outputs that differ by design: descriptions, Go's map order) kubectl runs once.
   */
  async function both(
    args: readonly string[],
    env: Record<string, string> = {},
    compared?: (line: string) => boolean,
  ): Promise<{ ours: string[]; theirs: string[] }> {
    const lines = (text: string) => text.split("\n").filter((line) => line !== "");
    const ours = await kr8s(["__complete", ...args], { env: { ...process.env, ...env } });
    expect(ours.stderr).toBe("");
    expect(ours.exitCode).toBe(0);
    const wanted = compared && JSON.stringify(lines(ours.stdout).filter(compared));
    let theirs: string[] = [];
    for (let attempt = 0; attempt < (compared ? 3 : 1); attempt++) {
      if (attempt > 0) await setTimeout(1500);
      const result = await run(referenceKubectl, ["__complete", ...args], {
        env: { ...process.env, ...env },
        timeoutMs: 60_000,
      });
      expect(result.exitCode).toBe(0);
      theirs = lines(result.stdout);
      if (!compared || JSON.stringify(theirs.filter(compared)) === wanted) break;
    }
    return { ours: lines(ours.stdout), theirs };
  }
  const values = (lines: readonly string[]) => lines.map((line) => line.split("\t")[0] ?? "");
  /**
   * A built-in resource type (custom resources of other tests come and go), or the directive; of a list
   * (`pod,configmaps`) its last type, of `TYPE/` the type.
   */
  const builtIn = (line: string) => {
    const type = line.slice(line.lastIndexOf(",") + 1).replace(/\/$/, "");
    return (
      line.startsWith(":") ||
      !type.includes(".") ||
      /\.(apps|batch|autoscaling|policy|[a-z.]+\.k8s\.io)$/.test(type)
    );
  };

  test("pod names: after a type, its short name, with names given, and TYPE/NAME", async ({
    kubeconfig,
    namespace,
  }) => {
    await createPods(namespace, ["web-0", "web-1", "db-0"]);
    const on = ["-n", namespace, "--kubeconfig", kubeconfig];
    for (const args of [
      ["get", "pods", ...on, ""],
      ["describe", "po", "web-0", ...on, ""],
      ["get", ...on, "pod/w"],
      ["get", ...on, "pod/web-0", "con"],
      ["get", "pods", ...on, "-A", ""],
      ["get", "nodes", "--kubeconfig", kubeconfig, ""],
    ]) {
      const { ours, theirs } = await both(args, {}, () => true);
      expect({ args, candidates: ours }).toEqual({ args, candidates: theirs });
    }
    expect((await both(["get", "pods", ...on, ""])).ours).toEqual(["db-0", "web-0", "web-1", ":4"]);
  });

  test("namespaces for -n (the cluster's own and the test's; other tests come and go)", async ({
    kubeconfig,
    namespace,
  }) => {
    const stable = new Set(["default", "kube-node-lease", "kube-public", "kube-system", namespace, ":4"]);
    const { ours, theirs } = await both(["get", "pods", "--kubeconfig", kubeconfig, "-n", ""], {}, (line) =>
      stable.has(line),
    );
    expect(ours.filter((line) => stable.has(line))).toEqual(theirs.filter((line) => stable.has(line)));
    expect(ours).toContain(namespace);
  });

  test("resource types for get (the built-in ones: custom resources of other tests come and go)", async ({
    kubeconfig,
  }) => {
    const { ours, theirs } = await both(["get", "--kubeconfig", kubeconfig, ""], {}, builtIn);
    expect(ours.filter(builtIn)).toEqual(theirs.filter(builtIn));
    expect(ours).toEqual(expect.arrayContaining(["pods", "deployments.apps", "leases.coordination.k8s.io"]));
    const deploy = await both(["get", "--kubeconfig", kubeconfig, "deploy"]);
    expect(deploy.ours).toEqual(deploy.theirs);
  });

  describe("comma-separated types (`get pod,svc`), from the sources and by the built binary", () => {
    buildBeforeAll();

    test("regression: `get pod,svc -n NS ''` lists the names of both types, as kubectl does; `pod,s` completes the second type", async ({
      kubeconfig,
      namespace,
    }) => {
      await createPods(namespace, ["web-0", "worker"]);
      for (const args of [
        ["create", "service", "clusterip", "web", "--tcp=80"],
        ["create", "service", "clusterip", "db", "--tcp=5432"],
        ["create", "deployment", "api", "--image=busybox"],
        // Lists pods but not services: kubectl's `get` keeps the names of the types it could list.
        ["create", "serviceaccount", "pod-lister"],
        ["create", "role", "pod-lister", "--verb=get,list", "--resource=pods"],
        [
          "create",
          "rolebinding",
          "pod-lister",
          "--role=pod-lister",
          `--serviceaccount=${namespace}:pod-lister`,
        ],
      ]) {
        const created = await kubectl(args, { namespace });
        expect(created.exitCode, created.stderr).toBe(0);
      }
      // The deployment's pod, made by the controllers: there before either completes.
      const pod = await kubectl(["wait", "--for=create", "pod", "-l", "app=api", "--timeout=60s"], {
        namespace,
      });
      expect(pod.exitCode, pod.stderr).toBe(0);
      const on = ["-n", namespace, "--kubeconfig", kubeconfig];
      const built = async (args: readonly string[]) => {
        const result = await builtKr8s(["__complete", ...args]);
        expect(result).toMatchObject({ exitCode: 0, stderr: "" });
        return result.stdout.split("\n").filter((line) => line !== "");
      };
      for (const args of [
        ["get", "pod,svc", ...on, ""],
        ["get", "pod,svc", ...on, "w"],
        ["get", "po,deploy", ...on, ""],
        ["describe", "pod,svc", ...on, ""],
        ["get", "pod,svc", ...on, "web-0", ""],
        ["get", "pods,po,svc,service", ...on, ""],
        ["get", "pod,svc", ...on, "-A", ""],
        ["get", "all", ...on, ""],
        ["get", "pod,", ...on, ""],
        ["get", "pod,nosuch", ...on, ""],
        ["get", "pod,svc", ...on, `--as=system:serviceaccount:${namespace}:pod-lister`, ""],
        ["get", ...on, "pod/web-0", "pod/"],
        ["get", ...on, "pod,svc/w"],
        ["get", "--kubeconfig", kubeconfig, "pod,s"],
        ["get", "--kubeconfig", kubeconfig, "pod,"],
        ["get", ...on, "pod/web-0", "svc,con"],
      ]) {
        const { ours, theirs } = await both(args, {}, builtIn);
        const expected = { args, candidates: theirs.filter(builtIn) };
        expect({ args, candidates: ours.filter(builtIn) }).toEqual(expected);
        expect({ args, candidates: (await built(args)).filter(builtIn) }).toEqual(expected);
      }
      expect(await built(["get", "pod,svc", ...on, ""])).toEqual([
        expect.stringMatching(/^api-/),
        "web-0",
        "worker",
        "db",
        "web",
        ":4",
      ]);
      expect(await built(["get", "--kubeconfig", kubeconfig, "pod,serviceacc"])).toEqual([
        "pod,serviceaccounts",
        ":4",
      ]);
    }, 180_000);
  });

  test("contexts, clusters and users from the kubeconfig (sorted: kubectl prints some in Go's map order)", async ({
    kubeconfig,
    namespace,
  }) => {
    const file = await kubeconfigWithContexts(kubeconfig, namespace);
    // In KUBECONFIG: kubectl's config subcommands complete from it but not from a --kubeconfig on the line.
    for (const args of [
      ["config", "use-context", ""],
      ["config", "rename-context", "completion-"],
      ["config", "delete-cluster", ""],
      ["get", "--context", ""],
      ["get", "--context=completion-p"],
      ["get", "--cluster", ""],
      ["get", "--user", ""],
    ]) {
      const { ours, theirs } = await both(args, { KUBECONFIG: file });
      expect({ args, candidates: ours }).toEqual({
        args,
        candidates: [...theirs.slice(0, -1).sort(), ...theirs.slice(-1)],
      });
    }
    expect((await both(["get", "--context", ""], { KUBECONFIG: file })).ours).toEqual([
      "completion-dev",
      "completion-prod",
      "kr8s-admin",
      "kr8s-token",
      ":4",
    ]);
  });

  test("commands, flags, -o formats and shells (names compared: descriptions are worded apart; formats and shells sorted)", async () => {
    for (const args of [["con"], ["config", ""], ["config", "u"], ["get", "--out"]]) {
      const { ours, theirs } = await both(args);
      expect({ args, ours: values(ours) }).toEqual({ args, ours: values(theirs) });
    }
    // kubectl prints the shells in Go's map order.
    for (const args of [
      ["get", "-o", ""],
      ["completion", ""],
    ]) {
      const { ours, theirs } = await both(args);
      expect({ args, candidates: values(ours).sort() }).toEqual({ args, candidates: values(theirs).sort() });
    }
  });
});
