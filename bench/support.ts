// What every benchmark needs: the cluster to measure against, and a plain aligned table to print.
import { readFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import { clusterStatus } from "@kr8s/test-utils/cluster";
import { statePaths } from "@kr8s/test-utils/paths";

/** The kubeconfig given as the first argument, else the running local cluster's. */
export async function benchKubeconfig(): Promise<string> {
  const explicit = process.argv[2];
  if (explicit) return explicit;
  const status = await clusterStatus();
  if (!status.up || !status.kubeconfig)
    throw new Error("the local cluster is down: run `npm run cluster -- up` first");
  return status.kubeconfig;
}

/** Prints a title and rows (the first is the header) as left-aligned columns. */
export function printTable(title: string, rows: readonly (readonly string[])[]): void {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  console.log(title);
  for (const row of rows)
    console.log(
      row
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join("  ")
        .trimEnd(),
    );
}

/** CPU seconds a process has spent in user space and in the kernel (its system calls, e.g. TCP sends). */
export interface CpuTimes {
  user: number;
  system: number;
}

/**
 * CPU seconds a process has used so far, split into user and system time, from /proc (Linux; undefined
 * elsewhere or when the process is gone). Sampled before and after a measurement, it says which process
 * did the work, and whether in its own code or in the kernel.
 */
export async function cpuTimes(pid: number): Promise<CpuTimes | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15, in clock ticks.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return {
      user: Number(fields[11]) / CLOCK_TICKS_PER_SECOND,
      system: Number(fields[12]) / CLOCK_TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** The pids of the local cluster's kube-apiserver and kwok-controller (kwokctl's pid files), when readable. */
export async function clusterPids(): Promise<{ apiserver?: number; kwok?: number }> {
  const dir = join(statePaths().kwokClusterDir, "pids");
  const read = async (name: string): Promise<number | undefined> =>
    readFile(join(dir, `${name}.pid`), "utf8").then(
      (text) => Number(text.trim()) || undefined,
      () => undefined,
    );
  const [apiserver, kwok] = await Promise.all([read("kube-apiserver"), read("kwok-controller")]);
  return { ...(apiserver ? { apiserver } : {}), ...(kwok ? { kwok } : {}) };
}

/** The machine's 1-minute load average, for the note that numbers come from a shared machine. */
export function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
