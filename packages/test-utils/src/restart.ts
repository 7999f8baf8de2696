// Kills the local cluster's kube-apiserver and starts it again with the same command line, for tests
// that prove a client survives an API server restart. Only the API server goes: etcd keeps the data.
import { readFile, readlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { tryGet } from "./api.ts";
import { adminCredentials } from "./cluster.ts";
import { statePaths, type StatePaths } from "./paths.ts";
import { isRunning, readPidFile, spawnDetached } from "./processes.ts";

export interface KilledApiServer {
  /** Starts kube-apiserver again as it was, and resolves once /readyz answers 200. */
  restart(): Promise<void>;
}

/** SIGKILLs kube-apiserver (no graceful shutdown: connections just die) and waits until it is gone. */
export async function killApiServer(paths: StatePaths = statePaths()): Promise<KilledApiServer> {
  const pidFile = join(paths.kwokClusterDir, "pids", "kube-apiserver.pid");
  const pid = await readPidFile(pidFile);
  if (pid === undefined) throw new Error(`no kube-apiserver pid in ${pidFile}`);
  const [argv, cwd] = await Promise.all([
    readFile(`/proc/${pid}/cmdline`, "utf8").then((text) => text.split("\0").filter(Boolean)),
    readlink(`/proc/${pid}/cwd`),
  ]);
  const [command, ...args] = argv;
  if (!command) throw new Error(`kube-apiserver (pid ${pid}) has no command line`);
  process.kill(pid, "SIGKILL");
  while (isRunning(pid)) await sleep(50);

  return {
    async restart() {
      const logFile = join(paths.kwokClusterDir, "logs", "kube-apiserver.log");
      const start = async (): Promise<number> => {
        const newPid = spawnDetached(command, args, logFile, cwd);
        await writeFile(pidFile, String(newPid));
        return newPid;
      };
      const creds = await adminCredentials(paths);
      const deadline = Date.now() + 60_000;
      let current = await start();
      while ((await tryGet(creds, "/readyz")).status !== 200) {
        if (Date.now() > deadline)
          throw new Error("kube-apiserver did not become ready within 60 s of its restart");
        // The killed process is reported gone as soon as its main thread is a zombie, while its other
        // threads may still hold the listening socket for a moment: the new one then exits with
        // "address already in use". Start it again until the port is free.
        if (!isRunning(current)) current = await start();
        await sleep(200);
      }
    },
  };
}
