import { Args, Flags } from "@oclif/core";
import type {
  Api,
  GetOptions,
  JsonPath,
  KindInfo,
  NamespaceOption,
  KubeObject,
  ServerError,
  Table,
} from "@kr8s/core";
import { Kr8sCommand } from "../base-command.ts";
import { UsageError } from "../errors.ts";
import { listFlags } from "../flags.ts";
import type { ListContext } from "../printers/kube-error.ts";
import { namesSingleObject, parseResourceArgs, type ResourceRequest } from "../resource-args.ts";
import { fromManifests, kindLabel, lookupKind, type Target } from "../resource-targets.ts";

/** An object with its resolved kind, in printing order. */
interface Listed {
  object: KubeObject;
  info: KindInfo;
}

/** A refused request, as kubectl reports it after the output. */
interface FetchError {
  reason: string | undefined;
  line: string;
}

/** Formats `get -o` prints (`jsonpath=…` and friends carry their template after `=`). */
const GET_FORMATS = [
  "custom-columns",
  "custom-columns-file",
  "json",
  "jsonpath",
  "jsonpath-as-json",
  "jsonpath-file",
  "name",
  "wide",
  "yaml",
] as const;

/** `-o` split into the printer and its argument (`jsonpath={.items}` → `jsonpath`, `{.items}`). */
function outputFormat(output: string | undefined): { format: string; argument: string } {
  if (output === undefined) return { format: "", argument: "" };
  const eq = output.indexOf("=");
  return eq < 0
    ? { format: output, argument: "" }
    : { format: output.slice(0, eq), argument: output.slice(eq + 1) };
}

/** One requested type, resolved: the fetched table or objects, or the errors of its names. */
interface Fetched {
  info: KindInfo;
  /** Tables (default and wide output): one per list or per name found. */
  tables: Table[];
  /** Objects (other outputs), with `kind` and `apiVersion` set as kubectl sets them on list items. */
  objects: KubeObject[];
}

export default class Get extends Kr8sCommand<typeof Get> {
  static override args = {
    resources: Args.string({
      description: "TYPE[,TYPE…] [NAME…] or TYPE/NAME…; `all` for kubectl's `all` category",
      // oclif would otherwise take piped stdin as the argument; stdin is for `-f -` only.
      ignoreStdin: true,
    }),
  };
  static override description = `Prints a table of the most important information about the given resources, from the server's own table (the columns kubectl shows). Without names, every object of each type in the namespace (-n, the context's, or every namespace with -A), filtered by -l and --field-selector. Several types print one table each; names that do not exist are reported on stderr after the rest is printed, and the command exits 1.

Output formats (-o): wide (more columns), json and yaml (one object, or kubectl's List of several), name (TYPE/NAME lines).`;
  static override examples = [
    "<%= config.bin %> <%= command.id %> pods",
    "<%= config.bin %> <%= command.id %> pods -A -o wide",
    "<%= config.bin %> <%= command.id %> deploy,svc -l app=web",
    "<%= config.bin %> <%= command.id %> pod/web-0 service/web -o yaml",
    "<%= config.bin %> <%= command.id %> all -n kube-system",
    "<%= config.bin %> <%= command.id %> nodes --show-labels -L topology.kubernetes.io/zone",
  ];
  static override flags = {
    ...listFlags,
    output: Flags.string({
      char: "o",
      description: `Output format. One of: (${GET_FORMATS.join(", ")}). jsonpath=TEMPLATE, jsonpath-file=FILE, jsonpath-as-json=TEMPLATE, custom-columns=HEADER:PATH,…, custom-columns-file=FILE.`,
    }),
    filename: Flags.string({
      char: "f",
      description:
        "Files, directories (their .json, .yaml and .yml files) or - for stdin, naming the objects to get.",
      multiple: true,
    }),
    recursive: Flags.boolean({
      char: "R",
      description: "Process the directory used in -f, --filename recursively.",
    }),
    "chunk-size": Flags.integer({
      description: "Return large lists in chunks of this many objects rather than all at once. 0 disables.",
      default: 500,
    }),
    "ignore-not-found": Flags.boolean({
      description: "If the requested object does not exist the command will return exit code 0.",
    }),
    "label-columns": Flags.string({
      char: "L",
      description: "Label keys to present as columns (comma-separated, or the flag repeated).",
      multiple: true,
    }),
    "no-headers": Flags.boolean({ description: "Print the table without its header line." }),
    "show-kind": Flags.boolean({ description: "List the resource type with each name (pod/web)." }),
    "show-labels": Flags.boolean({ description: "Show all labels as the last column." }),
    "sort-by": Flags.string({
      description:
        "Sort by a JSONPath to a string or number field (`.metadata.name`, `{.status.startTime}`); a sorted list is fetched in one request.",
    }),
  };
  static override strict = false;
  static override summary = "Display one or many resources.";

