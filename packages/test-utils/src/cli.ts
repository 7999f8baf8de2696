// `node packages/test-utils/src/cli.ts <up|down|status>` (root: `pnpm cluster up`). Progress goes to stderr;
// the kubeconfig path is the last stdout line of `up` and `status`, so scripts can take `| tail -n1`.
import { ClusterError, clusterDown, clusterStatus, clusterUp } from "./cluster.ts";

const usage = "usage: node packages/test-utils/src/cli.ts <up|down|status>";

async function main(command: string): Promise<number> {
  switch (command) {
    case "up": {
      // kwokctl starts the components detached, so an interrupted `up` must tear them down itself.
      const abort = new AbortController();
      const onSignal = (): void => abort.abort();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        const result = await clusterUp({ signal: abort.signal });
        process.stdout.write(
          `${result.reused ? "cluster already up" : "cluster up"}; kubeconfig:\n${result.kubeconfig}\n`,
        );
        return 0;
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    }
    case "down":
      await clusterDown();
      return 0;
    case "status": {
      const status = await clusterStatus();
      if (status.up && status.kubeconfig) {
        process.stdout.write(`cluster up; kubeconfig:\n${status.kubeconfig}\n`);
        return 0;
      }
      process.stderr.write(`cluster is down: ${status.problems.join("; ")}\n`);
      return 1;
    }
    default:
      process.stderr.write(`${usage}\n`);
      return 2;
  }
}

try {
  process.exitCode = await main(process.argv[2] ?? "");
} catch (error) {
  process.stderr.write(
    `[cluster] ${error instanceof ClusterError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
