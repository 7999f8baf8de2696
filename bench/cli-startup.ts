// CLI start-up benchmark: the same commands through the built `kr8s` binary (dist/, as users run it) and
// kubectl, against the same cluster in one run. Wall time per command (median of runs), peak memory, the
// ratio kr8s / kubectl, and where kr8s's time goes (a V8 CPU profile of one `get pods`, summarised by
// package).
//
//   node bench/cli-startup.ts [kubeconfig]   (default: the local cluster's; build first: pnpm run build)
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { benchKubeconfig, printTable } from "./support.ts";

const RUNS = 15;
const kr8sBin = fileURLToPath(new URL("../packages/cli/bin/run.js", import.meta.url));
const cliDir = fileURLToPath(new URL("../packages/cli/", import.meta.url));
const gnuTime = "/usr/bin/time";

/** Median wall time (ms) and peak RSS (MiB, from GNU time when available) of a command. */
function measure(command: string, args: string[]): { ms: number; mib: number | undefined } {
  const times: number[] = [];
  let peakKiB: number | undefined;
  // One unmeasured run first: kr8s fills Node's compile cache and both fill their discovery caches.
  for (let i = -1; i < RUNS; i++) {
    const start = performance.now();
    const result = existsSync(gnuTime)
      ? spawnSync(gnuTime, ["-f", "%M", command, ...args], { encoding: "utf8", maxBuffer: 1 << 28 })
      : spawnSync(command, args, { encoding: "utf8", maxBuffer: 1 << 28 });
    const ms = performance.now() - start;
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
    if (i < 0) continue;
    times.push(ms);
    const kib = Number(result.stderr.trim().split("\n").at(-1));
    if (Number.isFinite(kib)) peakKiB = Math.max(peakKiB ?? 0, kib);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)] ?? NaN, mib: peakKiB === undefined ? undefined : peakKiB / 1024 };
}

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package a file path belongs to (`undici`, `@oclif/core`, `@kr8s/core`), or undefined. */
function packageOf(path: string): string | undefined {
  const inModules = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (inModules?.[1]) return inModules[1];
  if (path.includes("packages/core/")) return "@kr8s/core";
  if (path.includes("packages/cli/")) return "@kr8s/cli";
  return undefined;
}

/**
 * The modules of one esbuild output file: esbuild starts each bundled module with a `// <path>` comment line,
 * so the last such comment above a line names the module (and package) the line came from.
 */
const bundleMaps = new Map<string, { line: number; owner: string }[]>();
async function bundledModules(url: string): Promise<{ line: number; owner: string }[]> {
  let starts = bundleMaps.get(url);
  if (starts) return starts;
  starts = [];
  const lines = (await readFile(fileURLToPath(url), "utf8")).split("\n");
  lines.forEach((text, line) => {
    // The paths are relative to packages/cli, where the bundle is built.
    const comment = /^\/\/ (\S+\.(?:[cm]?[jt]s|json))$/.exec(text);
    const owner = comment?.[1] === undefined ? undefined : packageOf(resolve(cliDir, comment[1]));
    if (owner) starts.push({ line, owner });
  });
  bundleMaps.set(url, starts);
  return starts;
}

/**
 * Where a sampled function lives: a package (`undici`, `@oclif/core`), kr8s's own code, or Node. Functions
 * in the CLI's bundle (dist/) are traced back to their package through esbuild's module comments.
 */
async function ownerOf(url: string, line: number): Promise<string> {
  if (url === "") return "(V8: GC, compiling, idle)";
  if (url.startsWith("node:")) return "node: built-ins";
  if (url.startsWith("file:") && url.includes("/packages/cli/dist/")) {
    const starts = await bundledModules(url);
    return starts.findLast((start) => start.line <= line)?.owner ?? "@kr8s/cli (bundle glue)";
  }
  return packageOf(url) ?? url;
}

/** Self time (ms) per owner in one CPU profile of `kr8s <args>`, largest first. */
async function profile(args: string[]): Promise<[string, number][]> {
  const dir = await mkdtemp(join(tmpdir(), "kr8s-cpu-prof-"));
  const result = spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, kr8sBin, ...args], {
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`kr8s ${args.join(" ")} failed: ${result.stderr}`);
  const [file] = await readdir(dir);
  if (!file) throw new Error("node wrote no CPU profile");
  const cpu = JSON.parse(await readFile(join(dir, file), "utf8")) as CpuProfile;
  const byId = new Map(cpu.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  for (const [i, id] of cpu.samples.entries()) {
    const frame = byId.get(id)?.callFrame;
    const name =
      frame?.functionName === "(idle)"
        ? "(idle: waiting for the server)"
        : await ownerOf(frame?.url ?? "", frame?.lineNumber ?? 0);
    totals.set(name, (totals.get(name) ?? 0) + (cpu.timeDeltas[i] ?? 0) / 1000);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  if (!existsSync(fileURLToPath(new URL("../packages/cli/dist/commands/get.js", import.meta.url)))) {
    throw new Error("the CLI is not built: run `pnpm run build` first (npm run bench does)");
  }
  const kubeconfig = await benchKubeconfig();
  const commands = [
    ["version", "--client"],
    ["version"],
    ["auth", "whoami"],
    ["get", "pods"],
    ["get", "pods", "-A", "-o", "json"],
    ["get", "deploy,svc", "-A"],
  ];
  const rows = [["command", "kr8s ms", "kubectl ms", "ratio", "kr8s MiB", "kubectl MiB"]];
  for (const args of commands) {
    const withConfig = args.includes("--client") ? args : [...args, "--kubeconfig", kubeconfig];
    const ours = measure(process.execPath, [kr8sBin, ...withConfig]);
    const theirs = measure("kubectl", withConfig);
    rows.push([
      args.join(" "),
      ours.ms.toFixed(0),
      theirs.ms.toFixed(0),
      (ours.ms / theirs.ms).toFixed(2),
      ours.mib?.toFixed(0) ?? "-",
      theirs.mib?.toFixed(0) ?? "-",
    ]);
  }
  printTable(`CLI start-up, median of ${RUNS} runs; node ${process.version}`, rows);

  const spent = await profile(["get", "pods", "--kubeconfig", kubeconfig]);
  const total = spent.reduce((sum, [, ms]) => sum + ms, 0);
  printTable(
    `\nWhere \`kr8s get pods\` spends its time (one --cpu-prof run, ${total.toFixed(0)} ms sampled)`,
    [
      ["self time of", "ms", "share"],
      ...spent
        .slice(0, 12)
        .map(([owner, ms]) => [owner, ms.toFixed(0), `${((100 * ms) / total).toFixed(0)}%`]),
    ],
  );
}

await main();