  async run(): Promise<void> {
    const output = this.flags.output;
    const { format } = outputFormat(output);
    if (output !== undefined && !(GET_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(
        `unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: ${GET_FORMATS.join(",")}`,
      );
    }
    if (this.flags["show-labels"] && output !== undefined && output !== "wide")
      throw new UsageError(`--show-labels option cannot be used with ${output} printer`);
    const bin = this.config.bin;
    const files = this.flags.filename ?? [];
    if (files.length > 0 && this.positionals.length > 0)
      throw new UsageError(
        "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well",
      );
    if (this.positionals.length === 0 && files.length === 0) {
      this.logToStderr(
        `You must specify the type of resource to get. Use "${bin} api-resources" for a complete list of supported resources.\n`,
      );
      throw new UsageError("Required resource not specified.", {
        details: [
          `Use "${bin} explain <resource>" for a detailed description of that resource (e.g. ${bin} explain pods).`,
          `See '${bin} get -h' for help and examples`,
        ],
      });
    }
    const requests = parseResourceArgs(this.positionals);
    if (this.flags["all-namespaces"] && requests.some((r) => r.names.length > 0))
      throw new UsageError("a resource cannot be retrieved by name across all namespaces");
    const manifests =
      files.length > 0
        ? await (await import("../manifests.ts")).readManifests(files, { recursive: this.flags.recursive })
        : undefined;
    const k = await this.api();
    const human = output === undefined || output === "wide";
    // Checked before anything is fetched: a bad template or column spec sends no request.
    const printer = human ? undefined : await this.objectPrinter(output ?? "json");
    const sortBy = await this.sortPath();
    const resolved = manifests ? await fromManifests(k, manifests.objects) : await this.resolve(k, requests);
    const errors: FetchError[] = [];
    const fetched: Fetched[] = [];
    for (const { info, names, namespace } of resolved) {
      fetched.push(
        await this.fetch(k, info, names, namespace ?? k.namespace, human, sortBy !== undefined, errors),
      );
    }
    const shown = this.flags["ignore-not-found"] ? errors.filter((e) => e.reason !== "NotFound") : errors;
    // kubectl's "single item implied": one object named, or one manifest file read (not stdin).
    const single =
      manifests === undefined
        ? namesSingleObject(requests)
        : manifests.files.length === 1 && manifests.files[0] !== "-";
    if (human) await this.printTables(fetched, shown.length > 0, k.namespace, sortBy);
    else if (printer && !(single && shown.length > 0)) this.write(printer(fetched, single, sortBy));
    if (shown.length > 0) {
      for (const error of shown) this.logToStderr(error.line);
      this.exit(1);
    }
  }

  /**
   * Each request's kind, resolved before anything is fetched: an unknown type stops the command with no
   * output, as in kubectl. `all` becomes the served resources of kubectl's `all` category.
   */
  private async resolve(k: Api, requests: readonly ResourceRequest[]): Promise<Target[]> {
    const resolved: Target[] = [];
    for (const request of requests) {
      if (request.type.toLowerCase() === "all") {
        for (const resource of await k.apiResources()) {
          if (resource.categories.includes("all")) {
            resolved.push({ info: await k.lookupKind(exactSpelling(resource)), names: request.names });
          }
        }
        continue;
      }
      resolved.push({ info: await lookupKind(k, request.type), names: request.names });
    }
    return resolved;
  }

  /** One type's objects (or table rows); errors of single names are collected, not thrown. */
  private async fetch(
    k: Api,
    info: KindInfo,
    names: readonly string[],
    namespace: string,
    human: boolean,
    sorting: boolean,
    errors: FetchError[],
  ): Promise<Fetched> {
    const { ALL, ServerError } = await import("@kr8s/core");
    const { kubectlErrorLine } = await import("../printers/kube-error.ts");
    const options: GetOptions = {
      namespace: (this.flags["all-namespaces"] ? ALL : namespace) as NamespaceOption,
      ...(this.flags.selector ? { labelSelector: this.flags.selector } : {}),
      ...(this.flags["field-selector"] ? { fieldSelector: this.flags["field-selector"] } : {}),
      // Like kubectl, a sorted list is fetched in one request: sorting pages one by one would mislead.
      ...(this.flags["chunk-size"] > 0 && !sorting ? { limit: this.flags["chunk-size"] } : {}),
    };
    const kind = exactSpelling({ ...info, name: info.plural });
    const result: Fetched = { info, tables: [], objects: [] };
    const attempts = names.length === 0 ? [undefined] : names;
    for (const name of attempts) {
      try {
        if (human) {
          const includeObject = sorting ? "Object" : "Metadata";
          result.tables.push(...(await k.get(kind, name, { ...options, asTable: true, includeObject })));
        } else {
          for (const object of await k.get(kind, name, { ...options, raw: true })) {
            object.apiVersion ??= info.apiVersion;
            object.kind ??= info.kind;
            result.objects.push(object);
          }
        }
      } catch (caught) {
        // Like kubectl (ContinueOnError), a refused request is reported after the rest is printed.
        if (!(caught instanceof ServerError)) throw caught;
        const error = name === undefined ? caught : await missingNamespace(k, info, namespace, caught);
        errors.push({
          reason: error.reason,
          line: kubectlErrorLine(error, name === undefined ? listContext(info, this.flags) : undefined),
        });
      }
    }
    return result;
  }

  /** Default and wide output: one table per type, a blank line between tables (kubectl's separator). */
  private async printTables(
    fetched: readonly Fetched[],
    hadErrors: boolean,
    namespace: string,
    sortBy: JsonPath | undefined,
  ): Promise<void> {
    const { formatResourceTable } = await import("../printers/resource-table.ts");
    const { sortByPath } = await import("../printers/sort-by.ts");
    const found = fetched.filter((f) => f.tables.length > 0);
    const kinds = new Set(found.map((f) => `${f.info.apiVersion}/${f.info.kind}`));
    const withKind = this.flags["show-kind"] || kinds.size > 1;
    let text = "";
    for (const { info, tables } of found) {
      const rows = tables.flatMap((table) => table.rows);
      const merged: Table | undefined = tables[0] && {
        ...tables[0],
        rows: sortBy ? sortByPath(rows, sortBy, (row) => row.object) : rows,
      };
      if (!merged) continue;
      const block = formatResourceTable(merged, {
        wide: this.flags.output === "wide",
        noHeaders: this.flags["no-headers"],
        withNamespace: this.flags["all-namespaces"] && info.namespaced,
        kind: withKind ? kindLabel(info) : undefined,
        showLabels: this.flags["show-labels"],
        labelColumns: (this.flags["label-columns"] ?? []).flatMap((l) => l.split(",")).filter(Boolean),
      });
      if (block === "") continue;
      if (text !== "" && !this.flags["no-headers"]) text += "\n";
      text += block;
    }
    if (text !== "") {
      this.write(text);
      return;
    }
    if (hadErrors || this.flags["ignore-not-found"]) return;
    const allNamespaced = !this.flags["all-namespaces"] && found.every((f) => f.info.namespaced);
    this.logToStderr(allNamespaced ? `No resources found in ${namespace} namespace.` : "No resources found");
  }

  /** `--sort-by`'s path, compiled (kubectl's relaxed form: `.metadata.name`, `{.metadata.name}`…). */
  private async sortPath(): Promise<JsonPath | undefined> {
    const sortBy = this.flags["sort-by"];
    if (!sortBy) return undefined;
    const { compileJsonPath, relaxedJsonPath } = await import("@kr8s/core");
    return compileJsonPath(relaxedJsonPath(sortBy));
  }

  /**
   * The printer of every output but the tables: json, yaml, name, jsonpath and custom columns, given the
   * fetched objects. One object alone when one was named (kubectl's "single item implied"), else kubectl's
   * `List` of every object.
   */
  private async objectPrinter(
    output: string,
  ): Promise<(fetched: readonly Fetched[], single: boolean, sortBy: JsonPath | undefined) => string> {
    const { format, argument } = outputFormat(output);
    const { compileJsonPath, relaxedJsonPath } = await import("@kr8s/core");
    const { readFile } = await import("node:fs/promises");
    const { sortByPath } = await import("../printers/sort-by.ts");
    const listOf = (fetched: readonly Fetched[], sortBy: JsonPath | undefined): Listed[] => {
      const all = fetched.flatMap((f) => f.objects.map((object) => ({ object, info: f.info })));
      return sortBy ? sortByPath(all, sortBy, (entry) => entry.object) : all;
    };
    const document = (listed: readonly Listed[], single: boolean): unknown =>
      single && listed.length === 1
        ? listed[0]?.object
        : {
            apiVersion: "v1",
            items: listed.map(({ object }) => object),
            kind: "List",
            metadata: { resourceVersion: "" },
          };
    switch (format) {
      case "name":
        return (fetched, _single, sortBy) =>
          listOf(fetched, sortBy)
            .map(({ object, info }) => `${kindLabel(info)}/${object.metadata?.name ?? ""}\n`)
            .join("");
      case "json":
      case "yaml": {
        const { formatGoJson } = await import("../printers/go-json.ts");
        const { formatGoYaml } = await import("../printers/go-yaml.ts");
        const print = format === "json" ? formatGoJson : formatGoYaml;
        return (fetched, single, sortBy) => {
          const listed = listOf(fetched, sortBy);
          // kubectl's json and yaml printers hide managedFields unless asked (--show-managed-fields).
          for (const { object } of listed) if (object.metadata) delete object.metadata.managedFields;
          return print(document(listed, single));
        };
      }
      case "jsonpath":
      case "jsonpath-file":
      case "jsonpath-as-json": {
        const template = format === "jsonpath-file" ? await readFile(argument, "utf8") : argument;
        const path = compileJsonPath(template);
        return (fetched, single, sortBy) => {
          const data = document(listOf(fetched, sortBy), single);
          return format === "jsonpath-as-json" ? path.printJSON(data) : path.print(data);
        };
      }
      default: {
        const { parseCustomColumns, parseCustomColumnsFile, formatCustomColumns } =
          await import("../printers/custom-columns.ts");
        const specs =
          format === "custom-columns-file"
            ? parseCustomColumnsFile(await readFile(argument, "utf8"))
            : parseCustomColumns(argument);
        const columns = specs.map(({ header, rawPath }) => ({
          header,
          path: compileJsonPath(relaxedJsonPath(rawPath)),
        }));
        return (fetched, _single, sortBy) =>
          formatCustomColumns(
            columns,
            listOf(fetched, sortBy).map(({ object }) => object),
            this.flags["no-headers"],
          );
      }
    }
  }
}

/** A spelling that names exactly one served resource: `deployments.v1.apps`, `pods/v1` for the core group. */
function exactSpelling(resource: { name: string; group: string; version: string }): string {
  return resource.group
    ? `${resource.name}.${resource.version}.${resource.group}`
    : `${resource.name}/${resource.version}`;
}

/**
 * kubectl's answer when a named object is not found in a namespace other than `default`: if the namespace
 * itself does not exist, that is the error shown (`namespaces "typo" not found`), as cli-runtime's
 * `Info.Get` does.
 */
async function missingNamespace(
  k: Api,
  info: KindInfo,
  namespace: string,
  error: ServerError,
): Promise<ServerError> {
  if (error.reason !== "NotFound" || !info.namespaced || namespace === "default") return error;
  const { NotFoundError } = await import("@kr8s/core");
  try {
    await k.get("namespaces/v1", namespace, { raw: true });
  } catch (nsError) {
    if (nsError instanceof NotFoundError) return nsError;
  }
  return error;
}

/** What a list request was, for kubectl's wording of its BadRequest and NotFound errors. */
function listContext(
  info: KindInfo,
  flags: { selector?: string | undefined; "field-selector"?: string | undefined },
): ListContext {
  return {
    resource: `${info.group}/${info.version}, Resource=${info.plural}`,
    labelSelector: flags.selector ?? "",
    fieldSelector: flags["field-selector"] ?? "",
  };
}
