import { Args, Flags } from "@oclif/core";
import type { Api, APIObject, GetOptions, KindInfo, KubeObject, NamespaceOption } from "@kr8s/core";
import { Kr8sCommand } from "../base-command.ts";
import { UsageError } from "../errors.ts";
import {
  checkPrinterFormat,
  OBJECT_FORMATS,
  formatName,
  listFlags,
  objectOutputFlag,
  showManagedFieldsFlag,
  stringSlice,
  templateFlags,
  kustomizeFlag,
  refuseKustomize,
  sliceValues,
} from "../flags.ts";
import { goDurationError, parseGoDuration } from "../go-duration.ts";
import { EMPTY_NAME, parseResourceArgs, refuseNamesWithSelector } from "../resource-args.ts";
import {
  fromManifests,
  kindLabel,
  missingNamespace,
  refuseNamesAcrossNamespaces,
  resolveRequests,
  type Target,
  withTypeMeta,
} from "../resource-targets.ts";
import type { CompletionSpec } from "../completion/spec.ts";

/** How often kubectl lists again while waiting for a selector to match something (`--for=create`). */
const CREATE_POLL_MS = 500;

/** kubectl's `--timeout` for a negative value: a week. */
const WEEK_MS = 168 * 3_600_000;

/** One object to wait for: its kind, name and namespace (it may not exist yet with `--for=create`). */
interface WaitTarget {
  info: KindInfo;
  name: string;
  namespace: string | undefined;
  /** The object as fetched; undefined when it does not exist (yet). */
  object: KubeObject | undefined;
  /**
   * Why it cannot be waited for (it does not exist; `-f` read it from another namespace than `-n`'s):
   * reported in its turn, as kubectl does.
   */
  missing?: Error;
  /**
   * `-f` only: the missing object's error comes after every other failure, as kubectl's resource builder
   * reports what it could not read (bare, like the rest, when there are several).
   */
  missingLast?: boolean;
}

export default class Wait extends Kr8sCommand<typeof Wait> {
  static override args = {
    resources: Args.string({
      description: "TYPE/NAME…, TYPE NAME…, or TYPE with --all or -l",
    }),
  };
  static completion: CompletionSpec = {
    args: { source: "resources" },
    flagValues: { output: OBJECT_FORMATS },
  };
  static override description = `Wait for a specific condition on one or many resources, then print TYPE/NAME condition met for each, or the object in the -o format (in order; the --timeout is shared by all of them). Each object gets its turn; those that fail are reported together at the end, one line each.

--for takes one of: condition=Type (condition=Type=value; value true by default, compared case-insensitively), delete (the object is gone, or replaced by another of the same name), create (the object exists), jsonpath='{.path}'=value (or jsonpath='{.path}' for the field to exist). The wait watches the objects (no polling).

--timeout is a duration as kubectl takes it (30s, 5m, 1h30m; default 30s): 0 checks once and does not wait, a negative value waits for a week. On timeout it prints "error: timed out waiting for the condition on pods/web" and exits 1.`;
  static override examples = [
    "<%= config.bin %> <%= command.id %> --for=condition=Ready pod/web",
    "<%= config.bin %> <%= command.id %> --for=condition=Available=true deployment/web --timeout=2m",
    "<%= config.bin %> <%= command.id %> --for=jsonpath='{.status.phase}'=Running pod/web",
    "<%= config.bin %> <%= command.id %> --for=delete pod/web --timeout=60s",
    "<%= config.bin %> <%= command.id %> --for=create secret/token",
    "<%= config.bin %> <%= command.id %> --for=condition=Ready pods --all",
    "<%= config.bin %> <%= command.id %> --for=condition=Ready pods -l app=web",
  ];
  static override flags = {
    ...listFlags,
    all: Flags.boolean({
      description: "Select all resources in the namespace of the specified resource types",
    }),
    filename: Flags.string({
      char: "f",
      description:
        "Files, directories (their .json, .yaml and .yml files), http(s) URLs or - for stdin (comma-separated or repeated), naming the objects to wait for.",
      ...stringSlice,
    }),
    for: Flags.string({
      description:
        "The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]. The default condition-value is true. Condition values are compared case-insensitively.",
      default: "",
    }),
    output: objectOutputFlag,
    "show-managed-fields": showManagedFieldsFlag,
    kustomize: kustomizeFlag,
    recursive: Flags.boolean({
      char: "R",
      description: "Process the directory used in -f, --filename recursively.",
    }),
    ...templateFlags,
    timeout: Flags.string({
      description:
        "The length of time to wait before giving up. Zero means check once and don't wait, negative means wait for a week.",
      default: "30s",
    }),
  };
  static override strict = false;
  static override summary = "Wait for a specific condition on one or many resources.";

