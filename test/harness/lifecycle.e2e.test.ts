// `pnpm cluster up|status|down` as a user meets them, including the failure paths: a second `up` reuses
// the running cluster, and an `up` that cannot get its port says which and leaves no process behind.
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "@kr8s/test-utils/fixtures";
import { run } from "@kr8s/test-utils/exec";

const cli = fileURLToPath(new URL("../../packages/test-utils/src/cli.ts", import.meta.url));

function cluster(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return run(process.execPath, [cli, ...args], { env, timeoutMs: 120_000 });
}

/** Processes whose command line mentions `marker` (the harness's own orphan check, done independently). */
async function processesMentioning(marker: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue; // exited, not yet reaped
    const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (cmdline.includes(marker)) found.push(cmdline.replaceAll("\0", " "));
  }
  return found;
}

describe("cluster lifecycle", () => {
  test("up when already up reuses the cluster; status prints the kubeconfig path alone on its last line", async ({
    kubeconfig,
  }) => {
    const up = await cluster(["up"]);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(up.stdout).toContain("already up");
    expect(up.stderr).toContain("reusing");
    const status = await cluster(["status"]);
    expect(status.exitCode).toBe(0);
    expect(status.stdout.trimEnd().split("\n").at(-1)).toBe(kubeconfig);
  });

  test("status of a cluster that was never started exits non-zero; down succeeds anyway", async () => {
    const env = { ...process.env, KR8S_CLUSTER_STATE_DIR: await mkdtemp(join(tmpdir(), "kr8s-never-")) };
    expect((await cluster(["status"], env)).exitCode).not.toBe(0);
    expect((await cluster(["down"], env)).exitCode).toBe(0);
  });

  test("up whose API server port is taken says which port and leaves no process behind", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as AddressInfo).port;
    const stateDir = await mkdtemp(join(tmpdir(), "kr8s-port-taken-"));
    const env = {
      ...process.env,
      KR8S_CLUSTER_STATE_DIR: stateDir,
      KR8S_CLUSTER_APISERVER_PORT: String(port),
    };
    try {
      const up = await cluster(["up"], env);
      expect(up.exitCode).not.toBe(0);
      expect(up.stderr).toContain(`${port}`);
      expect(up.stderr).toMatch(/in use/);
      expect(await processesMentioning(stateDir)).toEqual([]);
      expect((await cluster(["status"], env)).exitCode).not.toBe(0);
    } finally {
      blocker.close();
      await cluster(["down"], env);
    }
  });
});
