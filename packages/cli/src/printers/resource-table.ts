import type { Table, TableColumn, TableRow } from "@kr8s/core";
import { goNumber } from "./go-format.ts";
import { formatLabels } from "./labels.ts";
import { formatTable, GET_MIN_WIDTH } from "./table.ts";

/** How `kubectl get` decorates the server's Table (kubectl's `printers.PrintOptions`). */
export interface ResourceTableOptions {
  /** `-o wide`: also the columns of priority > 0. */
  wide?: boolean;
  /** `--no-headers`. */
  noHeaders?: boolean;
  /** A NAMESPACE column first (`-A` on a namespaced kind). */
  withNamespace?: boolean;
  /**
   * Prefix names with the kind, lower-case, with its group: `pod/web`, `deployment.apps/web` (several
   * kinds in one command, or `--show-kind`).
   */
  kind?: string | undefined;
  /** `--show-labels`: a LABELS column last, `k=v` pairs sorted by key, `<none>` when there are none. */
  showLabels?: boolean;
  /** `-L key`: one column per label key (header: the key's last `/` segment, upper-case). */
  labelColumns?: readonly string[];
}

/**
 * The rows `kubectl get` prints for one server Table (kubectl's `decorateTable` and `printTable` in
 * cli-runtime's tableprinter.go): header upper-cased, wide-only columns dropped, namespace, kind and
 * label columns added, cells cut at the first line break (`...` marks the cut). Empty when the table has
 * no rows (kubectl prints no header then). Align with {@link formatTable}.
 */
export function resourceTableRows(table: Table, options: ResourceTableOptions = {}): string[][] {
  if (table.rows.length === 0) return [];
  const visible = visibleColumns(table.columnDefinitions, options);
  const nameIndex =
    options.kind === undefined
      ? -1
      : table.columnDefinitions.findIndex((c) => c.format === "name" && c.type === "string");
  const labelColumns = options.labelColumns ?? [];
  const rows: string[][] = [];
  if (!options.noHeaders) rows.push(resourceTableHeader(table.columnDefinitions, options));
  for (const row of table.rows) {
    const labels = row.object?.metadata?.labels ?? {};
    rows.push([
      ...(options.withNamespace ? [row.object?.metadata?.namespace ?? ""] : []),
      ...visible.map(({ index }) => {
        const text = cellText(row, index);
        return index === nameIndex ? `${options.kind}/${text}` : text;
      }),
      ...labelColumns.map((key) => labels[key] ?? ""),
      ...(options.showLabels ? [formatLabels(labels)] : []),
    ]);
  }
  return rows;
}

/**
 * The server's columns `kubectl get` shows, with their index in the row's cells: those of priority 0, and
 * with `-o wide` every one. They come after the NAMESPACE column when there is one.
 */
export function visibleColumns(
  columns: readonly TableColumn[],
  options: Pick<ResourceTableOptions, "wide">,
): { column: TableColumn; index: number }[] {
  return columns
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => options.wide === true || column.priority === 0);
}

/** The header line of {@link resourceTableRows}: the shown columns' names, upper-cased. */
export function resourceTableHeader(
  columns: readonly TableColumn[],
  options: ResourceTableOptions = {},
): string[] {
  return [
    ...(options.withNamespace ? ["NAMESPACE"] : []),
    ...visibleColumns(columns, options).map(({ column }) => column.name.toUpperCase()),
    ...(options.labelColumns ?? []).map((key) => (key.split("/").at(-1) ?? key).toUpperCase()),
    ...(options.showLabels ? ["LABELS"] : []),
  ];
}

/** One table, aligned: {@link resourceTableRows} through kubectl's tab writer. */
export function formatResourceTable(table: Table, options: ResourceTableOptions = {}): string {
  return formatTable(resourceTableRows(table, options), GET_MIN_WIDTH);
}

function cellText(row: TableRow, index: number): string {
  const cell = row.cells[index];
  if (cell === null || cell === undefined) return "";
  const text =
    typeof cell === "string" ? cell : typeof cell === "number" ? goNumber(cell) : JSON.stringify(cell);
  // kubectl cuts a cell at its first line break: tabwriter would start a new row there.
  const cut = text.search(/[\f\n\r]/);
  return cut < 0 ? text : `${text.slice(0, cut)}...`;
}