  async run(): Promise<void> {
    refuseKustomize(this.flags.kustomize, "wait");
    const bin = this.config.bin;
    const flags = this.flags;
    const timeoutMs = parseGoDuration(flags.timeout);
    if (timeoutMs === undefined)
      throw new UsageError(
        `invalid argument ${JSON.stringify(flags.timeout)} for "--timeout" flag: ${goDurationError(flags.timeout)}`,
        { details: [`See '${bin} wait --help' for usage.`] },
      );
    const condition = await kubectlCondition(flags.for);
    // A bad -o or template fails before anything is fetched, as kubectl's printer flags do.
    const print = await this.#printer();
    const timeout = timeoutMs < 0 ? WEEK_MS : timeoutMs;
    const deadline = Date.now() + timeout;
    this.exitOnInterrupt();
    const files = sliceValues(flags.filename);
    if (this.positionals.length === 0 && files.length === 0)
      throw new UsageError("You must provide one or more resources by argument or filename.", {
        details: [
          "Example resource specifications include:",
          "   '-f rsrc.yaml'",
          "   '--filename=rsrc.json'",
          "   '<resource> <name>'",
          "   '<resource>'",
        ],
      });
    const k = await this.api();
    const kind = condition.split("=")[0]?.toLowerCase();
    let targets = await this.targets(k, files, kind === "delete");
    // --for=create with a selector: kubectl lists again every 500 ms until something matches (its own
    // poll; names are watched by core's wait below instead).
    while (kind === "create" && targets.length === 0) {
      if (Date.now() + CREATE_POLL_MS > deadline) throw new UsageError("timed out waiting for the condition");
      await new Promise((resolve) => setTimeout(resolve, CREATE_POLL_MS));
      targets = await this.targets(k, files, false);
    }
    if (targets.length === 0) {
      if (kind === "delete") return;
      throw new UsageError("no matching resources found");
    }
    // kubectl's --for=create reads every object first: an object it refuses (`-f`, another namespace than
    // -n's) fails the whole wait before anything is printed.
    const refused = targets.flatMap((target) => (target.missing ? [target.missing] : []));
    if (kind === "create" && refused.length > 0) return this.#report(refused);
    const { objectFromSpec, APITimeoutError } = await import("@kr8s/core");
    // Like kubectl, every object gets its turn; the failures are reported together at the end.
    const failures: Error[] = [];
    const unread: Error[] = [];
    for (const target of targets) {
      if (target.missing) {
        (target.missingLast ? unread : failures).push(target.missing);
        continue;
      }
      if (kind === "delete" && target.object === undefined) continue;
      const object: APIObject = objectFromSpec(
        target.object ?? {
          apiVersion: target.info.apiVersion,
          kind: target.info.kind,
          metadata: { name: target.name, ...(target.namespace ? { namespace: target.namespace } : {}) },
        },
        { api: k },
      );
      try {
        // Past the deadline the rest are checked once (kubectl reports them as timed out unchecked).
        await object.wait(condition, { timeout: Math.max(0, deadline - Date.now()) });
      } catch (error) {
        if (!(error instanceof APITimeoutError)) throw await kubectlWaitError(error);
        const on = `${target.info.plural}/${target.name}`;
        if (kind === "create") throw new UsageError("timed out waiting for the condition");
        failures.push(
          new UsageError(
            timeout === 0 ? `condition not met for ${on}` : `timed out waiting for the condition on ${on}`,
          ),
        );
        continue;
      }
      // An object seen in a list or a watch may lack its kind.
      print(target.info, { apiVersion: target.info.apiVersion, kind: target.info.kind, ...object.raw });
    }
    // Among the wait's own failures, the builder's (`-f` objects it could not read) are one more entry.
    if (failures.length > 0 && unread.length > 0) {
      const { goAggregateText } = await import("../printers/kube-error.ts");
      failures.push(new UsageError(goAggregateText(unread.map((error) => error.message))));
    } else failures.push(...unread);
    await this.#report(failures);
  }

