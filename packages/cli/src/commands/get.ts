import { once } from "node:events";
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
import {
  chunkSizeFlag,
  listFlags,
  OBJECT_FORMATS,
  parseOutput,
  showManagedFieldsFlag,
  stringSlice,
  templateFlags,
  kustomizeFlag,
  refuseKustomize,
  sliceValues,
} from "../flags.ts";
import type { WatchOutput } from "../printers/watch-lines.ts";
import {
  EMPTY_NAME,
  namesSingleObject,
  parseResourceArgs,
  refuseNamesWithSelector,
} from "../resource-args.ts";
import {
  exactSpelling,
  fromManifests,
  kindLabel,
  missingNamespace,
  refuseNamesAcrossNamespaces,
  resolveRequests,
  type Target,
  type Unmapped,
  withTypeMeta,
} from "../resource-targets.ts";
import type { WatchTarget } from "../watch/source.ts";
import type { CompletionSpec } from "../completion/spec.ts";

/** An object with its resolved kind, in printing order. */
interface Listed {
  object: KubeObject;
  info: KindInfo;
}

/** A refused request, as kubectl reports it after the output. */
interface FetchError {
  reason: string | undefined;
  line: string;
  /**
   * Found by kubectl itself, not the server (an invalid namespace, a kind it cannot map, a manifest it
   * cannot read): kubectl prints such a line bare, or with `error: ` when it is the only error of a
   * non-table output.
   */
  local?: boolean;
  /** With `-f`: its place in the manifests (see {@link Target.positions}); kubectl reports in that order. */
  position?: number | undefined;
  /** Printed `error: …` when it is the only error, whatever the output (client-go's empty-name refusal). */
  prefixedAlone?: boolean;
  /** The server's own message, without kubectl's `Error from server (Reason): `. */
  message?: string | undefined;
  /**
   * The resource builder's error for the whole read (see {@link Target.wrongNamespace}): first of all,
   * `error: …` when alone whatever the output, and it makes the tables' other errors bare.
   */
  builder?: boolean | undefined;
}

/**
 * Formats `get -o` prints (`jsonpath=…` and friends carry their template after `=`): kubectl's object
 * formats and its table ones, sorted as kubectl lists them.
 */
const GET_FORMATS: readonly string[] = [
  ...OBJECT_FORMATS,
  "custom-columns",
  "custom-columns-file",
  "wide",
].sort();

/**
 * `-o` split into the printer and its argument (`jsonpath={.items}` → `jsonpath`, `{.items}`); without
 * `=…` the argument is `--template`'s, and `--template` alone means `-o go-template` (cli-runtime's
 * PrintFlags).
 */
