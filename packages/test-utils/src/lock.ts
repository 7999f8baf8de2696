// One `up`/`down` at a time per state directory. `mkdir` is atomic, so the lock is a directory holding
// the owner's pid; a lock whose owner died is taken over.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { isAlive, readPidFile } from "./processes.ts";

export async function withLock<T>(
  lockDir: string,
  log: (message: string) => void,
  fn: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + 45 * 60_000; // a concurrent cold build can take this long
  let told = false;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = await readPidFile(join(lockDir, "pid"));
      if (owner === undefined || !isAlive(owner)) {
        // Either a dead owner or one that has not written its pid yet; only the former stays that way.
        await sleep(200);
        const again = await readPidFile(join(lockDir, "pid"));
        if (again === undefined || !isAlive(again)) await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for the cluster lock ${lockDir} (held by pid ${owner})`);
      if (!told) log(`waiting for another cluster command (pid ${owner}) to finish`);
      told = true;
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}