  /**
   * kubectl's report of the objects that failed: one failure as any error (`error: timed out…`), several
   * as one line each without the `error: ` prefix (its aggregate error), exit 1.
   */
  async #report(failures: readonly Error[]): Promise<void> {
    const [first] = failures;
    if (first === undefined) return;
    if (failures.length === 1) throw first;
    const { Kr8sError } = await import("@kr8s/core");
    const { kubectlErrorLine } = await import("../printers/kube-error.ts");
    for (const failure of failures) {
      const line = failure instanceof Kr8sError ? kubectlErrorLine(failure) : failure.message;
      process.stderr.write(`${line.replace(/^error: /, "")}\n`);
    }
    this.exit(1);
  }

  /**
   * How an object that met the condition is printed: kubectl's `TYPE/NAME condition met`, or in the `-o`
   * format (`name`: `TYPE/NAME`; `json` and `yaml` as `get` prints an object, YAML documents separated by
   * `---`; JSONPath and Go templates on the object).
   */
  async #printer(): Promise<(info: KindInfo, object: KubeObject) => void> {
    const { template } = this.flags;
    // A --template without -o means -o go-template (cli-runtime's PrintFlags).
    const output = this.flags.output ?? (template ? "go-template" : undefined);
    const label = (info: KindInfo, object: KubeObject): string =>
      `${kindLabel(info)}/${object.metadata?.name ?? ""}`;
    if (output === undefined) return (info, object) => this.write(`${label(info, object)} condition met\n`);
    checkPrinterFormat(output, template);
    const format = formatName(output, template);
    if (format === "name") return (info, object) => this.write(`${label(info, object)}\n`);
    if (format === "json" || format === "yaml") {
      const { formatGoJson } = await import("../printers/go-json.ts");
      const { formatGoYaml } = await import("../printers/go-yaml.ts");
      let printed = 0;
      return (_info, object) => {
        // kubectl's json and yaml printers hide managedFields unless asked (--show-managed-fields).
        const { managedFields: _, ...metadata } = object.metadata ?? {};
        const shown = this.flags["show-managed-fields"] ? object : { ...object, metadata };
        const separator = format === "yaml" && printed++ > 0 ? "---\n" : "";
        this.write(separator + (format === "json" ? formatGoJson(shown) : formatGoYaml(shown)));
      };
    }
    const { objectPrinter } = await import("../object-output.ts");
    const print = await objectPrinter(output, {
      name: "",
      template,
      allowMissingKeys: this.flags["allow-missing-template-keys"],
      write: (text) => this.write(text),
    });
    return (_info, object) => print(object);
  }

  /**
   * The objects named by the arguments or files, in order, fetched (kubectl's resource builder). A named
   * object that does not exist is the server's NotFound, except with `--for=delete` (already gone) and
   * `--for=create` (waited for).
   */
  private async targets(k: Api, files: readonly string[], forDelete: boolean): Promise<WaitTarget[]> {
    const flags = this.flags;
    const selecting = flags.all || flags.selector !== undefined || flags["field-selector"] !== undefined;
    let resolved: Target[];
    if (files.length > 0) {
      if (this.positionals.length > 0)
        throw new UsageError(
          "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well",
        );
      const { readManifests } = await import("../manifests.ts");
      resolved = await fromManifests(
        k,
        (await readManifests(files, { recursive: flags.recursive })).objects,
        {
          explicitNamespace: flags.namespace,
          allNamespaces: flags["all-namespaces"],
        },
      );
    } else {
      const requests = parseResourceArgs(this.positionals);
      if (!selecting && requests.some((r) => r.names.length === 0))
        throw new UsageError("resource(s) were provided, but no name was specified");
      // Not for --all, which kubectl ignores beside names.
      refuseNamesWithSelector(this.positionals, requests, Boolean(flags.selector || flags["field-selector"]));
      // Categories (`all`) expand as in get and describe.
      resolved = await resolveRequests(k, requests);
      refuseNamesAcrossNamespaces(flags["all-namespaces"], resolved);
    }
    const { ALL, NotFoundError } = await import("@kr8s/core");
    const found: WaitTarget[] = [];
    const fromFiles = files.length > 0;
    for (const { info, names, namespace: own, wrongNamespace } of resolved) {
      const namespace = info.namespaced ? (own ?? k.namespace) : undefined;
      if (names.length === 0) {
        const options: GetOptions & { raw: true } = {
          raw: true,
          namespace: (flags["all-namespaces"] ? ALL : namespace) as NamespaceOption | undefined,
          ...(flags.selector === undefined ? {} : { labelSelector: flags.selector }),
          ...(flags["field-selector"] === undefined ? {} : { fieldSelector: flags["field-selector"] }),
        };
        const listed = await k.get(spelling(info), options);
        for (const item of listed) {
          const object = withTypeMeta(item, info);
          found.push({
            info,
            name: object.metadata?.name ?? "",
            namespace: object.metadata?.namespace,
            object,
          });
        }
        continue;
      }
      for (const name of names) {
        // client-go refuses the request itself; kubectl reports it in its turn.
        if (name === "") {
          found.push({ info, name, namespace, object: undefined, missing: new UsageError(EMPTY_NAME) });
          continue;
        }
        try {
          const [object] = await k.get(spelling(info), name, {
            raw: true,
            ...(namespace ? { namespace } : {}),
          });
          // Read, then refused in its turn (cli-runtime's builder checks the namespace of what it read).
          if (wrongNamespace !== undefined)
            found.push({ info, name, namespace, object, missing: new UsageError(wrongNamespace) });
          else found.push({ info, name, namespace, object });
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          if (forDelete) continue;
          const missing = fromFiles
            ? { missing: await missingNamespace(k, info, namespace ?? "", error), missingLast: true }
            : { missing: error };
          found.push({
            info,
            name,
            namespace,
            object: undefined,
            ...(flags.for.toLowerCase() === "create" ? {} : missing),
          });
        }
      }
    }
    return found;
  }
}

