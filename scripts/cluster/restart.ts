// Kills the local cluster's kube-apiserver and starts it again with the same command line, for tests
// that prove a client survives an API server restart. Only the API server goes: etcd keeps the data.
import { openSync, closeSync } from "node:fs";
import { readFile, readlink, writeFile } from "node:fs/promises";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { tryGet } from "./api.ts";
import { adminCredentials } from "./cluster.ts";
import { statePaths, type StatePaths } from "./paths.ts";
import { isAlive } from "./processes.ts";

export interface KilledApiServer {
  /** Starts kube-apiserver again as it was, and resolves once /readyz answers 200. */
  restart(): Promise<void>;
}

/** SIGKILLs kube-apiserver (no graceful shutdown: connections just die) and waits until it is gone. */
export async function killApiServer(paths: StatePaths = statePaths()): Promise<KilledApiServer> {
  const pidFile = join(paths.kwokClusterDir, "pids", "kube-apiserver.pid");
  const pid = Number.parseInt(await readFile(pidFile, "utf8"), 10);
  const [argv, cwd] = await Promise.all([
    readFile(`/proc/${pid}/cmdline`, "utf8").then((text) => text.split("\0").filter(Boolean)),
    readlink(`/proc/${pid}/cwd`),
  ]);
  const [command, ...args] = argv;
  if (!command) throw new Error(`kube-apiserver (pid ${pid}) has no command line`);
  process.kill(pid, "SIGKILL");
  while (isAlive(pid) && !(await isZombie(pid))) await sleep(50);

  return {
    async restart() {
      const log = openSync(join(paths.kwokClusterDir, "logs", "kube-apiserver.log"), "a");
      // Detached in its own session like kwokctl starts it, so `down` (pid file + /proc sweep) stops it.
      const child = spawn(command, args, { cwd, detached: true, stdio: ["ignore", log, log] });
      closeSync(log);
      child.unref();
      if (child.pid === undefined) throw new Error("kube-apiserver did not start again");
      await writeFile(pidFile, String(child.pid));
      const creds = await adminCredentials(paths);
      const deadline = Date.now() + 60_000;
      while ((await tryGet(creds, "/readyz")).status !== 200) {
        if (Date.now() > deadline)
          throw new Error("kube-apiserver did not become ready within 60 s of its restart");
        await sleep(200);
      }
    },
  };
}

async function isZombie(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}
