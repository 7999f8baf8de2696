/** The server-side `Table` form of `get` (what `kubectl get` prints), and its fallback. */
import type { KubeObject } from "../objects/api-object.ts";

/**
 * The Accept header of a Table request with the plain form as fallback, as kubectl sends it: servers (or
 * aggregated API servers) without Table support answer with the ordinary list.
 */
export const TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

/** One column of a {@link Table}. `priority` 0 = default column, > 0 = `-o wide` only. */
export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** One row: cells in column order, and the object (`PartialObjectMetadata` by default). */
export interface TableRow {
  cells: unknown[];
  object?: KubeObject;
  conditions?: { type: string; status: string }[];
}

/** A `meta.k8s.io/v1` Table. */
export interface Table {
  apiVersion: string;
  kind: "Table";
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumn[];
  rows: TableRow[];
}

/** The columns the API server's default table convertor uses for kinds without printer columns. */
const DEFAULT_COLUMNS: TableColumn[] = [
  {
    name: "Name",
    type: "string",
    format: "name",
    description: "Name must be unique within a namespace.",
    priority: 0,
  },
  {
    name: "Created At",
    type: "date",
    format: "",
    description:
      "CreationTimestamp is a timestamp representing the server time when this object was created.",
    priority: 0,
  },
];

function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "Table";
}

/**
 * A Table from a server answer: the answer itself when it is one, otherwise (a list, or one object) a Table
 * with the default Name / Created At columns, like the server's own fallback convertor.
 */
export function fromTableOrList(answer: unknown): Table {
  if (isTable(answer)) return answer;
  const body = (answer ?? {}) as KubeObject & { items?: KubeObject[] };
  const objects = Array.isArray(body.items) ? body.items : [body];
  return {
    apiVersion: "meta.k8s.io/v1",
    kind: "Table",
    metadata: {},
    columnDefinitions: DEFAULT_COLUMNS,
    rows: objects.map((object) => ({
      cells: [object.metadata?.name ?? "", object.metadata?.creationTimestamp ?? ""],
      object,
    })),
  };
}

/** One Table with the rows of several (pages, or one GET per name); columns from the first. */
export function mergeTables(tables: Table[]): Table {
  const [first] = tables;
  if (!first) return fromTableOrList({ items: [] });
  const last = tables.at(-1) ?? first;
  return {
    ...first,
    metadata: last.metadata.resourceVersion ? { resourceVersion: last.metadata.resourceVersion } : {},
    rows: tables.flatMap((t) => t.rows ?? []),
  };
}