/**
 * `--for` checked as kubectl checks it (its words for a bad condition), rewritten into the form core's
 * `wait` takes: `jsonpath=` gets its relaxed `{…}` template.
 * @throws {UsageError} kubectl's messages: `unrecognized condition: "x"`, a jsonpath without a value after
 * `=`, or a path kubectl would not take.
 */
async function kubectlCondition(text: string): Promise<string> {
  const lower = text.toLowerCase();
  if (lower === "delete" || lower === "create" || text.startsWith("condition=")) return text;
  if (!text.startsWith("jsonpath=")) throw new UsageError(`unrecognized condition: ${JSON.stringify(text)}`);
  const parts = splitOnSingleEquals(text.slice("jsonpath=".length));
  if (parts.length > 2)
    throw new UsageError(
      "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'",
    );
  const { compileJsonPath } = await import("@kr8s/core");
  const { kubectlRelaxedPath } = await import("../relaxed-path.ts");
  const template = kubectlRelaxedPath(parts[0] ?? "");
  if (template === "") throw new UsageError("jsonpath expression cannot be empty");
  compileJsonPath(template);
  if (parts.length === 1) return `jsonpath=${template}`;
  const value = (parts[1] ?? "").replace(/^['"]+|['"]+$/g, "");
  if (value === "")
    throw new UsageError(
      "jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3",
    );
  return `jsonpath=${template}=${value}`;
}

/** kubectl's `splitJSONPathInput`: splits on each single `=`; `==` stays in the text. */
function splitOnSingleEquals(input: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== "=") current += input[i];
    else if (input[i + 1] === "=") {
      current += "==";
      i++;
    } else {
      parts.push(current);
      current = "";
    }
  }
  parts.push(current);
  return parts;
}

/** The kind's exact spelling (`deployments.apps/v1`, `pods/v1`): no second discovery lookup can differ. */
function spelling(info: KindInfo): string {
  return info.group ? `${info.plural}.${info.group}/${info.version}` : `${info.plural}/${info.version}`;
}

/**
 * kubectl's words for a JSONPath condition core refuses: one that leads to a map or list when a value is
 * to be compared, or that matches more than one value.
 */
async function kubectlWaitError(error: unknown): Promise<unknown> {
  const { InvalidArgumentError } = await import("@kr8s/core");
  if (!(error instanceof InvalidArgumentError)) return error;
  if (error.message.includes("nested object or list"))
    return new UsageError("jsonpath leads to a nested object or list which is not supported");
  if (error.message.endsWith("matches more than one value"))
    return new UsageError("given jsonpath expression matches more than one value");
  return error;
}
