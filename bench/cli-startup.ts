// CLI start-up benchmark: the same commands through the built `kr8s` binary (dist/, as users run it) and
// kubectl, against the same cluster in one run. Wall and CPU time per command (median of interleaved runs;
// on a busy machine CPU time is the steadier of the two), peak memory, the ratio kr8s / kubectl, and where
// kr8s's time goes (a V8 CPU profile of one `get pods`, summarised by package).
//
//   node bench/cli-startup.ts [kubeconfig]   (default: the local cluster's; build first: pnpm run build)
//   KR8S_BASELINE=/path/to/other/bin/run.js node bench/cli-startup.ts   (a before/after in the same runs)
import { spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import Module, { SourceMap, type SourceMapPayload } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";
import { benchKubeconfig, loadAverage, median, printTable } from "./support.ts";

const RUNS = 16;
const kr8sBin = fileURLToPath(new URL("../packages/cli/bin/run.js", import.meta.url));
const gnuTime = "/usr/bin/time";
/**
 * The `kubectl` a user types, when it is not the reference kubectl itself: gcloud's version dispatcher asks
 * the server for its version and then runs the `kubectl.<minor>` beside it, about twice kubectl's own time.
 */
const kubectlOnPath = ((): string | undefined => {
  const found = spawnSync("sh", ["-c", "command -v kubectl"], { encoding: "utf8" }).stdout.trim();
  if (!found) return undefined;
  return referenceKubectl.includes("/") && realpathSync(found) !== realpathSync(referenceKubectl)
    ? found
    : undefined;
})();

interface Measured {
  /** Median wall time, ms. */
  ms: number;
  /** Median CPU time (user + system), ms, and peak RSS over the runs, MiB: from GNU time, when it exists. */
  cpuMs: number | undefined;
  mib: number | undefined;
}

/** One run of a command: wall time (ms), CPU time (ms) and peak RSS (KiB), the last two from GNU time. */
function runOnce(
  command: string,
  args: readonly string[],
): { ms: number; cpuMs: number | undefined; kib: number | undefined } {
  const start = performance.now();
  const result = existsSync(gnuTime)
    ? spawnSync(gnuTime, ["-f", "%U %S %M", command, ...args], { encoding: "utf8", maxBuffer: 1 << 28 })
    : spawnSync(command, args, { encoding: "utf8", maxBuffer: 1 << 28 });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
  // GNU time's line is the last of stderr: user seconds, system seconds, peak KiB.
  const [user, system, kib] = (result.stderr.trim().split("\n").at(-1) ?? "").split(" ").map(Number);
  const cpuMs = user !== undefined && system !== undefined ? (user + system) * 1000 : NaN;
  return {
    ms,
    cpuMs: Number.isFinite(cpuMs) ? cpuMs : undefined,
    kib: kib !== undefined && Number.isFinite(kib) ? kib : undefined,
  };
}

/**
 * Median wall time and peak RSS of each command, the runs interleaved (A B C A B C …) so that a change in
 * the machine's load during the measurement weighs on every command alike: the ratios stay fair on a busy
 * machine even when the absolute numbers do not.
 */
function measure(commands: readonly (readonly [string, readonly string[]])[]): Measured[] {
  const times = commands.map((): number[] => []);
  const cpuTimes = commands.map((): number[] => []);
  const peaks = commands.map((): number | undefined => undefined);
  // One unmeasured run first: kr8s fills Node's compile cache and both fill their discovery caches.
  for (let i = -1; i < RUNS; i++) {
    for (const [index, [command, args]] of commands.entries()) {
      const { ms, cpuMs, kib } = runOnce(command, args);
      if (i < 0) continue;
      times[index]?.push(ms);
      if (cpuMs !== undefined) cpuTimes[index]?.push(cpuMs);
      if (kib !== undefined) peaks[index] = Math.max(peaks[index] ?? 0, kib);
    }
  }
  return commands.map((_, index) => {
    const kib = peaks[index];
    const cpu = cpuTimes[index] ?? [];
    return {
      ms: median(times[index] ?? []),
      cpuMs: cpu.length === RUNS ? median(cpu) : undefined,
      mib: kib === undefined ? undefined : kib / 1024,
    };
  });
}

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string; lineNumber: number; columnNumber: number };
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

