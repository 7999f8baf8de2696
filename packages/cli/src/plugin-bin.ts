import { basename } from "node:path";
import type { Interfaces } from "@oclif/core";

/**
 * Run as the kubectl plugin — kubectl runs the `kubectl-ng` found on PATH for `kubectl ng …` — the CLI names
 * itself as the user typed it, `kubectl ng`, in usage errors, suggestions and help (`kubectl ng get
 * --help`), as kubectl plugins do; installed as `kr8s` it stays `kr8s`. The name is the script's as run:
 * npm's bin link (a symlink) keeps it; a launcher that runs `node …/run.js` (Windows shims, pnpm's) hides
 * it, and the CLI stays `kr8s` there. Called where a config names the CLI: each command's (oclif loads one
 * per command), the help class's and the unknown-command hook's — not at every start (an `init` hook would
 * cost each run about a millisecond).
 */
export function nameAsInvoked(config: Interfaces.Config): void {
  // oclif types `bin` read-only; it is a plain property Config.load sets from package.json.
  if (basename(process.argv[1] ?? "") === "kubectl-ng") (config as { bin: string }).bin = "kubectl ng";
}
