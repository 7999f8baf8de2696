import { Args, Flags } from "@oclif/core";
import type { Api, GetOptions, KindInfo, NamespaceOption, KubeObject, ServerError, Table } from "@kr8s/core";
import { Kr8sCommand } from "../base-command.ts";
import { UsageError } from "../errors.ts";
import { listFlags } from "../flags.ts";
import type { ManifestObject } from "../manifests.ts";
import type { ListContext } from "../printers/kube-error.ts";
import { namesSingleObject, parseResourceArgs, type ResourceRequest } from "../resource-args.ts";

/** A refused request, as kubectl reports it after the output. */
interface FetchError {
  reason: string | undefined;
  line: string;
}

/** Formats `get -o` prints. */
const GET_FORMATS = ["json", "name", "wide", "yaml"] as const;

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
      description: `Output format. One of: (${GET_FORMATS.join(", ")}).`,
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
  };
  static override strict = false;
  static override summary = "Display one or many resources.";

  async run(): Promise<void> {
    const output = this.flags.output;
    if (output !== undefined && !(GET_FORMATS as readonly string[]).includes(output)) {
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
        : [];
    const k = await this.api();
    const human = output === undefined || output === "wide";
    const resolved = files.length > 0 ? await fromManifests(k, manifests) : await this.resolve(k, requests);
    const errors: FetchError[] = [];
    const fetched: Fetched[] = [];
    for (const { info, names, namespace } of resolved) {
      fetched.push(await this.fetch(k, info, names, namespace ?? k.namespace, human, errors));
    }
    const shown = this.flags["ignore-not-found"] ? errors.filter((e) => e.reason !== "NotFound") : errors;
    // kubectl's "single item implied": one object named, or one path given without -R.
    const single =
      files.length > 0
        ? files.length === 1 && files[0] !== "-" && !this.flags.recursive
        : namesSingleObject(requests);
    if (human) await this.printTables(fetched, shown.length > 0, k.namespace);
    else if (!(single && shown.length > 0)) await this.printObjects(fetched, output ?? "json", single);
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
    errors: FetchError[],
  ): Promise<Fetched> {
    const { ALL, ServerError } = await import("@kr8s/core");
    const { kubectlErrorLine } = await import("../printers/kube-error.ts");
    const options: GetOptions = {
      namespace: (this.flags["all-namespaces"] ? ALL : namespace) as NamespaceOption,
      ...(this.flags.selector ? { labelSelector: this.flags.selector } : {}),
      ...(this.flags["field-selector"] ? { fieldSelector: this.flags["field-selector"] } : {}),
      ...(this.flags["chunk-size"] > 0 ? { limit: this.flags["chunk-size"] } : {}),
    };
    const kind = exactSpelling({ ...info, name: info.plural });
    const result: Fetched = { info, tables: [], objects: [] };
    const attempts = names.length === 0 ? [undefined] : names;
    for (const name of attempts) {
      try {
        if (human) {
          result.tables.push(...(await k.get(kind, name, { ...options, asTable: true })));
        } else {
          for (const object of await k.get(kind, name, { ...options, raw: true })) {
            object.apiVersion ??= info.apiVersion;
            object.kind ??= info.kind;
            // kubectl hides managedFields unless asked (--show-managed-fields).
            if (object.metadata) delete object.metadata.managedFields;
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
  ): Promise<void> {
    const { formatResourceTable } = await import("../printers/resource-table.ts");
    const found = fetched.filter((f) => f.tables.length > 0);
    const kinds = new Set(found.map((f) => `${f.info.apiVersion}/${f.info.kind}`));
    const withKind = this.flags["show-kind"] || kinds.size > 1;
    let text = "";
    for (const { info, tables } of found) {
      const merged: Table | undefined = tables[0] && {
        ...tables[0],
        rows: tables.flatMap((table) => table.rows),
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
      this.log(text.slice(0, -1));
      return;
    }
    if (hadErrors || this.flags["ignore-not-found"]) return;
    const allNamespaced = !this.flags["all-namespaces"] && found.every((f) => f.info.namespaced);
    this.logToStderr(allNamespaced ? `No resources found in ${namespace} namespace.` : "No resources found");
  }

  /** json, yaml and name: one object alone when one was named, else kubectl's `List` of every object. */
  private async printObjects(fetched: readonly Fetched[], output: string, single: boolean): Promise<void> {
    const objects = fetched.flatMap((f) => f.objects);
    if (output === "name") {
      const lines = fetched.flatMap((f) =>
        f.objects.map((o) => `${kindLabel(f.info)}/${o.metadata?.name ?? ""}`),
      );
      if (lines.length > 0) this.log(lines.join("\n"));
      return;
    }
    const value =
      single && objects.length === 1
        ? objects[0]
        : { apiVersion: "v1", items: objects, kind: "List", metadata: { resourceVersion: "" } };
    if (output === "yaml") {
      const { formatGoYaml } = await import("../printers/go-yaml.ts");
      this.log(formatGoYaml(value).slice(0, -1));
    } else {
      const { formatGoJson } = await import("../printers/go-json.ts");
      this.log(formatGoJson(value).slice(0, -1));
    }
  }
}

/** A spelling that names exactly one served resource: `deployments.v1.apps`, `pods/v1` for the core group. */
function exactSpelling(resource: { name: string; group: string; version: string }): string {
  return resource.group
    ? `${resource.name}.${resource.version}.${resource.group}`
    : `${resource.name}/${resource.version}`;
}

/** kubectl's kind prefix: the Kind lower-cased, with its group (`pod`, `deployment.apps`). */
function kindLabel(info: KindInfo): string {
  const kind = info.kind.toLowerCase();
  return info.group ? `${kind}.${info.group}` : kind;
}

/**
 * The kind of a request, with kubectl's wording when the cluster does not serve it (without kr8s's
 * suggestions, so that scripts matching kubectl's message keep working).
 * @throws {UsageError} `the server doesn't have a resource type "bogus"`
 */
async function lookupKind(k: Api, type: string): Promise<KindInfo> {
  const { UnknownKindError } = await import("@kr8s/core");
  try {
    return await k.lookupKind(type);
  } catch (error) {
    if (error instanceof UnknownKindError)
      throw new UsageError(`the server doesn't have a resource type ${JSON.stringify(error.kind)}`);
    throw error;
  }
}

/** A type to fetch: its kind, the names asked for (none: all), and the namespace when not the client's. */
interface Target {
  info: KindInfo;
  names: string[];
  namespace?: string | undefined;
}

/**
 * The objects named by manifests (`-f`): each one's kind from its apiVersion and kind, its namespace from
 * its metadata (else the client's); consecutive objects of one kind and namespace share a table.
 */
async function fromManifests(k: Api, manifests: readonly ManifestObject[]): Promise<Target[]> {
  const targets: Target[] = [];
  for (const { object } of manifests) {
    const apiVersion = object.apiVersion ?? "";
    const slash = apiVersion.lastIndexOf("/");
    const group = slash < 0 ? "" : apiVersion.slice(0, slash);
    const version = apiVersion.slice(slash + 1);
    const kind = object.kind ?? "";
    const info = await lookupKind(k, group ? `${kind}.${group}/${version}` : `${kind}/${version}`);
    const namespace = info.namespaced ? (object.metadata?.namespace ?? k.namespace) : undefined;
    const name = object.metadata?.name ?? "";
    const last = targets.at(-1);
    if (
      last &&
      last.info.plural === info.plural &&
      last.info.group === info.group &&
      last.namespace === namespace
    )
      last.names.push(name);
    else targets.push({ info, names: [name], namespace });
  }
  return targets;
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
