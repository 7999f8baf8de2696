/**
 * What `kubectl get -w` prints when its output is not a terminal (kubectl's `get.go` watch loop and
 * cli-runtime's table printer, v1.32): the current objects first (a table flushed at once), then one flush
 * per change — a table line aligned with the lines before it (the tab writer remembers column widths across
 * flushes), or one object per change in the `-o` format. Pure: events in, text out.
 */
import type { JsonPath, KubeObject, TableColumn, TableRow } from "@kr8s/core";
import type { LiveEvent, WatchedResource } from "../watch/events.ts";
import { formatGoJson, formatGoJsonLine, sortKeys } from "./go-json.ts";
import { formatCustomColumns } from "./custom-columns.ts";
import { formatGoYaml } from "./go-yaml.ts";
import { resourceTableRows } from "./resource-table.ts";
import { sortByPath } from "./sort-by.ts";
import { formatTable, GET_MIN_WIDTH } from "./table.ts";
import { withoutManagedFields } from "./managed-fields.ts";

/** How the lines are printed: `get`'s output flags as far as they matter with `-w`. */
export type WatchOutput =
  | { format: "table"; wide: boolean }
  | { format: "name" | "json" | "yaml" }
  /** `allowMissingKeys`: `--allow-missing-template-keys` (a missing key is an error when false). */
  | { format: "jsonpath"; path: JsonPath; asJson: boolean; allowMissingKeys?: boolean }
  /** `print` runs the go-template on one document (it may throw, to stop the watch as kubectl does). */
  | { format: "go-template"; print: (document: unknown) => string }
  | { format: "custom-columns"; columns: readonly { header: string; path: JsonPath }[] };

/** Options of {@link WatchLinePrinter}. */
export interface WatchLineOptions {
  output: WatchOutput;
  /** `--output-watch-events`: an EVENT column (tables), or `{type, object}` documents (other formats). */
  watchEvents?: boolean;
  /** `--show-managed-fields`: `-o json` and `-o yaml` keep `metadata.managedFields`. */
  showManagedFields?: boolean;
  /** `--watch-only`: no current objects, only the changes. */
  watchOnly?: boolean;
  /** `-A`: a NAMESPACE column (kubectl's watch adds it for every type, cluster-scoped ones too). */
  allNamespaces?: boolean;
  /** `--show-kind`: names as `kind/name` (always with several types). */
  showKind?: boolean;
  noHeaders?: boolean;
  showLabels?: boolean;
  labelColumns?: readonly string[];
  /** `--sort-by`: orders the current objects of a table (kubectl ignores it for the changes that follow). */
  sortBy?: JsonPath | undefined;
  /** Names asked for, per resource id: their current objects are printed in this order (as kubectl GETs them). */
  names?: ReadonlyMap<string, readonly string[]> | undefined;
}

/** kubectl's EVENT cells: padded to the width of MODIFIED (cli-runtime's `formattedEventType`). */
const EVENT_CELL: Record<string, string> = { ADDED: "ADDED   ", MODIFIED: "MODIFIED", DELETED: "DELETED " };

interface Pending {
  resource: WatchedResource;
  type: "ADDED" | "MODIFIED" | "DELETED";
  row: TableRow;
}

/** What one watched type's table has printed so far. */
interface TypeState {
  columns: TableColumn[];
  widths: number[];
  headerPrinted: boolean;
}

/**
 * Turns the merged events of a `get -w` into the text kubectl prints for them. Until every type has
 * delivered its current objects, rows are held; then the current objects are printed (one table per type,
 * a blank line between tables), followed by every change, each as its own flush. With several types
 * (which kubectl refuses to watch), names carry their kind and a type's header is printed again, after a
 * blank line, when a change of another type was printed last.
 */
export class WatchLinePrinter {
  readonly #options: WatchLineOptions;
  readonly #resources: readonly WatchedResource[];
  readonly #unsynced: Set<string>;
  readonly #types = new Map<string, TypeState>();
  /** Rows that arrived before every type was synced: the current objects, then early changes. */
  readonly #initial = new Map<string, Pending[]>();
  readonly #early: Pending[] = [];
  /** The resource of the last printed change (several types only). */
  #lastPrinted: string | undefined;
  /** Objects printed so far (YAML separates documents with `---`). */
  #documents = 0;
  readonly #customColumnWidths: number[] = [];

  constructor(resources: readonly WatchedResource[], options: WatchLineOptions) {
    this.#resources = resources;
    this.#options = options;
    this.#unsynced = new Set(resources.map((r) => r.id));
  }

  /** Whether every type has delivered its current objects. */
  get synced(): boolean {
    return this.#unsynced.size === 0;
  }

  /** The text an event adds to the output ("" for none). */
  push(event: LiveEvent): string {
    const id = event.resource.id;
    switch (event.kind) {
      case "columns": {
        const state = this.#state(id);
        // A table printer prints its header again when the server's columns change (cli-runtime).
        if (state.columns.length > 0 && JSON.stringify(state.columns) !== JSON.stringify(event.columns))
          state.headerPrinted = false;
        state.columns = event.columns;
        return "";
      }
      case "change": {
        const pending = { resource: event.resource, type: event.type, row: event.row };
        if (this.synced) return this.#change(pending);
        if (this.#unsynced.has(id)) {
          const rows = this.#initial.get(id) ?? [];
          rows.push(pending);
          this.#initial.set(id, rows);
        } else this.#early.push(pending);
        return "";
      }
      case "synced": {
        if (!this.#unsynced.delete(id) || !this.synced) return "";
        return (
          this.#current() +
          this.#early
            .splice(0)
            .map((p) => this.#change(p))
            .join("")
        );
      }
      case "reconnecting":
      case "connected":
      case "error":
        return "";
    }
  }

  #state(id: string): TypeState {
    let state = this.#types.get(id);
    if (!state) {
      state = { columns: [], widths: [], headerPrinted: false };
      this.#types.set(id, state);
    }
    return state;
  }

  get #severalTypes(): boolean {
    return this.#resources.length > 1;
  }

