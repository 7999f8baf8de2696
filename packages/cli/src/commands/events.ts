import { Flags } from "@oclif/core";
import type { Api, NamespaceOption } from "@kr8s/core";
import { Kr8sCommand } from "../base-command.ts";
import { UsageError } from "../errors.ts";
import {
  checkPrinterFormat,
  formatName,
  OBJECT_FORMATS,
  chunkSizeFlag,
  objectOutputFlag,
  showManagedFieldsFlag,
  stringSlice,
  templateFlags,
  sliceValues,
} from "../flags.ts";
import type { CoreEvent } from "../printers/events.ts";
import { withoutManagedFields } from "../printers/managed-fields.ts";
import { parseGroupResource } from "../resource-targets.ts";
import type { CompletionSpec } from "../completion/spec.ts";

interface EventList {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: CoreEvent[];
}

/** kubectl's page size for lists. */

export default class Events extends Kr8sCommand<typeof Events> {
  static completion: CompletionSpec = {
    flagValues: { output: OBJECT_FORMATS },
    objectFlags: ["for"],
  };
  static override description =
    "Display events, oldest first: the namespace's (-n, else the context's), every namespace's (-A), or one object's (--for kind/name). -w keeps printing new events as they happen.";
  static override examples = [
    "<%= config.bin %> <%= command.id %>",
    "<%= config.bin %> <%= command.id %> --all-namespaces",
    "<%= config.bin %> <%= command.id %> --for pod/web-pod-13je7 --watch",
    "<%= config.bin %> <%= command.id %> --types=Warning,Normal",
    "<%= config.bin %> <%= command.id %> -o yaml",
    `<%= config.bin %> <%= command.id %> -o go-template='{{range .items}}{{.reason}}{{"\\n"}}{{end}}'`,
  ];
  static override flags = {
    "all-namespaces": Flags.boolean({
      char: "A",
      description: "If present, list the requested object(s) across all namespaces.",
    }),
    for: Flags.string({
      description: "Filter events to only those pertaining to the specified resource (kind/name).",
    }),
    "no-headers": Flags.boolean({
      description: "When using the default output format, don't print headers.",
    }),
    output: objectOutputFlag,
    "show-managed-fields": showManagedFieldsFlag,
    "chunk-size": chunkSizeFlag,
    ...templateFlags,
    types: Flags.string({
      description: "Output only events of given types (Normal, Warning; comma-separated).",
      ...stringSlice,
    }),
    watch: Flags.boolean({
      char: "w",
      description: "After listing the requested events, watch for more events.",
    }),
  };
  // kubectl ignores arguments this command does not take.
  static override strict = false;
  static override summary = "List events.";

