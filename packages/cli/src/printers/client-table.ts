/**
 * `get --server-print=false`: kubectl then prints every kind with its own client-side table, NAME and AGE
 * only (cli-runtime's default print handler, `printObjectMeta`), instead of the server's columns.
 */
import type { Table, TableColumn, TableRow } from "@kr8s/core";
import { humanDuration } from "./duration.ts";

/** kubectl's client-side columns: NAME and AGE. */
export const CLIENT_SIDE_COLUMNS: readonly TableColumn[] = [
  { name: "Name", type: "string", format: "name", description: "Name of the object.", priority: 0 },
  { name: "Age", type: "string", format: "", description: "Time since the object was created.", priority: 0 },
];

/** kubectl's `translateTimestampSince`: the age, or `<unknown>` without a creation timestamp. */
function age(creationTimestamp: string | undefined, now: number): string {
  const created = creationTimestamp ? Date.parse(creationTimestamp) : Number.NaN;
  return Number.isNaN(created) ? "<unknown>" : humanDuration(now - created);
}

/**
 * `row` with the cells of {@link CLIENT_SIDE_COLUMNS}, from its object's metadata (which the row must
 * include). `now` is the time (ms since the epoch) its age is measured at.
 */
export function clientSideRow(row: TableRow, now: number): TableRow {
  const metadata = row.object?.metadata ?? {};
  return { ...row, cells: [metadata.name ?? "", age(metadata.creationTimestamp, now)] };
}

/** `table` with kubectl's client-side columns (see {@link clientSideRow}). */
export function clientSideTable(table: Table, now: number): Table {
  return {
    ...table,
    columnDefinitions: [...CLIENT_SIDE_COLUMNS],
    rows: table.rows.map((row) => clientSideRow(row, now)),
  };
}
