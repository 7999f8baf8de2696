// `kr8s get -w` (stdout a pipe) across an API server restart: its watch dies with the server, retries while
// the server is down, and goes on afterwards — every change printed once, none lost, in kubectl's lines.
// kubectl's own `get -w` exits when its stream ends, so the expected lines are written out here.
// Runs in the disruptive vitest project (after every other e2e test), because it takes the API server away.
import { spawn } from "node:child_process";
import { afterAll } from "vitest";
import { expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { killApiServer } from "@kr8s/test-utils/restart";
import { devBin } from "./run-cli.ts";

let restarted: Promise<void> | undefined;
afterAll(async () => {
  await restarted; // never leave the cluster without its API server
});

async function must(args: string[], namespace: string): Promise<void> {
  const result = await kubectl(args, { namespace });
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
}

test(
  "get -w prints every change once across an API server restart",
  { timeout: 300_000 },
  async ({ kubeconfig, namespace }) => {
    await must(["create", "configmap", "a", "--from-literal=k=1"], namespace);
    const child = spawn(
      process.execPath,
      [
        "--conditions=@kr8s/source",
        devBin,
        "get",
        "configmaps",
        "-w",
        "-v=1",
        `--kubeconfig=${kubeconfig}`,
        `-n=${namespace}`,
      ],
      { stdio: "pipe" },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const lines = (): string[] =>
      out
        .split("\n")
        .filter(Boolean)
        .map((line) => line.replace(/\s+\S+$/, "")); // without the AGE cell
    try {
      await expect.poll(lines, { timeout: 60_000 }).toContain("a                  1");

      const killed = await killApiServer();
      restarted = killed.restart();
      await restarted;

      // Made (most likely) before the watch has reconnected: they must come through the resume or, if the
      // new server cannot resume from there, the re-list (which lists a before b: hence the sort).
      await must(["create", "configmap", "b"], namespace);
      await must(["patch", "configmap", "a", "--type=merge", "-p", '{"data":{"k":"2","l":"3"}}'], namespace);
      await expect.poll(() => lines().length, { timeout: 90_000 }).toBeGreaterThanOrEqual(5);
      await must(["delete", "configmap", "b"], namespace);
      await expect.poll(() => lines().length, { timeout: 30_000 }).toBeGreaterThanOrEqual(6);
      await new Promise((resolve) => setTimeout(resolve, 1000)); // room for a duplicate to show up

      const printed = lines();
      expect(printed.slice(0, 3)).toEqual([
        "NAME               DATA",
        "a                  1",
        "kube-root-ca.crt   1",
      ]);
      expect(printed.slice(3, 5).sort()).toEqual(["a                  2", "b                  0"]);
      expect(printed.slice(5)).toEqual(["b                  0"]);
      // -v=1 reports the reconnections on stderr: the server really was gone for a while.
      expect(err).toMatch(/watch of configmap interrupted/);
    } finally {
      child.kill("SIGINT");
      await exited;
    }
  },
);