  async run(): Promise<void> {
    const flags = this.flags;
    // Unlike get's, kubectl's events ignores --template without -o.
    const output = flags.output;
    checkPrinterFormat(output, flags.template);
    // A bad template fails before anything is fetched, as kubectl's printer flags do.
    const print = output
      ? await (
          await import("../object-output.ts")
        ).objectPrinter(output, {
          // kubectl's name printer prints nothing for the EventList of `events`.
          name: "",
          template: flags.template,
          allowMissingKeys: flags["allow-missing-template-keys"],
          write: (text) => process.stdout.write(text),
        })
      : undefined;
    // `--types=` is none, `--types=Warning,` names an empty type (refused, as in kubectl).
    const types = sliceValues(flags.types);
    const wanted = (e: CoreEvent): boolean =>
      types.length === 0 || types.some((t) => t.toLowerCase() === (e.type ?? "").toLowerCase());
    const k = await this.api();
    // kubectl reads --for (Complete) before it checks --types (Validate).
    const fieldSelector = flags.for ? await this.#forSelector(k, flags.for) : undefined;
    if (types.some((t) => !["normal", "warning"].includes(t.toLowerCase()))) {
      throw new UsageError("valid --types are Normal or Warning");
    }
    const allNamespaces = flags["all-namespaces"];
    const namespace = allNamespaces ? undefined : k.namespace;
    // The path is built here: refuse what client-go refuses to put in one, as kubectl does.
    const { invalidPathSegment } = await import("@kr8s/core");
    const invalid = namespace === undefined ? undefined : invalidPathSegment("namespace", namespace);
    if (invalid !== undefined) throw new UsageError(invalid);
    const path =
      namespace === undefined
        ? "/api/v1/events"
        : `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`;

    const { list, resourceVersion } = await listEvents(k, path, fieldSelector, flags["chunk-size"]);
    if (flags.watch) {
      this.exitOnInterrupt();
      // kubectl's watch starts with the current events (by name, unsorted) and prints each one, and each
      // later one, as it comes: a table row, or the event alone in the -o format.
      return this.#watch(k, {
        namespace,
        fieldSelector,
        resourceVersion,
        wanted,
        current: list.filter(wanted),
        show: print
          ? eventPrinter(flags.output ?? "", print, flags["show-managed-fields"])
          : await tableLines(allNamespaces, !flags["no-headers"]),
      });
    }
    const { sortEvents } = await import("../printers/events.ts");
    const events = sortEvents(list.filter(wanted));
    if (events.length === 0) {
      // Whatever the output format, as kubectl does.
      process.stderr.write(
        allNamespaces ? "No events found.\n" : `No events found in ${namespace ?? ""} namespace.\n`,
      );
    } else if (print) {
      const items = events.map((e) => shownEvent(e, flags.output ?? "", flags["show-managed-fields"]));
      print({ kind: "EventList", apiVersion: "v1", metadata: {}, items });
    } else {
      const { formatEvents } = await import("../printers/events.ts");
      process.stdout.write(
        formatEvents(events, { allNamespaces, now: Date.now(), headers: !flags["no-headers"] }),
      );
    }
  }

  /**
   * kubectl's `--for` (events.go `decodeResourceTypeName`): `resource/name`, the resource lower-cased, as a
   * field selector on the object's kind, apiVersion and name; an empty name selects every event, as in
   * kubectl. Refused in kubectl's words: no slash, two slashes, no resource, a resource the server lacks
   * (that one printed bare, as kubectl prints a mapper's no-match).
   */
  async #forSelector(k: Api, target: string): Promise<string | undefined> {
    const parts = target.split("/");
    if (parts.length === 1) throw new UsageError("--for must be in resource/name form");
    if (parts.length > 2)
      throw new UsageError("arguments in resource/name form may not have more than one slash");
    const [resource = "", name = ""] = parts;
    if (resource === "") throw new UsageError("a resource must be present, got: /, Resource=");
    const { UnknownKindError } = await import("@kr8s/core");
    const spelling = resource.toLowerCase();
    const { resource: plural, group } = parseGroupResource(spelling);
    const info = await k.lookupKind(group === "" ? plural : spelling).catch((error: unknown) => {
      if (!(error instanceof UnknownKindError)) throw error;
      // A mapper's NoResourceMatchError as kubectl's CheckErr prints it.
      const inGroup = group === "" ? "" : ` in group ${JSON.stringify(group)}`;
      process.stderr.write(`the server doesn't have a resource type ${JSON.stringify(plural)}${inGroup}\n`);
      return this.exit(1);
    });
    if (name === "") return undefined;
    const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    return `involvedObject.kind=${info.kind},involvedObject.apiVersion=${apiVersion},involvedObject.name=${name}`;
  }

  /**
   * `events -w` as kubectl prints it: the current events in the server's order (kubectl's watch starts
   * with them, by name, unsorted), then new and changed ones, from where the list ended, until
   * interrupted, each through `show`.
   */
  async #watch(
    k: Api,
    options: {
      namespace: string | undefined;
      fieldSelector: string | undefined;
      resourceVersion: string | undefined;
      wanted: (e: CoreEvent) => boolean;
      /** The events the watch starts with. */
      current: readonly CoreEvent[];
      show: (event: CoreEvent) => void;
    },
  ): Promise<void> {
    const { ALL }: { ALL: NamespaceOption } = await import("@kr8s/core");
    const { show } = options;
    for (const event of options.current) show(event);
    const stream = k.watch("events", {
      raw: true,
      namespace: options.namespace ?? ALL,
      ...(options.fieldSelector ? { fieldSelector: options.fieldSelector } : {}),
      ...(options.resourceVersion ? { resourceVersion: options.resourceVersion } : {}),
    });
    for await (const change of stream) {
      // kubectl leaves out deletions (events expire after an hour).
      if (change.type !== "ADDED" && change.type !== "MODIFIED") continue;
      const event = change.object as unknown as CoreEvent;
      if (options.wanted(event)) show(event);
    }
  }
}

