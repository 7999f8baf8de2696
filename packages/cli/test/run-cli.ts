// Runs the kr8s CLI from its sources, the way `pnpm kr8s` does, for end-to-end tests.
import { fileURLToPath } from "node:url";
import { run, type RunResult } from "@kr8s/test-utils/exec";

/** bin/dev.js: the CLI from its TypeScript sources (run with `--conditions=@kr8s/source`). */
export const devBin = fileURLToPath(new URL("../bin/dev.js", import.meta.url));

export function kr8s(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<RunResult> {
  return run(process.execPath, ["--conditions=@kr8s/source", devBin, ...args], {
    timeoutMs: 60_000,
    ...(options.env ? { env: options.env } : {}),
    ...(options.input === undefined ? {} : { input: options.input }),
  });
}
