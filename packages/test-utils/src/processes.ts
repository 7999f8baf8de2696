// The control-plane processes: kwokctl starts each component detached (setsid) and records its pid in
// `<kwok cluster dir>/pids/<component>.pid`, so nothing dies with the shell that ran `up`. `down`
// therefore kills by pid file, and also sweeps /proc for any process whose command line mentions the
// cluster directory (a crash between fork and pid-file write would otherwise leave an orphan).
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** The components kwokctl's binary runtime starts, by pid-file name. */
export const components = [
  "etcd",
  "kube-apiserver",
  "kube-controller-manager",
  "kube-scheduler",
  "kwok-controller",
] as const;
export type Component = (typeof components)[number];

export interface ComponentProcess {
  readonly component: string;
  readonly pid: number;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but is not ours — still alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The process's command line, arguments joined with spaces (Linux /proc; undefined when unreadable). */
export async function cmdline(pid: number): Promise<string | undefined> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, "utf8")).replaceAll("\0", " ");
  } catch {
    return undefined;
  }
}

/** The pid in a pid file, or undefined when the file is missing or holds no pid. */
export async function readPidFile(file: string): Promise<number | undefined> {
  const pid = Number.parseInt(await readFile(file, "utf8").catch(() => ""), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Starts `command` in its own session with its output appended to `logFile`, as kwokctl starts the
 * components: it outlives the process that started it, and `down` (pid file + /proc sweep) stops it.
 * @returns its pid
 */
export function spawnDetached(
  command: string,
  args: readonly string[],
  logFile: string,
  cwd?: string,
): number {
  const log = openSync(logFile, "a");
  try {
    const child = spawn(command, args, {
      detached: true,
      stdio: ["ignore", log, log],
      ...(cwd === undefined ? {} : { cwd }),
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`${command} did not start`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** Processes recorded in kwokctl's pid files (alive or not). */
export async function recordedProcesses(kwokClusterDir: string): Promise<ComponentProcess[]> {
  const pidsDir = join(kwokClusterDir, "pids");
  let names: string[];
  try {
    names = await readdir(pidsDir);
  } catch {
    return [];
  }
  const found: ComponentProcess[] = [];
  for (const name of names.filter((n) => n.endsWith(".pid"))) {
    const pid = await readPidFile(join(pidsDir, name));
    if (pid !== undefined) found.push({ component: name.slice(0, -4), pid });
  }
  return found;
}

/**
 * Recorded processes that are alive and really ours: after a reboot a pid file may point at an
 * unrelated process, so the command line must mention the cluster directory.
 */
export async function liveProcesses(kwokClusterDir: string): Promise<ComponentProcess[]> {
  const live: ComponentProcess[] = [];
  for (const p of await recordedProcesses(kwokClusterDir)) {
    if (isRunning(p.pid) && (await cmdline(p.pid))?.includes(kwokClusterDir)) live.push(p);
  }
  return live;
}

/** Every process whose command line mentions `marker` (Linux /proc; empty elsewhere). */
export async function processesMentioning(marker: string): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir("/proc");
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    if ((await cmdline(pid))?.includes(marker)) pids.push(pid);
  }
  return pids;
}

/**
 * Alive and not a zombie. A zombie has exited but was not reaped yet (in a container, PID 1 may never reap
 * it): treat it as gone.
 */
export function isRunning(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    // /proc/<pid>/stat: "pid (comm) S ..." — comm may contain spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

/** SIGTERM, then SIGKILL whatever is still running after `graceMs`. Resolves when all are gone. */
export async function terminate(pids: readonly number[], graceMs = 10_000): Promise<void> {
  const signal = (pid: number, sig: NodeJS.Signals): void => {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  };
  for (const pid of pids) signal(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (pids.some(isRunning) && Date.now() < deadline) await sleep(100);
  const stubborn = pids.filter(isRunning);
  for (const pid of stubborn) signal(pid, "SIGKILL");
  const killDeadline = Date.now() + 5_000;
  while (stubborn.some(isRunning) && Date.now() < killDeadline) await sleep(50);
}