/**
 * How `events -w -o FORMAT` prints each event, as kubectl's printer prints one Event: `name` as
 * `event/NAME`, `json` and `yaml` as the object (YAML documents after the first preceded by `---`, as
 * kubectl's YAML printer counts them), JSONPath and Go templates on the object.
 */
function eventPrinter(
  output: string,
  print: (value: unknown) => void,
  showManagedFields: boolean,
): (e: CoreEvent) => void {
  const format = formatName(output);
  if (format === "name") return (event) => process.stdout.write(`event/${event.metadata.name ?? ""}\n`);
  let printed = 0;
  return (event) => {
    if (format === "yaml" && printed++ > 0) process.stdout.write("---\n");
    print(shownEvent(event, output, showManagedFields));
  };
}

/**
 * `events -w`'s table lines: each event is one flush of kubectl's tab writer, which remembers column
 * widths: a line keeps the widths of the lines before it and widens a column for a wider cell (lines
 * before it stay as they were). The header comes with the first event.
 */
async function tableLines(allNamespaces: boolean, headers: boolean): Promise<(event: CoreEvent) => void> {
  const { eventHeader, eventRows } = await import("../printers/events.ts");
  const { formatTable } = await import("../printers/table.ts");
  const widths: number[] = [];
  let header = headers;
  return (event) => {
    const rows = eventRows([event], { allNamespaces, now: Date.now() });
    if (header) rows.unshift(eventHeader(allNamespaces));
    header = false;
    process.stdout.write(formatTable(rows, undefined, widths));
  };
}

/**
 * An event as kubectl's printers see it: with its kind and apiVersion (a list's items come without), and
 * without `metadata.managedFields` for `-o json|yaml` (kubectl hides them there; JSONPath and templates
 * see them).
 */
function shownEvent(event: CoreEvent, output: string, showManagedFields: boolean): CoreEvent {
  const format = formatName(output);
  const typed = { kind: "Event", apiVersion: "v1", ...event };
  return (format === "json" || format === "yaml") && !showManagedFields ? withoutManagedFields(typed) : typed;
}

/** Every page of the list, and the resourceVersion a watch continues from. */
async function listEvents(
  k: Api,
  path: string,
  fieldSelector: string | undefined,
  chunkSize: number,
): Promise<{ list: CoreEvent[]; resourceVersion: string | undefined }> {
  const list: CoreEvent[] = [];
  let token: string | undefined;
  let resourceVersion: string | undefined;
  do {
    const page = await k.request<EventList>({
      path,
      query: {
        ...(chunkSize > 0 ? { limit: String(chunkSize) } : {}),
        ...(fieldSelector ? { fieldSelector } : {}),
        ...(token ? { continue: token } : {}),
      },
    });
    list.push(...(page.items ?? []));
    token = page.metadata?.continue || undefined;
    resourceVersion = page.metadata?.resourceVersion;
  } while (token);
  return { list, resourceVersion };
}
