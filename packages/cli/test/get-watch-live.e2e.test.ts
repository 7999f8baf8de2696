// `kr8s get deploy,po -w` on a real terminal: tmux runs it in a detached 160x40 pane while the test scales a
// Deployment (KWOK runs its pods) and deletes a pod, and reads the screen with capture-pane. What a user
// sees: the rows, the counts changing with ↑/↓ (green/red), deleted rows going, a resize reflowing the
// table, and `q` leaving a usable shell.
import { afterEach } from "vitest";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { startTmux, type TmuxPane } from "@kr8s/test-utils/tmux";
import { devBin } from "./run-cli.ts";

const slow = { timeout: 300_000 };

const deployment = (namespace: string): string => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${namespace} }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
`;

async function must(args: string[], options: { namespace: string; input?: string }): Promise<string> {
  const result = await kubectl(args, options);
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

/** The screen's line for the Deployment `web` (the pods' names start with `web-`). */
const deploymentLine = (screen: string): string =>
  screen.split("\n").find((line) => /^[ +-] web\s/.test(line)) ?? "";
const podLines = (screen: string): string[] => screen.split("\n").filter((line) => /^[ +-] web-/.test(line));

/** The lines of a type's table on the screen (header and rows), without the view's gutter. */
function tableOf(screen: string, heading: string): string[] {
  const lines = screen.split("\n");
  const start = lines.findIndex((line) => line.startsWith(`${heading} (`));
  const end = lines.findIndex((line, index) => index > start && line === "");
  return lines.slice(start + 1, end < 0 ? undefined : end).map((line) => line.slice(2));
}
const withoutLastColumn = (line: string): string => line.replace(/\s+\S+$/, "");

let pane: TmuxPane | undefined;
afterEach(async () => {
  await pane?.close();
  pane = undefined;
});

/** Starts `kr8s get deploy,po -w` in a fresh pane and waits for its rows. */
async function startLiveView(
  kubeconfig: string,
  namespace: string,
  env: Record<string, string> = {},
): Promise<TmuxPane> {
  const started = await startTmux({ width: 160, height: 40, env: { KUBECONFIG: kubeconfig, ...env } });
  pane = started;
  await started.send(
    `${process.execPath} --conditions=@kr8s/source ${devBin} get deploy,po -w -n ${namespace}`,
    { literal: true },
  );
  await started.send("Enter");
  await started.waitFor((screen) => /^ {2}web\s+1\/1/m.test(screen) && podLines(screen).length === 1);
  return started;
}

describe("kr8s get -w on a terminal", () => {
  test(
    "shows the rows, marks counts going up and down, drops deleted rows, and q exits 0 to a usable shell",
    slow,
    async ({ kubeconfig, namespace }) => {
      await must(["apply", "-f", "-"], { namespace, input: deployment(namespace) });
      await must(["rollout", "status", "deploy/web", "--timeout=120s"], { namespace });
      const live = await startLiveView(kubeconfig, namespace);
      const first = await live.capture();
      expect(first).toMatch(/^deployment\.apps \(1\)$/m);
      expect(first).toMatch(/^ {2}NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
      expect(first).toMatch(/^pod \(1\)$/m);
      expect(first).toMatch(/^ {2}NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
      // The tables are kubectl's: same columns, cells and alignment (the last column, AGE, left out: it
      // ticks), behind the view's two-column gutter.
      for (const [type, heading] of [
        ["deploy", "deployment.apps"],
        ["pods", "pod"],
      ] as const) {
        const expected = await must(["get", type], { namespace });
        expect(tableOf(first, heading).map(withoutLastColumn)).toEqual(
          expected.trimEnd().split("\n").map(withoutLastColumn),
        );
      }

      await must(["scale", "deploy/web", "--replicas=3"], { namespace });
      // Up: the count and its arrow, in green.
      const up = await live.waitFor((screen) => /^ {2}web\s+3\/3 ↑\s+3 ↑\s+3 ↑\s/m.test(screen), {
        escapes: false,
      });
      expect(podLines(up).filter((line) => /Running/.test(line))).toHaveLength(3);
      const upColoured = await live.waitFor((screen) => screen.includes("\u001B[32m3/3 ↑"), {
        escapes: true,
      });
      expect(upColoured).toContain("\u001B[32m3/3 ↑");

      await must(["scale", "deploy/web", "--replicas=1"], { namespace });
      // Down: the count and its arrow in red; the two pods that went are dropped after their fade.
      const down = await live.waitFor((screen) => screen.includes("\u001B[31m1/1 ↓"), { escapes: true });
      expect(down).toContain("\u001B[31m1/1 ↓");
      await live.waitFor((screen) => podLines(screen).length === 1);

      const [pod] = (await must(["get", "pods", "-o", "name"], { namespace })).trim().split("\n");
      const podName = (pod ?? "").replace("pod/", "");
      await must(["delete", "pod", podName, "--wait=false"], { namespace });
      // The deleted pod is struck through for a moment, then gone; its replacement appears.
      await live.waitFor((screen) => screen.split("\n").some((line) => line.startsWith(`- ${podName}`)));
      const after = await live.waitFor(
        (screen) => !screen.includes(podName) && podLines(screen).length === 1,
      );
      expect(podLines(after)[0]).not.toContain(podName);
      expect(deploymentLine(after)).toMatch(/^ {2}web\s+1\/1/);

      await live.send("q");
      // Keys typed before kr8s is gone would be read by it, not by the shell.
      await live.waitFor((screen) => !screen.includes("(q to quit)"));
      await live.send('echo "exited with $?"', { literal: true });
      await live.send("Enter");
      // The shell runs the next command: kr8s exited, with 0.
      const shell = await live.waitFor((screen) => /^exited with \d+$/m.test(screen));
      expect(shell).toMatch(/^exited with 0$/m);
      // The alternate screen is gone: the table is not left on the shell's screen.
      expect(shell).not.toContain("deployment.apps (");
    },
  );

  test(
    "reflows to the new size when the terminal is resized; no colour with NO_COLOR",
    slow,
    async ({ kubeconfig, namespace }) => {
      await must(["apply", "-f", "-"], { namespace, input: deployment(namespace) });
      await must(["rollout", "status", "deploy/web", "--timeout=120s"], { namespace });
      const live = await startLiveView(kubeconfig, namespace, { NO_COLOR: "1" });
      expect(await live.capture({ escapes: true })).not.toContain("\u001B[");
      await live.resize(30, 12);
      const narrow = await live.waitFor((screen) => /^ {2}NAME\s+READY\s+UP-TO-DATE$/m.test(screen));
      expect(narrow.split("\n").every((line) => [...line].length <= 30)).toBe(true);
      await live.resize(160, 40);
      await live.waitFor((screen) => /^ {2}NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m.test(screen));
      await live.send("q");
    },
  );
});