function outputFormat(
  output: string | undefined,
  template: string | undefined = undefined,
): { format: string; argument: string } {
  if (output === undefined)
    return template ? { format: "go-template", argument: template } : { format: "", argument: "" };
  const { format, argument } = parseOutput(output, template);
  return { format, argument: argument ?? template ?? "" };
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
    }),
  };
  static completion: CompletionSpec = { args: { source: "resources" }, flagValues: { output: GET_FORMATS } };
  static override description = `Prints a table of the most important information about the given resources, from the server's own table (the columns kubectl shows). Without names, every object of each type in the namespace (-n, the context's, or every namespace with -A), filtered by -l and --field-selector. Several types print one table each; names that do not exist are reported on stderr after the rest is printed, and the command exits 1.

Output formats (-o): wide (more columns), json and yaml (one object, or kubectl's List of several), name (TYPE/NAME lines), jsonpath and custom-columns, go-template (Go's text/template run on the object, or on kubectl's List of several, with kubectl's extra functions exists and base64decode).

With -w (--watch) the command keeps running and shows every change: on a terminal (default or wide output) as a live table updated in place; otherwise (stdout not a terminal, or -o json|yaml|name|jsonpath|custom-columns|go-template) exactly as kubectl get -w prints it — the current objects, then one line (or object) per change; --output-watch-events adds the event type, --watch-only leaves out the current objects. Unlike kubectl, several types (get deploy,po -w) and several names can be watched at once, and the watch resumes by itself when the server ends it.`;
  static override examples = [
    "<%= config.bin %> <%= command.id %> pods",
    "<%= config.bin %> <%= command.id %> pods -A -o wide",
    "<%= config.bin %> <%= command.id %> deploy,svc -l app=web",
    "<%= config.bin %> <%= command.id %> pod/web-0 service/web -o yaml",
    "<%= config.bin %> <%= command.id %> all -n kube-system",
    "<%= config.bin %> <%= command.id %> nodes --show-labels -L topology.kubernetes.io/zone",
    "<%= config.bin %> <%= command.id %> deploy,po -l app=web -w",
    "<%= config.bin %> <%= command.id %> pods -w --output-watch-events | grep DELETED",
    "<%= config.bin %> <%= command.id %> configmap app-config -w -o json",
    `<%= config.bin %> <%= command.id %> ns -o go-template='{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'`,
    "<%= config.bin %> <%= command.id %> secret db -o go-template='{{.data.password | base64decode}}'",
    "<%= config.bin %> <%= command.id %> pods -o go-template-file=pods.tmpl",
  ];
  static override flags = {
    ...listFlags,
    output: Flags.string({
      char: "o",
      description: `Output format. One of: (${GET_FORMATS.join(", ")}). jsonpath=TEMPLATE, jsonpath-file=FILE, jsonpath-as-json=TEMPLATE, custom-columns=HEADER:PATH,…, custom-columns-file=FILE, go-template=TEMPLATE (or template=), go-template-file=FILE (or templatefile=).`,
    }),
    ...templateFlags,
    template: Flags.string({
      description: `${templateFlags.template.description ?? ""} Alone, it means -o go-template (as in kubectl get).`,
    }),
    filename: Flags.string({
      char: "f",
      description:
        "Files, directories (their .json, .yaml and .yml files), http(s) URLs or - for stdin (comma-separated or repeated), naming the objects to get.",
      ...stringSlice,
    }),
    kustomize: kustomizeFlag,
    recursive: Flags.boolean({
      char: "R",
      description: "Process the directory used in -f, --filename recursively.",
    }),
    "chunk-size": chunkSizeFlag,
    "ignore-not-found": Flags.boolean({
      description: "If the requested object does not exist the command will return exit code 0.",
    }),
    "label-columns": Flags.string({
      char: "L",
      description: "Label keys to present as columns (comma-separated, or the flag repeated).",
      ...stringSlice,
    }),
    "no-headers": Flags.boolean({ description: "Print the table without its header line." }),
    "show-kind": Flags.boolean({ description: "List the resource type with each name (pod/web)." }),
    "show-labels": Flags.boolean({ description: "Show all labels as the last column." }),
    "sort-by": Flags.string({
      description:
        "Sort by a JSONPath to a string or number field (`.metadata.name`, `{.status.startTime}`); a sorted list is fetched in one request.",
    }),
    watch: Flags.boolean({
      char: "w",
      description:
        "After listing/getting the requested object, watch for changes: a live table on a terminal, kubectl's lines otherwise.",
    }),
    "watch-only": Flags.boolean({
      description: "Watch for changes to the requested object(s), without listing/getting first.",
    }),
    "output-watch-events": Flags.boolean({
      description:
        "Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events.",
    }),
    raw: Flags.string({
      description:
        "Raw URI to request from the server (path and query, e.g. /api/v1/namespaces?limit=1). Uses the transport specified by the kubeconfig file; the answer is printed as it comes.",
    }),
    "server-print": Flags.boolean({
      allowNo: true,
      default: true,
      description:
        "If true (default), tables have the server's columns; --server-print=false prints only NAME and AGE, as kubectl's client-side printer does.",
    }),
    "show-managed-fields": showManagedFieldsFlag,
    subresource: Flags.string({
      description:
        "If specified, gets the subresource of the requested object (status or scale; names only).",
    }),
    "watch-timeout-seconds": Flags.integer({
      description:
        "Seconds the server keeps each watch request open before the watch resumes with a new one (testing).",
      hidden: true,
    }),
  };
  static override strict = false;
  static override summary = "Display one or many resources.";

  async run(): Promise<void> {
    refuseKustomize(this.flags.kustomize, "get");
    if (this.flags.raw) await this.checkRaw(this.flags.raw);
    const { format } = outputFormat(this.flags.output, this.flags.template);
    const output = format === "" ? undefined : (this.flags.output ?? format);
    if (output !== undefined && !GET_FORMATS.includes(format)) {
      throw new UsageError(
        `unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: ${GET_FORMATS.join(",")}`,
      );
    }
    if (this.flags["show-labels"] && output !== undefined && output !== "wide")
      throw new UsageError(`--show-labels option cannot be used with ${output} printer`);
    const watching = this.flags.watch || this.flags["watch-only"];
    if (this.flags["output-watch-events"] && !watching)
      throw new UsageError("--output-watch-events option can only be used with --watch or --watch-only");
    if (this.flags.raw) {
      await this.raw(this.flags.raw);
      return;
    }
    const bin = this.config.bin;
    const files = sliceValues(this.flags.filename);
    if (files.length > 0 && this.positionals.length > 0)
      throw new UsageError(
        "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well",
      );
    if (this.positionals.length === 0 && files.length === 0 && watching)
      throw new UsageError(
        [
          "You must provide one or more resources by argument or filename.",
          "Example resource specifications include:",
          "   '-f rsrc.yaml'",
          "   '--filename=rsrc.json'",
          "   '<resource> <name>'",
          "   '<resource>'",
        ].join("\n"),
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
    refuseNamesWithSelector(
      this.positionals,
      requests,
      Boolean(this.flags.selector || this.flags["field-selector"]),
    );
    if (this.flags.subresource && files.length === 0 && requests.some((r) => r.names.length === 0))
      throw new UsageError("subresource cannot be used when bulk resources are specified");
    const manifests =
      files.length > 0
        ? await (
            await import("../manifests.ts")
          ).readManifests(files, { recursive: this.flags.recursive, continueOnError: true })
        : undefined;
    const k = await this.api();
    const human = output === undefined || output === "wide";
    // Checked before anything is fetched: a bad template or column spec sends no request.
    const printer = human ? undefined : await this.objectPrinter(output ?? "json");
    const sortBy = await this.sortPath();
    const targets: (Target | Unmapped)[] = manifests
      ? await fromManifests(k, manifests.objects, {
          keepUnmapped: true,
          explicitNamespace: this.flags.namespace,
          allNamespaces: this.flags["all-namespaces"],
        })
      : await resolveRequests(k, requests);
    const resolved = targets.filter((t): t is Target => "info" in t);
    if (!manifests) refuseNamesAcrossNamespaces(this.flags["all-namespaces"], resolved);
    // What kubectl finds wrong in the manifests themselves: unread documents, kinds it cannot map.
    const unread: FetchError[] = [
      ...(manifests?.errors ?? []).map(({ message, position }) => ({ line: message, position })),
      ...targets
        .filter((t): t is Unmapped => "unmapped" in t)
        .map(({ unmapped, position }) => ({ line: unmapped, position })),
    ].map((error) => ({ ...error, reason: undefined, local: true }));
    if (watching) {
      const [first] = byPosition(unread);
      if (first) throw new UsageError(first.line);
      await this.watch(k, resolved, sortBy);
      return;
    }
    const fetchErrors: FetchError[] = [];
    const fetched: Fetched[] = [];
    for (const target of resolved)
      fetched.push(
        await this.fetch(
          k,
          target,
          target.namespace ?? k.namespace,
          human,
          sortBy !== undefined,
          fetchErrors,
        ),
      );
    // Like kubectl (ContinueOnError), what could be read and fetched is printed, then every error, in the
    // order of the arguments or of the manifests.
    const errors = manifests ? byPosition([...unread, ...fetchErrors]) : fetchErrors;
    const shown = this.flags["ignore-not-found"] ? errors.filter((e) => e.reason !== "NotFound") : errors;
    // kubectl's "single item implied": one object named, or one manifest file read (not stdin).
    const single =
      manifests === undefined
        ? namesSingleObject(requests)
        : manifests.files.length === 1 && manifests.files[0] !== "-";
    if (sortBy) await this.checkSortField(fetched, human, single, sortBy);
    if (human) await this.printTables(fetched, shown.length > 0, k.namespace, sortBy);
    else if (printer && !(single && shown.length > 0) && !this.ignoredNothing(fetched))
      this.write(printer(fetched, single, sortBy));
    if (shown.length > 0) {
      // kubectl's aggregate of errors prints each bare; a non-table output's only error is `error: …`.
      // (--ignore-not-found leaves the others unprinted, not uncounted.)
      const prefix =
        shown.length === 1 &&
        (!human || shown[0]?.builder || (shown[0]?.prefixedAlone && errors.length === 1))
          ? "error: "
          : "";
      // After the builder's error kubectl's tables print the aggregate's text: the server's messages bare.
      const bare = human && shown.some((error) => error.builder);
      for (const error of shown)
        this.logToStderr(
          error.local ? `${prefix}${error.line}` : bare ? (error.message ?? error.line) : error.line,
        );
      this.exit(1);
    }
  }

  /**
   * kubectl's refusals of `--raw` with what would change the request or its output (cobra's order: the
   * arguments, then the flags, then the URI).
   * @throws {UsageError} `arguments may not be passed when --raw is specified`, `--raw and --output are
   *   mutually exclusive`, `--raw must be a valid URL path: parse "version": invalid URI for request`…
   */
  private async checkRaw(uri: string): Promise<void> {
    if (this.positionals.length > 0)
      throw new UsageError("arguments may not be passed when --raw is specified");
    if (this.flags.watch || this.flags["watch-only"] || this.flags.selector)
      throw new UsageError(
        "--raw may not be specified with other flags that filter the server request or alter the output",
      );
    if (this.flags.output) throw new UsageError("--raw and --output are mutually exclusive");
    const { requestUriProblem } = await import("../raw-uri.ts");
    const problem = requestUriProblem(uri);
    if (problem) throw new UsageError(`--raw must be a valid URL path: ${problem}`);
  }

  /**
   * `--raw URI`: one GET of the URI's path and query (scheme and host are ignored, as client-go's
   * `RequestURI` does), the body copied to stdout as it arrives, with nothing added.
   */
  private async raw(uri: string): Promise<void> {
    const k = await this.api();
    const { pathname, search } = new URL(uri, "http://raw.invalid");
    // client-go's default Accept: JSON preferred, anything else taken (`/metrics` is text).
    const { body } = await k.request({
      path: `${pathname}${search}`,
      stream: true,
      headers: { accept: "application/json, */*" },
    });
    for await (const chunk of body) {
      if (!process.stdout.write(chunk as Buffer)) await once(process.stdout, "drain");
    }
  }

  /** `--ignore-not-found` with nothing found: kubectl prints no empty List (nor anything else) then. */
  private ignoredNothing(fetched: readonly Fetched[]): boolean {
    return this.flags["ignore-not-found"] && fetched.every((f) => f.objects.length === 0);
  }

  /**
   * One type's objects (or table rows); errors of single names are collected, not thrown (with their
   * places in the manifests, for `-f`).
   */
  private async fetch(
    k: Api,
    { info, names, positions, wrongNamespace }: Target,
    namespace: string,
    human: boolean,
    sorting: boolean,
    errors: FetchError[],
  ): Promise<Fetched> {
    const { ALL, ServerError, invalidPathSegment } = await import("@kr8s/core");
    const { kubectlErrorLine, listContext } = await import("../printers/kube-error.ts");
    const across = this.flags["all-namespaces"] && names.length === 0;
    const options: GetOptions = {
      // Named objects (of -f -A) are read in their own namespaces.
      namespace: (across ? ALL : namespace) as NamespaceOption,
      ...(this.flags.selector ? { labelSelector: this.flags.selector } : {}),
      ...(this.flags["field-selector"] ? { fieldSelector: this.flags["field-selector"] } : {}),
      // Like kubectl, a sorted list is fetched in one request: sorting pages one by one would mislead.
      ...(this.flags["chunk-size"] > 0 && !sorting ? { limit: this.flags["chunk-size"] } : {}),
    };
    const kind = exactSpelling({ ...info, name: info.plural });
    const result: Fetched = { info, tables: [], objects: [] };
    const attempts = names.length === 0 ? [undefined] : names;
    const invalid = info.namespaced && !across ? invalidPathSegment("namespace", namespace) : undefined;
    if (invalid) {
      // client-go refuses to build the request: one error per request kubectl would have sent.
      for (const [i] of attempts.entries())
        errors.push({ reason: undefined, line: invalid, local: true, position: positions?.[i] });
      return result;
    }
    const subresource = this.flags.subresource ? { subresource: this.flags.subresource } : {};
    for (const [i, name] of attempts.entries()) {
      if (name === "") {
        // client-go refuses the request itself; kubectl reports it in its turn.
        errors.push({
          reason: undefined,
          line: EMPTY_NAME,
          local: true,
          prefixedAlone: true,
          position: positions?.[i],
        });
        continue;
      }
      try {
        const includeObject = sorting ? "Object" : "Metadata";
        const found = human
          ? await k.get(kind, name, { ...options, ...subresource, asTable: true, includeObject })
          : await k.get(kind, name, { ...options, ...subresource, raw: true });
        if (wrongNamespace !== undefined) {
          // Read, then refused (cli-runtime's builder checks what it read): before every other error.
          errors.push({ reason: undefined, line: wrongNamespace, local: true, builder: true, position: -1 });
          continue;
        }
        if (human) result.tables.push(...(await this.serverPrint(found as Table[])));
        else for (const object of found as KubeObject[]) result.objects.push(withTypeMeta(object, info));
      } catch (caught) {
        // Like kubectl (ContinueOnError), a refused request is reported after the rest is printed.
        if (!(caught instanceof ServerError)) throw caught;
        const error = name === undefined ? caught : await missingNamespace(k, info, namespace, caught);
        errors.push({
          reason: error.reason,
          line: kubectlErrorLine(error, name === undefined ? listContext(info, this.flags) : undefined),
          message: error.message,
          position: positions?.[i],
        });
      }
    }
    return result;
  }

  /** The server's tables, or with `--server-print=false` kubectl's client-side NAME and AGE columns. */
  private async serverPrint(tables: Table[]): Promise<Table[]> {
    if (this.flags["server-print"]) return tables;
    const { clientSideTable } = await import("../printers/client-table.ts");
    const now = Date.now();
    return tables.map((table) => clientSideTable(table, now));
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
    // kubectl starts a new table when the resource changes from one object to the next (get.go's
    // `shouldGetNewPrinterForMapping`): names of one type spelt two ways (`cm/a configmap/b`) or in two
    // namespaces (`-f`) share a table.
    const found: Fetched[] = [];
    for (const f of fetched.filter((f) => f.tables.length > 0)) {
      const last = found.at(-1);
      if (last && resourceKey(last.info) === resourceKey(f.info))
        found[found.length - 1] = { ...last, tables: [...last.tables, ...f.tables] };
      else found.push(f);
    }
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
        labelColumns: sliceValues(this.flags["label-columns"]),
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

  /**
   * `-w` / `--watch-only`: every requested type watched as Table rows until interrupted — the live view on
   * a terminal (default and wide output), kubectl's lines otherwise.
   */
  private async watch(k: Api, resolved: readonly Target[], sortBy: JsonPath | undefined): Promise<void> {
    const core = await import("@kr8s/core");
    const { ALL, NotFoundError }: { ALL: NamespaceOption; NotFoundError: typeof ServerError } = core;
    const { invalidPathSegment } = core;
    const { createLiveSource } = await import("../watch/source.ts");
    const { format, argument } = outputFormat(this.flags.output, this.flags.template);
    const human = format === "" || format === "wide";
    const watchOnly = this.flags["watch-only"];
    // On a terminal the live view keeps its rows sorted: kubectl's warning is for the lines.
    const live = human && process.stdout.isTTY;
    if (sortBy && !live)
      this.logToStderr(
        watchOnly
          ? "warning: --watch-only requested, --sort-by will be ignored"
          : "warning: --watch requested, --sort-by will be ignored for watch events received",
      );
    // kubectl's watch reads the named objects first: client-go refuses an empty name before any request.
    if (resolved.some((target) => target.names.includes(""))) throw new UsageError(EMPTY_NAME);
    const targets = watchTargets(resolved, (target) =>
      this.flags["all-namespaces"] ? ALL : (target.namespace ?? k.namespace),
    );
    for (const target of targets) {
      const invalid =
        target.resource.namespaced && typeof target.namespace === "string"
          ? invalidPathSegment("namespace", target.namespace)
          : undefined;
      if (invalid) throw new UsageError(invalid);
    }
    const source = createLiveSource(k, targets, {
      labelSelector: this.flags.selector,
      fieldSelector: this.flags["field-selector"],
      includeObject: !human || sortBy ? "Object" : "Metadata",
      timeoutSeconds: this.flags["watch-timeout-seconds"],
      serverPrint: this.flags["server-print"],
    });
    const labelColumns = sliceValues(this.flags["label-columns"]);
    if (live) {
      const { runLiveView } = await import("../live/index.ts");
      // Colour follows picocolors' rules (NO_COLOR, FORCE_COLOR, a terminal).
      await runLiveView(source, {
        resources: targets.map((t) => t.resource),
        wide: format === "wide",
        withNamespace: this.flags["all-namespaces"],
        showLabels: this.flags["show-labels"],
        labelColumns,
        sortBy,
        stdout: process.stdout,
        stdin: process.stdin,
      });
      return;
    }
    this.exitOnInterrupt();
    const { WatchLinePrinter } = await import("../printers/watch-lines.ts");
    const { printWatch } = await import("../watch/print.ts");
    const output = await this.watchOutput(format, argument);
    const printer = new WatchLinePrinter(
      targets.map((t) => t.resource),
      {
        output,
        watchEvents: this.flags["output-watch-events"],
        showManagedFields: this.flags["show-managed-fields"],
        watchOnly,
        allNamespaces: this.flags["all-namespaces"],
        showKind: this.flags["show-kind"],
        noHeaders: this.flags["no-headers"],
        showLabels: this.flags["show-labels"],
        labelColumns,
        sortBy,
        names: new Map(targets.map((t) => [t.resource.id, t.names])),
      },
    );
    const plurals = new Map(
      resolved.map(({ info }) => [
        kindLabel(info),
        info.group ? `${info.plural}.${info.group}` : info.plural,
      ]),
    );
    const { TemplateOutputError } = await import("../template-output.ts");
    const watching = printWatch(source, printer, {
      write: (text) => this.write(text),
      names: new Map(targets.map((t) => [t.resource.id, t.names])),
      missing: (id, name) =>
        new NotFoundError(404, {
          kind: "Status",
          status: "Failure",
          reason: "NotFound",
          code: 404,
          message: `${plurals.get(id) ?? id} "${name}" not found`,
        }),
      onReconnect: ({ resource, reason, delayMs }) => {
        if (this.flags.v > 0)
          this.logToStderr(`watch of ${resource.id} interrupted (${reason}); resuming in ${delayMs} ms`);
      },
    });
    try {
      await watching;
    } catch (error) {
      if (!(error instanceof TemplateOutputError)) throw error;
      this.write(error.stdout);
      throw new UsageError(error.message);
    }
  }

  /** The printer of `-w`'s non-table lines. */
  private async watchOutput(format: string, argument: string): Promise<WatchOutput> {
    switch (format) {
      case "":
      case "wide":
        return { format: "table", wide: format === "wide" };
      case "name":
      case "json":
      case "yaml":
        return { format };
      case "jsonpath":
      case "jsonpath-file":
      case "jsonpath-as-json":
        return {
          format: "jsonpath",
          path: await jsonPathOf(format, argument),
          asJson: format === "jsonpath-as-json",
          allowMissingKeys: this.flags["allow-missing-template-keys"],
        };
      case "go-template":
      case "go-template-file":
      case "template":
      case "templatefile": {
        const { goTemplatePrinter } = await import("../template-output.ts");
        return {
          format: "go-template",
          print: await goTemplatePrinter(format, argument, this.flags["allow-missing-template-keys"]),
        };
      }
      default:
        return { format: "custom-columns", columns: await customColumnsOf(format, argument) };
    }
  }

  /**
   * kubectl's check of `--sort-by` before it sorts: the path must find something (`null` included) in at
   * least one of the objects sorted together. Other outputs than tables sort kubectl's List (not one
   * object named alone): all its objects. Tables: each table when there are several (one per type or
   * name); a table alone only when it has two rows or more — and there kubectl prints `No resources
   * found` and exits 0 instead of the error, which kr8s reports.
   * @throws {UsageError} `couldn't find any field with path "{.metadata.nope}" in the list of objects`
   */
  private async checkSortField(
    fetched: readonly Fetched[],
    human: boolean,
    single: boolean,
    sortBy: JsonPath,
  ): Promise<void> {
    const { relaxedJsonPath } = await import("@kr8s/core");
    const tables = fetched.flatMap((f) => f.tables.map((table) => table.rows.map((row) => row.object)));
    const objects = fetched.flatMap((f) => f.objects);
    const groups = human
      ? tables.filter((rows) => rows.length > (tables.length > 1 ? 0 : 1))
      : single && objects.length === 1
        ? []
        : [objects].filter((list) => list.length > 0);
    const found = (object: unknown): boolean => sortBy.execute(object).flat().length > 0;
    if (groups.some((group) => !group.some(found)))
      throw new UsageError(
        `couldn't find any field with path ${JSON.stringify(relaxedJsonPath(this.flags["sort-by"] ?? ""))} in the list of objects`,
      );
  }

  /** `--sort-by`'s path, compiled (kubectl's relaxed form: `.metadata.name`, `{.metadata.name}`…). */
  private async sortPath(): Promise<JsonPath | undefined> {
    const sortBy = this.flags["sort-by"];
    if (!sortBy) return undefined;
    const { compileJsonPath } = await import("@kr8s/core");
    const { kubectlRelaxedPath } = await import("../relaxed-path.ts");
    return compileJsonPath(kubectlRelaxedPath(sortBy));
  }

  /**
   * The printer of every output but the tables: json, yaml, name, jsonpath and custom columns, given the
   * fetched objects. One object alone when one was named (kubectl's "single item implied"), else kubectl's
   * `List` of every object.
   */
  private async objectPrinter(
    output: string,
  ): Promise<(fetched: readonly Fetched[], single: boolean, sortBy: JsonPath | undefined) => string> {
    const { format, argument } = outputFormat(output, this.flags.template);
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
            .map(
              ({ object, info }) => `${kindLabel(objectKind(object, info))}/${object.metadata?.name ?? ""}\n`,
            )
            .join("");
      case "json":
      case "yaml": {
        const { formatGoJson } = await import("../printers/go-json.ts");
        const { formatGoYaml } = await import("../printers/go-yaml.ts");
        const print = format === "json" ? formatGoJson : formatGoYaml;
        return (fetched, single, sortBy) => {
          const listed = listOf(fetched, sortBy);
          // kubectl's json and yaml printers hide managedFields unless asked (--show-managed-fields).
          if (!this.flags["show-managed-fields"])
            for (const { object } of listed) if (object.metadata) delete object.metadata.managedFields;
          return print(document(listed, single));
        };
      }
      case "jsonpath":
      case "jsonpath-file":
      case "jsonpath-as-json": {
        const path = await jsonPathOf(format, argument);
        // kubectl's flag applies to JSONPath too: a missing key is then an error, not an empty result.
        const run = { allowMissingKeys: this.flags["allow-missing-template-keys"] };
        return (fetched, single, sortBy) => {
          const data = document(listOf(fetched, sortBy), single);
          return format === "jsonpath-as-json" ? path.printJSON(data, run) : path.print(data, run);
        };
      }
      case "go-template":
      case "go-template-file":
      case "template":
      case "templatefile": {
        const { goTemplatePrinter, TemplateOutputError } = await import("../template-output.ts");
        const print = await goTemplatePrinter(format, argument, this.flags["allow-missing-template-keys"]);
        return (fetched, single, sortBy) => {
          try {
            // Like kubectl's, the template sees managedFields (only -o json and yaml hide them).
            return print(document(listOf(fetched, sortBy), single));
          } catch (error) {
            if (!(error instanceof TemplateOutputError)) throw error;
            // kubectl writes the partial output and its debugging text before the error line.
            this.write(error.stdout);
            throw new UsageError(error.message);
          }
        };
      }
      default: {
        const { formatCustomColumns } = await import("../printers/custom-columns.ts");
        const columns = await customColumnsOf(format, argument);
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

/** A resource's identity as kubectl compares mappings: its group, version and plural. */
function resourceKey(info: KindInfo): string {
  return `${info.apiVersion}/${info.plural}`;
}

/** Errors in the order of their places in the manifests (a stable sort: ties keep their order). */
function byPosition(errors: readonly FetchError[]): FetchError[] {
  return [...errors].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
}

/** The kind an object says it is (a subresource answers with its own: a Scale), for `-o name`. */
function objectKind(object: KubeObject, info: KindInfo): KindInfo {
  const apiVersion = object.apiVersion ?? info.apiVersion;
  const slash = apiVersion.lastIndexOf("/");
  return { ...info, kind: object.kind ?? info.kind, group: slash < 0 ? "" : apiVersion.slice(0, slash) };
}

/** The template of `-o jsonpath=…`, `jsonpath-as-json=…` or `jsonpath-file=FILE`, compiled. */
async function jsonPathOf(format: string, argument: string): Promise<JsonPath> {
  if (argument === "") throw new UsageError("template format specified but no template given");
  const { compileJsonPath } = await import("@kr8s/core");
  const { readTemplateFile } = await import("../template-output.ts");
  return compileJsonPath(format === "jsonpath-file" ? await readTemplateFile(argument) : argument);
}

/** The columns of `-o custom-columns=…` or `custom-columns-file=FILE`, their paths compiled. */
async function customColumnsOf(
  format: string,
  argument: string,
): Promise<{ header: string; path: JsonPath }[]> {
  const { compileJsonPath } = await import("@kr8s/core");
  const { kubectlRelaxedPath } = await import("../relaxed-path.ts");
  const { readCustomColumnsFile } = await import("../template-output.ts");
  const { parseCustomColumns, parseCustomColumnsFile } = await import("../printers/custom-columns.ts");
  const specs =
    format === "custom-columns-file"
      ? parseCustomColumnsFile(await readCustomColumnsFile(argument))
      : parseCustomColumns(argument);
  return specs.map(({ header, rawPath }) => ({ header, path: compileJsonPath(kubectlRelaxedPath(rawPath)) }));
}

/**
 * The watches of `get -w`: one per type, in the order asked for (a type named twice, or its objects
 * named in several places, is watched once with all its names).
 */
function watchTargets(
  resolved: readonly Target[],
  namespaceOf: (target: Target) => NamespaceOption,
): WatchTarget[] {
  const byId = new Map<string, WatchTarget & { names: string[] }>();
  for (const target of resolved) {
    const id = kindLabel(target.info);
    const existing = byId.get(id);
    if (existing) {
      for (const name of target.names) if (!existing.names.includes(name)) existing.names.push(name);
      continue;
    }
    byId.set(id, {
      resource: { id, kind: target.info.kind, namespaced: target.info.namespaced },
      kind: exactSpelling({ ...target.info, name: target.info.plural }),
      namespace: namespaceOf(target),
      names: [...target.names],
    });
  }
  return [...byId.values()];
}