/** The source map esbuild wrote next to one file of the CLI's bundle (`<file>.map`), if any. */
const sourceMaps = new Map<string, Promise<SourceMap | undefined>>();
function sourceMapOf(path: string): Promise<SourceMap | undefined> {
  let map = sourceMaps.get(path);
  if (!map) {
    map = readFile(`${path}.map`, "utf8").then(
      (text) => new SourceMap(JSON.parse(text) as SourceMapPayload),
      () => undefined,
    );
    sourceMaps.set(path, map);
  }
  return map;
}

/**
 * What the CLI's bundle is compiled inside (src/code-cache.ts: CommonJS's function wrapper, on the bundle's
 * first line), so that its first line's columns are off by this many characters.
 */
const wrapperPrefix = (Module.wrap("").split("\n")[0] ?? "").length;

/**
 * Where a sampled function lives: a package (`undici`, `@oclif/core`), kr8s's own code, or Node. Functions
 * in the CLI's bundle (dist/, minified) are traced back to their source file, and so their package, through
 * the bundle's source maps; esbuild's own helpers have no source. The bundle is named by its path (compiled
 * through `vm.Script`), the ES modules bin/run.js loads first by their `file:` URL.
 */
async function ownerOf(url: string, line: number, column: number): Promise<string> {
  if (url === "") return "(V8: GC, compiling, idle)";
  if (url.startsWith("node:")) return "node: built-ins";
  const path = url.startsWith("file:") ? fileURLToPath(url) : url;
  if (path.includes("/packages/cli/dist/")) {
    const wrapped = path.endsWith(".cjs") && line === 0;
    const entry = (await sourceMapOf(path))?.findEntry(line, wrapped ? column - wrapperPrefix : column);
    // The sources are relative to the map's directory.
    const source = entry && "originalSource" in entry ? entry.originalSource : undefined;
    const owner = source === undefined ? undefined : packageOf(resolve(dirname(path), source));
    return owner ?? "@kr8s/cli (bundle glue)";
  }
  return packageOf(path) ?? url;
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
        : await ownerOf(frame?.url ?? "", frame?.lineNumber ?? 0, frame?.columnNumber ?? 0);
    totals.set(name, (totals.get(name) ?? 0) + (cpu.timeDeltas[i] ?? 0) / 1000);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  if (!existsSync(fileURLToPath(new URL("../packages/cli/dist/cli.cjs", import.meta.url)))) {
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
  // KR8S_BASELINE=<another checkout's bin/run.js> adds its timings, measured in the same interleaved runs.
  const baseline = process.env.KR8S_BASELINE;
  const rows = [
    [
      "command",
      ...(baseline ? ["baseline ms"] : []),
      "kr8s ms",
      "kubectl ms",
      ...(kubectlOnPath ? ["PATH kubectl ms"] : []),
      ...(baseline ? ["kr8s / baseline"] : []),
      "ratio",
      ...(baseline ? ["baseline CPU ms"] : []),
      "kr8s CPU ms",
      "kubectl CPU ms",
      "kr8s MiB",
      "kubectl MiB",
    ],
  ];
  for (const args of commands) {
    const withConfig = args.includes("--client") ? args : [...args, "--kubeconfig", kubeconfig];
    const runs: (readonly [string, readonly string[]])[] = [
      [process.execPath, [kr8sBin, ...withConfig]],
      [referenceKubectl, withConfig],
    ];
    if (baseline) runs.push([process.execPath, [baseline, ...withConfig]]);
    if (kubectlOnPath) runs.push([kubectlOnPath, withConfig]);
    const [ours, theirs, ...others] = measure(runs);
    const before = baseline ? others.shift() : undefined;
    const onPath = kubectlOnPath ? others.shift() : undefined;
    if (!ours || !theirs) throw new Error("measure() returned fewer results than commands");
    rows.push([
      args.join(" "),
      ...(before ? [before.ms.toFixed(0)] : []),
      ours.ms.toFixed(0),
      theirs.ms.toFixed(0),
      ...(onPath ? [onPath.ms.toFixed(0)] : []),
      ...(before ? [(ours.ms / before.ms).toFixed(2)] : []),
      (ours.ms / theirs.ms).toFixed(2),
      ...(before ? [before.cpuMs?.toFixed(0) ?? "-"] : []),
      ours.cpuMs?.toFixed(0) ?? "-",
      theirs.cpuMs?.toFixed(0) ?? "-",
      ours.mib?.toFixed(0) ?? "-",
      theirs.mib?.toFixed(0) ?? "-",
    ]);
  }
  printTable(
    `CLI start-up, median of ${RUNS} interleaved runs; node ${process.version}; load average ${loadAverage()}`,
    rows,
  );

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
