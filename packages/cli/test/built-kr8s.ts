// The CLI as users install it, for the tests of the built binary: the esbuild bundles of @kr8s/cli
// (scripts/bundle.ts) and @kr8s/core, run through bin/run.js.
import { fileURLToPath } from "node:url";
import { run, type RunOptions } from "@kr8s/test-utils/exec";
import { beforeAll } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
export const runJs = fileURLToPath(new URL("../bin/run.js", import.meta.url));

/** Builds the CLI (and core) once before the file's tests; turbo replays its cache when nothing changed. */
export function buildBeforeAll(): void {
  beforeAll(async () => {
    const build = await run("pnpm", ["exec", "turbo", "run", "build", "--filter=@kr8s/cli..."], {
      cwd: root,
      timeoutMs: 600_000,
    });
    if (build.exitCode !== 0) throw new Error(`the build failed:\n${build.stdout}${build.stderr}`);
  }, 600_000);
}

/** `kr8s <args>` through the built bin/run.js. */
export const builtKr8s = (args: readonly string[], options: RunOptions = {}) =>
  run(process.execPath, [runJs, ...args], { timeoutMs: 60_000, ...options });
