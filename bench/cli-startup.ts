// CLI start-up benchmark: the same commands through the built `kr8s` binary (dist/, as users run it) and
// kubectl, against the same cluster in one run. Wall time per command (median of runs) and peak memory.
//
//   node bench/cli-startup.ts [kubeconfig]   (default: the local cluster's; build first: pnpm run build)
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { benchKubeconfig, printTable } from "./support.ts";

const RUNS = 7;
const kr8sBin = fileURLToPath(new URL("../packages/cli/bin/run.js", import.meta.url));
const gnuTime = "/usr/bin/time";

/** Median wall time (ms) and peak RSS (MiB, from GNU time when available) of a command. */
function measure(command: string, args: string[]): { ms: number; mib: number | undefined } {
  const times: number[] = [];
  let peakKiB: number | undefined;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const result = existsSync(gnuTime)
      ? spawnSync(gnuTime, ["-f", "%M", command, ...args], { encoding: "utf8" })
      : spawnSync(command, args, { encoding: "utf8" });
    times.push(performance.now() - start);
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
    const kib = Number(result.stderr.trim().split("\n").at(-1));
    if (Number.isFinite(kib)) peakKiB = Math.max(peakKiB ?? 0, kib);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)] ?? NaN, mib: peakKiB === undefined ? undefined : peakKiB / 1024 };
}

async function main(): Promise<void> {
  if (!existsSync(fileURLToPath(new URL("../packages/cli/dist/commands/version.js", import.meta.url)))) {
    throw new Error("the CLI is not built: run `pnpm run build` first (npm run bench does)");
  }
  const kubeconfig = await benchKubeconfig();
  const commands = [["version", "--client"], ["version"], ["auth", "whoami"]];
  const rows = [["command", "kr8s ms", "kubectl ms", "kr8s MiB", "kubectl MiB"]];
  for (const args of commands) {
    const withConfig = args.includes("--client") ? args : [...args, "--kubeconfig", kubeconfig];
    const ours = measure(process.execPath, [kr8sBin, ...withConfig]);
    const theirs = measure("kubectl", withConfig);
    rows.push([
      args.join(" "),
      ours.ms.toFixed(0),
      theirs.ms.toFixed(0),
      ours.mib?.toFixed(0) ?? "-",
      theirs.mib?.toFixed(0) ?? "-",
    ]);
  }
  printTable(`CLI start-up, median of ${RUNS} runs; node ${process.version}`, rows);
}

await main();
