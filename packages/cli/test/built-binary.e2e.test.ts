// The CLI as users install it: the esbuild bundles of @kr8s/cli (scripts/bundle.ts) and @kr8s/core (its
// `build` script), run through bin/run.js. Every other CLI test runs the sources (bin/dev.js), so this file
// is what proves the bundles work: the commands load from their chunks, the externals resolve, core's
// code-split chunks (streams, loaded on first use) import, and output is kubectl's.
import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import Module from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { readKubeConfigFile } from "@kr8s/core";
import { run } from "@kr8s/test-utils/exec";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { startSocksProxy } from "../../core/test/http/proxies.ts";
import { buildBeforeAll, builtKr8s, runJs } from "./built-kr8s.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

const coreDist = fileURLToPath(new URL("../../core/dist/", import.meta.url));
const packageDir = fileURLToPath(new URL("../", import.meta.url));

/** kubectl's ages (`5s`, `2m3s`) vary between two runs: compare the rest. */
const withoutAges = (text: string): string => text.replaceAll(/\b\d+[smhd](\d+[smh])?\b/g, "<age>");

/** `kr8s get pods -n <namespace>` through the built binary, with the Node built-ins it loaded. */
async function getPodsLoading(namespace: string, kubeconfig: string) {
  const report = join(await mkdtemp(join(tmpdir(), "kr8s-modules-")), "builtins.json");
  const preload = `import { writeFileSync } from "node:fs";
    process.on("exit", () => writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.moduleLoadList)));`;
  const result = await builtKr8s(["get", "pods", "-n", namespace, "--kubeconfig", kubeconfig], {
    env: { ...process.env, NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(preload)}` },
  });
  return { result, builtins: JSON.parse(await readFile(report, "utf8")) as string[] };
}

describe("the built kr8s binary", () => {
  buildBeforeAll();

  test("get prints what kubectl prints", async ({ namespace, kubeconfig }) => {
    for (const name of ["alpha", "beta"])
      await kubectl(["create", "configmap", name, "--from-literal=k=v"], { namespace });
    const ours = await builtKr8s(["get", "configmaps", "-n", namespace, "--kubeconfig", kubeconfig]);
    const theirs = await kubectl(["get", "configmaps"], { namespace });
    expect(ours.stderr).toBe("");
    expect(ours.exitCode).toBe(0);
    expect(withoutAges(ours.stdout)).toBe(withoutAges(theirs.stdout));
    expect(ours.stdout).toContain("alpha");
  });

  test("installed as kubectl-ng, kubectl runs it as the plugin `kubectl ng`", async ({
    namespace,
    kubeconfig,
  }) => {
    const manifest = JSON.parse(
      await readFile(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8"),
    ) as { bin: Record<string, string> };
    expect(manifest.bin["kubectl-ng"]).toBe(manifest.bin.kr8s);
    // What npm's bin link does: a `kubectl-ng` symlink on PATH to bin/run.js (its `#!/usr/bin/env node`
    // finds this Node first on PATH).
    const bin = await mkdtemp(join(tmpdir(), "kr8s-plugin-"));
    await symlink(runJs, join(bin, "kubectl-ng"));
    await kubectl(["create", "configmap", "via-plugin", "--from-literal=k=v"], { namespace });
    const env = { ...process.env, PATH: `${bin}:${dirname(process.execPath)}:${process.env.PATH ?? ""}` };
    const plugins = await run(referenceKubectl, ["plugin", "list", "--name-only"], { env });
    expect(plugins.stdout.split("\n")).toContain("kubectl-ng");
    const viaKubectl = await run(
      referenceKubectl,
      ["ng", "get", "configmaps", "-n", namespace, "--kubeconfig", kubeconfig],
      {
        env,
      },
    );
    const direct = await builtKr8s(["get", "configmaps", "-n", namespace, "--kubeconfig", kubeconfig]);
    expect(viaKubectl.exitCode, viaKubectl.stderr).toBe(0);
    expect(withoutAges(viaKubectl.stdout)).toBe(withoutAges(direct.stdout));
    expect(viaKubectl.stdout).toContain("via-plugin");
    // It names itself as the user typed it, as kubectl plugins do: in usage errors, suggestions and help.
    const typo = await run(referenceKubectl, ["ng", "versio"], { env });
    expect(typo).toMatchObject({ exitCode: 1, stdout: "" });
    expect(typo.stderr).toBe(
      'error: unknown command "versio" for "kubectl ng"\n\nDid you mean this?\n\tversion\n',
    );
    const wrongArgs = await run(referenceKubectl, ["ng", "auth", "can-i", "--kubeconfig", kubeconfig], {
      env,
    });
    expect(wrongArgs.stderr).toContain("See 'kubectl ng auth can-i -h' for help and examples.");
    const help = await run(referenceKubectl, ["ng", "get", "--help"], { env });
    expect(help.stdout).toContain("$ kubectl ng get [RESOURCES...]");
    // Run as kr8s, it is kr8s.
    expect((await builtKr8s(["versio"])).stderr).toContain('for "kr8s"');
  });

  test("__complete answers from the manifest, kubectl completes `kubectl ng` through kubectl_complete-ng, and kubectl-ng completion names kubectl-ng", async ({
    namespace,
    kubeconfig,
  }) => {
    await kubectl(["create", "configmap", "complete-me", "--from-literal=k=v"], { namespace });
    const names = await builtKr8s([
      "__complete",
      "get",
      "cm",
      "-n",
      namespace,
      "--kubeconfig",
      kubeconfig,
      "comp",
    ]);
    expect(names).toMatchObject({ exitCode: 0, stderr: "", stdout: "complete-me\n:4\n" });
    const commands = await builtKr8s(["__complete", "config", "use"]);
    expect(commands.stdout).toBe("use-context\tSet the current-context in a kubeconfig file.\n:4\n");
    // What a package manager's bin links do: `kubectl-ng` and `kubectl_complete-ng` on PATH.
    const manifest = JSON.parse(
      await readFile(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8"),
    ) as { bin: Record<string, string> };
    const bin = await mkdtemp(join(tmpdir(), "kr8s-plugin-complete-"));
    for (const name of ["kubectl-ng", "kubectl_complete-ng"]) {
      const target = fileURLToPath(new URL(`../${manifest.bin[name] ?? ""}`, import.meta.url));
      await writeFile(join(bin, name), `#!/bin/sh\nexec "${process.execPath}" "${target}" "$@"\n`, {
        mode: 0o755,
      });
    }
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` };
    const viaKubectl = await run(
      referenceKubectl,
      ["__complete", "ng", "get", "cm", "-n", namespace, "--kubeconfig", kubeconfig, "comp"],
      { env },
    );
    expect(viaKubectl.exitCode, viaKubectl.stderr).toBe(0);
    expect(viaKubectl.stdout).toBe("complete-me\n:4\n");
    // npm links a bin as a symbolic link: run as `kubectl-ng`, `completion` writes the script for that name.
    const linked = join(bin, "linked");
    await mkdir(linked);
    await symlink(runJs, join(linked, "kubectl-ng"));
    const script = await run(join(linked, "kubectl-ng"), ["completion", "bash"]);
    expect(script.stdout.trimEnd().split("\n").at(-1)).toBe(
      "complete -o default -F __kubectl_ng_complete kubectl-ng",
    );
    expect((await builtKr8s(["completion", "bash"])).stdout).toContain(
      "\ncomplete -o default -F __kr8s_complete kr8s\n",
    );
  });

  test("get -f - reads the manifest from stdin and prints what kubectl prints", async ({
    namespace,
    kubeconfig,
  }) => {
    await kubectl(["create", "configmap", "from-stdin", "--from-literal=k=v"], { namespace });
    const manifest = `apiVersion: v1
kind: ConfigMap
metadata:
  name: from-stdin
  namespace: ${namespace}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: missing
  namespace: ${namespace}
`;
    const ours = await builtKr8s(["get", "-f", "-", "--kubeconfig", kubeconfig], { input: manifest });
    const theirs = await run(referenceKubectl, ["get", "-f", "-", "--kubeconfig", kubeconfig], {
      input: manifest,
    });
    expect(theirs.stdout).toContain("from-stdin");
    expect(withoutAges(ours.stdout)).toBe(withoutAges(theirs.stdout));
    expect(ours.stderr).toBe(theirs.stderr);
    expect(ours.exitCode).toBe(theirs.exitCode);
  });

  test("get through a SOCKS5 proxy-url prints what kubectl prints through it", async ({
    namespace,
    kubeconfig,
  }) => {
    await kubectl(["create", "configmap", "via-socks", "--from-literal=k=v"], { namespace });
    const proxy = await startSocksProxy();
    try {
      const config = await readKubeConfigFile(kubeconfig);
      for (const entry of config.clusters ?? []) entry.cluster["proxy-url"] = proxy.url;
      const file = join(await mkdtemp(join(tmpdir(), "kr8s-socks-")), "config");
      await writeFile(file, stringify(config), { mode: 0o600 });
      const args = ["get", "configmaps", "-n", namespace, "--kubeconfig", file];
      const ours = await builtKr8s(args);
      expect(ours.stderr).toBe("");
      expect(ours.exitCode).toBe(0);
      expect(proxy.tunnels.length).toBeGreaterThan(0);
      const theirs = await run(referenceKubectl, args);
      expect(withoutAges(ours.stdout)).toBe(withoutAges(theirs.stdout));
      expect(ours.stdout).toContain("via-socks");
    } finally {
      await proxy.close();
    }
  });

  test("get loads none of the Node built-ins it does not use (Node's own undici, http, http2, assert, …)", async ({
    namespace,
    kubeconfig,
  }) => {
    const { result, builtins: loaded } = await getPodsLoading(namespace, kubeconfig);
    expect(result.stderr).toBe(`No resources found in ${namespace} namespace.\n`);
    expect(result.exitCode).toBe(0);
    expect(loaded).toContain("NativeModule tls");
    // Node loads it for the globals it backs (fetch, Headers, WebSocket) and for node:http's ESM facade.
    expect(loaded).not.toContain("NativeModule internal/deps/undici/undici");
    for (const unused of [
      // undici's HTTP/1.1 client reads only node:http's maxHeaderSize, on the first connection, which core
      // sets itself; its HTTP/2 client loads on first use; its asserts load node:assert when one fails
      // (scripts/bundle.ts, scripts/lazy-assert.cjs).
      "http",
      "http2",
      "assert",
      // oclif's stdin reader, its performance marks and its debug logger (with its terminal check).
      "readline",
      "perf_hooks",
      "tty",
      // core: exec credential plugins, waits between retries; port-forward's compression.
      "child_process",
      "timers/promises",
      "zlib",
    ])
      expect(loaded, unused).not.toContain(`NativeModule ${unused}`);
  });

  test("get evaluates none of core's stream modules (exec, cp, port-forward, logs, proxy)", async ({
    namespace,
    kubeconfig,
  }) => {
    // The bundle holds every module, each evaluated on first use (its esbuild initialiser, a method named
    // after the module's source path). V8 compiles such a function when it first runs it (with no code
    // cache yet: a fresh NODE_COMPILE_CACHE), and its function log gives the offset of each one compiled.
    const dir = await mkdtemp(join(tmpdir(), "kr8s-functions-"));
    const log = join(dir, "v8.log");
    const result = await run(
      process.execPath,
      [
        "--log-function-events",
        `--logfile=${log}`,
        "--no-logfile-per-isolate",
        runJs,
        "get",
        "pods",
        "-n",
        namespace,
      ],
      { timeoutMs: 60_000, env: { ...process.env, NODE_COMPILE_CACHE: dir, KUBECONFIG: kubeconfig } },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const events = (await readFile(log, "utf8")).split("\n").map((line) => line.split(","));
    const bundleScript = events.find(
      ([kind, , path]) => kind === "script-details" && path === join(packageDir, "dist", "cli.cjs"),
    )?.[1];
    expect(bundleScript).toBeDefined();
    // The source V8 compiled: the bundle in CommonJS's wrapper (src/code-cache.ts).
    const compiled = Module.wrap(await readFile(join(packageDir, "dist", "cli.cjs"), "utf8"));
    const evaluated = new Set<string>();
    for (const [kind, event, script, start] of events) {
      if (kind !== "function" || event !== "interpreter" || script !== bundleScript) continue;
      const initialiser = /"([^"]+\.ts)"$/.exec(
        compiled.slice(Math.max(0, Number(start) - 200), Number(start)),
      );
      if (initialiser?.[1]) evaluated.add(initialiser[1]);
    }
    expect([...evaluated]).toEqual(
      expect.arrayContaining(["../core/src/api.ts", "src/commands/get.ts", "src/printers/table.ts"]),
    );
    const streamCode = /core\/src\/streams\/(exec|session|cp|port-forward|spdy-tunnel|logs|proxy)\.ts$/;
    expect([...evaluated].filter((source) => streamCode.test(source))).toEqual([]);
  });

  test("the bundle's code cache is written after a first successful run, beside Node's, and used after it", async ({
    namespace,
    kubeconfig,
  }) => {
    const dir = await mkdtemp(join(tmpdir(), "kr8s-compile-cache-"));
    const env = { ...process.env, NODE_COMPILE_CACHE: dir };
    const args = ["get", "pods", "-n", namespace, "--kubeconfig", kubeconfig];
    const first = await builtKr8s(args, { env });
    expect(first.exitCode, first.stderr).toBe(0);
    const { bundleHash } = JSON.parse(await readFile(join(packageDir, "dist", "cli.json"), "utf8")) as {
      bundleHash: string;
    };
    const caches = async () =>
      (await readdir(dir, { recursive: true }))
        .filter((file) => file.endsWith(".v8"))
        .map((file) => basename(file));
    expect(await caches()).toEqual([`kr8s-${bundleHash}-${process.version}-${process.arch}-get.v8`]);
    const second = await builtKr8s(args, { env });
    expect(second).toMatchObject({ exitCode: 0, stdout: first.stdout, stderr: first.stderr });
    // A failing command writes none (its run did not take the command's usual path).
    await builtKr8s(["version", "--kubeconfig", "/nonexistent"], { env });
    expect(await caches()).toHaveLength(1);
    // Node's compile cache turned off turns the bundle's off too.
    const off = await mkdtemp(join(tmpdir(), "kr8s-compile-cache-"));
    const uncached = await builtKr8s(["version", "--client"], {
      env: { ...process.env, NODE_COMPILE_CACHE: off, NODE_DISABLE_COMPILE_CACHE: "1" },
    });
    expect(uncached.exitCode, uncached.stderr).toBe(0);
    expect(await readdir(off)).toEqual([]);
  });

  test("get deploy,svc sends kubectl's requests, one after the other on one connection", async ({
    namespace,
    kubeconfig,
  }) => {
    await kubectl(["create", "deployment", "web", "--image=nginx"], { namespace });
    await kubectl(["create", "service", "clusterip", "web", "--tcp=80"], { namespace });
    const args = ["get", "deploy,svc", "-n", namespace, "--kubeconfig", kubeconfig, "-v", "6"];
    // Both read discovery from their disk caches once they hold it: fill them first.
    await builtKr8s(args);
    await kubectl(args);
    // undici's debug log (NODE_DEBUG=undici) names every connection it opens.
    const ours = await builtKr8s(args, { env: { ...process.env, NODE_DEBUG: "undici" } });
    const theirs = await kubectl(args);
    expect(ours.exitCode, ours.stderr).toBe(0);
    expect(withoutAges(ours.stdout)).toBe(withoutAges(theirs.stdout));
    expect(ours.stdout).toContain("deployment.apps/web");
    // kr8s: `GET https://…/apis/apps/v1/…?… 200 in 5 milliseconds`; kubectl: `… verb="GET" url="https://…"`.
    const paths = (stderr: string, line: RegExp): string[] =>
      [...stderr.matchAll(line)].map((match) => new URL(match[1] ?? "").pathname);
    const ourRequests = paths(ours.stderr, /^GET (\S+) \d{3} in /gm);
    expect(ourRequests).toEqual(paths(theirs.stderr, /"Response" verb="GET" url="([^"]+)"/g));
    expect(ourRequests).toEqual([
      `/apis/apps/v1/namespaces/${namespace}/deployments`,
      `/api/v1/namespaces/${namespace}/services`,
    ]);
    expect(ours.stderr.match(/^UNDICI \d+: connecting to /gm)).toHaveLength(1);
  });

  test("an unknown command is answered with the nearest one by the command_not_found hook", async () => {
    const result = await builtKr8s(["gett", "pods"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('error: unknown command "gett" for "kr8s"\n\nDid you mean this?\n\tget\n');
  });

  test("every command in the manifest loads from the bundle and prints its help", async () => {
    const manifest = JSON.parse(
      await readFile(new URL("../oclif.manifest.json", import.meta.url), "utf8"),
    ) as { commands: Record<string, unknown> };
    // `__complete` is answered by bin/run.js before oclif: its words are a command line to complete.
    const ids = Object.keys(manifest.commands).filter((id) => id !== "__complete");
    expect(ids).toEqual(expect.arrayContaining(["get", "config:view", "auth:can-i"]));
    for (const id of ids) {
      const result = await builtKr8s([...id.split(":"), "--help"]);
      expect({ id, exitCode: result.exitCode }).toEqual({ id, exitCode: 0 });
      expect(result.stdout).toContain("USAGE");
    }
  });

  // The help classes come from oclif, CommonJS: bundled, they are reachable only through a static import.
  test("help, the help before config set's usage error, and an unknown help topic run from the bundle", async () => {
    const help = await builtKr8s(["help", "config", "set"]);
    expect(help).toMatchObject({ exitCode: 0, stderr: "" });
    expect(help.stdout).toBe((await builtKr8s(["config", "set", "--help"])).stdout);
    const usage = await builtKr8s(["config", "set", "only-one", "--kubeconfig", "/nonexistent"]);
    expect(usage).toMatchObject({ exitCode: 1, stderr: "error: Unexpected args: [only-one]\n" });
    expect(usage.stdout).toContain("USAGE");
    const unknown = await builtKr8s(["help", "nosuch"]);
    expect(unknown).toMatchObject({ exitCode: 0, stdout: "" });
    expect(unknown.stderr).toMatch(/^Unknown help topic \[`nosuch`\]\n.*\nUSAGE\n/s);
  });

  test("every chunk of the core bundle imports (the ones loaded on first use too)", async () => {
    const chunks = (await readdir(coreDist)).filter((file) => file.endsWith(".js"));
    expect(chunks).toContain("index.js");
    const script = chunks.map((file) => `await import(${JSON.stringify(coreDist + file)});`).join("\n");
    const result = await run(process.execPath, ["--input-type=module", "-e", script], { timeoutMs: 60_000 });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
  });
});
