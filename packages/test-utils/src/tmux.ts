// A real terminal for tests of full-screen output: a detached tmux session on a private server (its own
// socket in a temporary directory, so that tests never see each other's sessions or the user's), driven with send-keys and read with
// capture-pane.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { run } from "./exec.ts";

export interface TmuxPane {
  /** Types `keys` (tmux key names: `q`, `C-c`, `Enter`; `literal` sends the text as is). */
  send(keys: string, options?: { literal?: boolean }): Promise<void>;
  /** The visible screen as text; with `escapes`, colours and styles as SGR sequences (`capture-pane -e`). */
  capture(options?: { escapes?: boolean }): Promise<string>;
  /**
   * Captures the screen until `check` accepts it, and returns that screen; throws with the last screen
   * when `timeoutMs` passes first (a deadline for the cluster to act, not a speed claim).
   */
  waitFor(
    check: (screen: string) => boolean,
    options?: { escapes?: boolean; timeoutMs?: number },
  ): Promise<string>;
  /** Resizes the window (columns × lines). */
  resize(width: number, height: number): Promise<void>;
  /** Ends the session and its server. */
  close(): Promise<void>;
}

/**
 * Starts `bash --norc --noprofile` in a detached tmux session of `width` × `height` with `env` as its
 * environment (nothing else is inherited but PATH and HOME; TERM is xterm-256color, the prompt `$ `), and returns the pane.
 */
export async function startTmux(options: {
  width: number;
  height: number;
  env?: Record<string, string>;
}): Promise<TmuxPane> {
  // tmux leaves its socket behind when its server is killed: it lives in a directory removed on close.
  const dir = await mkdtemp(join(tmpdir(), "kr8s-tmux-"));
  const socket = join(dir, "socket");
  const tmux = async (...args: string[]): Promise<string> => {
    const result = await run("tmux", ["-S", socket, "-f", "/dev/null", ...args], { timeoutMs: 30_000 });
    if (result.exitCode !== 0) throw new Error(`tmux ${args.join(" ")}: ${result.stderr}`);
    return result.stdout;
  };
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/",
    TERM: "xterm-256color",
    PS1: "$ ",
    ...options.env,
  };
  const exports = Object.entries(env).flatMap(([name, value]) => ["-e", `${name}=${value}`]);
  await tmux(
    "new-session",
    "-d",
    "-s",
    "test",
    "-x",
    String(options.width),
    "-y",
    String(options.height),
    ...exports,
    "env -i " +
      Object.keys(env)
        .map((name) => `${name}="$${name}"`)
        .join(" ") +
      " bash --norc --noprofile",
  );
  const pane: TmuxPane = {
    async send(keys, sendOptions = {}) {
      await tmux("send-keys", "-t", "test", ...(sendOptions.literal ? ["-l"] : []), keys);
    },
    capture(captureOptions = {}) {
      return tmux("capture-pane", "-p", "-t", "test", ...(captureOptions.escapes ? ["-e"] : []));
    },
    async waitFor(check, waitOptions = {}) {
      const deadline = Date.now() + (waitOptions.timeoutMs ?? 60_000);
      for (;;) {
        const screen = await pane.capture(waitOptions);
        if (check(screen)) return screen;
        if (Date.now() > deadline) throw new Error(`the screen never matched; last screen:\n${screen}`);
        await sleep(200);
      }
    },
    async resize(width, height) {
      await tmux("resize-window", "-t", "test", "-x", String(width), "-y", String(height));
    },
    async close() {
      await tmux("kill-server").catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return pane;
}
