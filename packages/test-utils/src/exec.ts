// A promise around child_process.spawn that collects output. Kept tiny: the harness runs a handful of
// commands (bash, kwokctl, openssl, kubectl) and needs their exit code, not a shell.
import { spawn } from "node:child_process";

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  /** The exit code; -1 when the command was killed by a signal (e.g. the timeout). */
  readonly exitCode: number;
}

export interface RunOptions {
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Kill the command (SIGKILL) after this many milliseconds. */
  readonly timeoutMs?: number;
  /** Copy the command's stderr to ours while it runs (for long steps like the build). */
  readonly teeStderr?: boolean;
  readonly signal?: AbortSignal;
}

export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
      ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs, killSignal: "SIGKILL" }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr.push(chunk);
      if (options.teeStderr) process.stderr.write(chunk);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        exitCode: code ?? -1,
      });
    });
    child.stdin.on("error", () => {}); // the command may exit before reading its input
    child.stdin.end(options.input ?? "");
  });
}
