// What every benchmark needs: the cluster to measure against, and a plain aligned table to print.
import { clusterStatus } from "@kr8s/test-utils/cluster";

/** The kubeconfig given as the first argument, else the running local cluster's. */
export async function benchKubeconfig(): Promise<string> {
  const explicit = process.argv[2];
  if (explicit) return explicit;
  const status = await clusterStatus();
  if (!status.up || !status.kubeconfig)
    throw new Error("the local cluster is down: run `npm run cluster -- up` first");
  return status.kubeconfig;
}

/** Prints a title and rows (the first is the header) as left-aligned columns. */
export function printTable(title: string, rows: readonly (readonly string[])[]): void {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  console.log(title);
  for (const row of rows)
    console.log(
      row
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join("  ")
        .trimEnd(),
    );
}
