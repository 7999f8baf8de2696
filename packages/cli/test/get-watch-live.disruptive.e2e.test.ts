// The live view of `kr8s get deploy,po -w` across an API server restart, on a real terminal (tmux): while
// the server is gone the status line says the types are reconnecting, and once it is back the view goes on
// (a scale made after the restart shows with its ↑). Runs in the disruptive vitest project: it takes the
// API server away.
import { afterAll, afterEach } from "vitest";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { killApiServer } from "@kr8s/test-utils/restart";
import { startTmux, type TmuxPane } from "@kr8s/test-utils/tmux";
import { devBin } from "./run-cli.ts";

let restarted: Promise<void> | undefined;
afterAll(async () => {
  await restarted; // never leave the cluster without its API server
});

let pane: TmuxPane | undefined;
afterEach(async () => {
  await pane?.close();
  pane = undefined;
});

async function must(args: string[], options: { namespace: string; input?: string }): Promise<void> {
  const result = await kubectl(args, options);
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
}

describe("kr8s get -w on a terminal, across an API server restart", () => {
  test(
    "says reconnecting while the server is gone and recovers after",
    { timeout: 300_000 },
    async ({ kubeconfig, namespace }) => {
      await must(["create", "deployment", "web", "--image=nginx", "--replicas=1"], { namespace });
      await must(["rollout", "status", "deploy/web", "--timeout=120s"], { namespace });
      pane = await startTmux({ width: 160, height: 40, env: { KUBECONFIG: kubeconfig } });
      await pane.send(
        `${process.execPath} --conditions=@kr8s/source ${devBin} get deploy,po -w -n ${namespace}`,
        {
          literal: true,
        },
      );
      await pane.send("Enter");
      await pane.waitFor((screen) => /^ {2}web\s+1\/1/m.test(screen) && screen.includes("pod: watching"));

      const killed = await killApiServer();
      try {
        const down = await pane.waitFor((screen) => /reconnecting /.test(screen.split("\n")[0] ?? ""));
        // The countdown comes first: the pane is narrower than the reason (a URL).
        expect(down.split("\n")[0]).toMatch(/reconnecting in \d+s \(/);
        // The rows stay on the screen while the server is away.
        expect(down).toMatch(/^ {2}web\s+1\/1/m);
      } finally {
        restarted = killed.restart();
        await restarted;
      }

      // Back without any change to show: the reopened watches alone end "reconnecting".
      await pane.waitFor(
        (screen) => {
          const status = screen.split("\n")[0] ?? "";
          return status.includes("deployment.apps: watching") && status.includes("pod: watching");
        },
        { timeoutMs: 120_000 },
      );
      await must(["scale", "deploy/web", "--replicas=2"], { namespace });
      const back = await pane.waitFor((screen) => /^ {2}web\s+2\/2 ↑/m.test(screen), { timeoutMs: 120_000 });
      expect(back.split("\n")[0]).not.toContain("reconnecting");
      expect(back.split("\n").filter((line) => /^[ +] web-/.test(line))).toHaveLength(2);
      await pane.send("q");
    },
  );
});