  /** The current objects: per type, one table (or its objects), in the order the types were asked for. */
  #current(): string {
    if (this.#options.watchOnly) return "";
    const blocks: string[] = [];
    for (const resource of this.#resources) {
      let rows = this.#initial.get(resource.id) ?? [];
      if (rows.length === 0) continue;
      const names = this.#options.names?.get(resource.id) ?? [];
      if (names.length > 1) {
        const position = (p: Pending) => names.indexOf(p.row.object?.metadata?.name ?? "");
        rows = [...rows].sort((a, b) => position(a) - position(b));
      }
      if (this.#options.output.format !== "table") {
        blocks.push(this.#objects(rows));
        continue;
      }
      const { sortBy } = this.#options;
      if (sortBy) rows = sortByPath(rows, sortBy, (p) => p.row.object);
      blocks.push(this.#tableLines(resource, rows));
      this.#lastPrinted = resource.id;
    }
    const separator = this.#options.output.format === "table" && !this.#options.noHeaders ? "\n" : "";
    return blocks.join(separator);
  }

  #change(pending: Pending): string {
    if (this.#options.output.format !== "table") return this.#objects([pending]);
    let text = "";
    const state = this.#state(pending.resource.id);
    if (this.#severalTypes && this.#lastPrinted !== pending.resource.id && !this.#options.noHeaders) {
      if (this.#lastPrinted !== undefined) text += "\n";
      state.headerPrinted = false;
    }
    this.#lastPrinted = pending.resource.id;
    return text + this.#tableLines(pending.resource, [pending]);
  }

  /** One flush of a type's table: its header first when not printed yet, then `rows`. */
  #tableLines(resource: WatchedResource, rows: readonly Pending[]): string {
    const { output } = this.#options;
    const state = this.#state(resource.id);
    const noHeaders = this.#options.noHeaders === true || state.headerPrinted;
    const lines = resourceTableRows(
      {
        apiVersion: "meta.k8s.io/v1",
        kind: "Table",
        metadata: {},
        columnDefinitions: state.columns,
        rows: rows.map((p) => p.row),
      },
      {
        wide: output.format === "table" && output.wide,
        noHeaders,
        withNamespace: this.#options.allNamespaces === true,
        kind: this.#options.showKind || this.#severalTypes ? resource.id : undefined,
        showLabels: this.#options.showLabels === true,
        labelColumns: this.#options.labelColumns ?? [],
      },
    );
    if (lines.length === 0) return "";
    if (!this.#options.noHeaders) state.headerPrinted = true;
    const headers = noHeaders ? 0 : 1;
    const withEvents = this.#options.watchEvents
      ? lines.map((cells, i) => {
          const type = rows[i - headers]?.type ?? "";
          return [i < headers ? "EVENT" : (EVENT_CELL[type] ?? type), ...cells];
        })
      : lines;
    return formatTable(withEvents, GET_MIN_WIDTH, state.widths);
  }

  /** Objects in the `-o` format (`{type, object}` with `--output-watch-events`), as one flush. */
  #objects(list: readonly Pending[]): string {
    const { output, watchEvents } = this.#options;
    const shown = (object: KubeObject): KubeObject =>
      this.#options.showManagedFields ? object : withoutManagedFields(object);
    const documents = list.map(({ type, row }) => {
      const object = row.object ?? {};
      return { type, object, document: watchEvents ? { type, object } : object };
    });
    switch (output.format) {
      case "name":
        return list
          .map(({ resource, row }) => `${resource.id}/${row.object?.metadata?.name ?? ""}\n`)
          .join("");
      case "json":
        // kubectl marshals a watch event in one line with its managedFields; an object indented, without.
        return documents
          .map(({ type, object }) =>
            watchEvents ? formatGoJsonLine({ type, object: sortKeys(object) }) : formatGoJson(shown(object)),
          )
          .join("");
      case "yaml":
        return documents
          .map(
            ({ object, document }) =>
              (this.#documents++ > 0 ? "---\n" : "") + formatGoYaml(watchEvents ? document : shown(object)),
          )
          .join("");
      case "jsonpath":
        return documents
          .map(({ document }) => {
            const run = { allowMissingKeys: output.allowMissingKeys ?? true };
            return output.asJson ? output.path.printJSON(document, run) : output.path.print(document, run);
          })
          .join("");
      case "go-template":
        return documents.map(({ document }) => output.print(document)).join("");
      case "custom-columns": {
        const header = this.#documents === 0 && !this.#options.noHeaders;
        this.#documents += documents.length;
        return formatCustomColumns(
          output.columns,
          documents.map(({ document }) => document),
          !header,
          this.#customColumnWidths,
        );
      }
      case "table":
        return "";
    }
  }
}
