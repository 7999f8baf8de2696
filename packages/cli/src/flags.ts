import { Flags } from "@oclif/core";
import { UsageError } from "./errors.ts";
import { parseGoDuration } from "./go-duration.ts";

/**
 * A flag kubectl declares as a pflag `StringArray`: given again for each value, each occurrence taking the one
 * word after it (`--as-group a --as-group b`; never the positional arguments that follow, as oclif's greedy
 * `multiple` would).
 */
export const stringArray = { multiple: true, multipleNonGreedy: true } as const;

/**
 * A pflag `StringSlice`: a {@link stringArray} whose each value is a CSV record of values (`-L app,tier -L
 * env`, `--exec-arg='"a,b",c'`), split as pflag splits it by kubectlArgv (kubectl-argv.ts); the
 * `delimiter` marks the flag for it, oclif's own splitting is turned off (base-command.ts).
 */
export const stringSlice = { ...stringArray, delimiter: "," } as const;

/** A {@link stringSlice}'s values (none when the flag was not given, or only as `''`). */
export function sliceValues(values: readonly string[] | undefined): string[] {
  return values === undefined ? [] : [...values];
}

/** Connection flags every command that talks to a cluster shares (kubectl's global flags). */
export const connectionFlags = {
  kubeconfig: Flags.string({
    description: "Path to the kubeconfig file to use for CLI requests.",
    helpGroup: "GLOBAL",
  }),
  context: Flags.string({ description: "The name of the kubeconfig context to use.", helpGroup: "GLOBAL" }),
  namespace: Flags.string({
    char: "n",
    description: "If present, the namespace scope for this CLI request.",
    helpGroup: "GLOBAL",
  }),
  v: Flags.integer({
    char: "v",
    description: "Log level: 6 and above print every HTTP request (credentials redacted).",
    helpGroup: "GLOBAL",
    default: 0,
  }),
  // --- kubectl's other global flags (client-go clientcmd `RecommendedConfigOverrideFlags`), read by
  // base-command `api()` into core's `overrides`, `impersonate` and `requestTimeoutMs`.
  as: Flags.string({
    description:
      "Username to impersonate for the operation. User could be a regular user or a service account in a namespace.",
    helpGroup: "GLOBAL",
  }),
  "as-group": Flags.string({
    description:
      "Group to impersonate for the operation, this flag can be repeated to specify multiple groups.",
    helpGroup: "GLOBAL",
    ...stringArray,
  }),
  "as-uid": Flags.string({ description: "UID to impersonate for the operation.", helpGroup: "GLOBAL" }),
  "cache-dir": Flags.string({
    description:
      "Default cache directory; kr8s's discovery cache goes in its discovery/ folder (default: $XDG_CACHE_HOME/kr8s, else ~/.cache/kr8s)",
    helpGroup: "GLOBAL",
  }),
  "certificate-authority": Flags.string({
    description: "Path to a cert file for the certificate authority",
    helpGroup: "GLOBAL",
  }),
  "client-certificate": Flags.string({
    description: "Path to a client certificate file for TLS",
    helpGroup: "GLOBAL",
  }),
  "client-key": Flags.string({ description: "Path to a client key file for TLS", helpGroup: "GLOBAL" }),
  cluster: Flags.string({ description: "The name of the kubeconfig cluster to use", helpGroup: "GLOBAL" }),
  // A no-op with a reason: kr8s never asks for compressed responses (no `Accept-Encoding`), which is what
  // the flag asks of kubectl. Accepted so that kubectl command lines run unchanged.
  "disable-compression": Flags.boolean({
    description:
      "If true, opt-out of response compression for all requests to the server (kr8s never asks for compression)",
    helpGroup: "GLOBAL",
  }),
  "insecure-skip-tls-verify": Flags.boolean({
    description:
      "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure",
    helpGroup: "GLOBAL",
  }),
  password: Flags.string({
    description: "Password for basic authentication to the API server",
    helpGroup: "GLOBAL",
  }),
  "request-timeout": Flags.string({
    description:
      "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests.",
    helpGroup: "GLOBAL",
    default: "0",
  }),
  server: Flags.string({
    char: "s",
    description: "The address and port of the Kubernetes API server",
    helpGroup: "GLOBAL",
  }),
  "tls-server-name": Flags.string({
    description:
      "Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used",
    helpGroup: "GLOBAL",
  }),
  token: Flags.string({
    description: "Bearer token for authentication to the API server",
    helpGroup: "GLOBAL",
  }),
  user: Flags.string({ description: "The name of the kubeconfig user to use", helpGroup: "GLOBAL" }),
  username: Flags.string({
    description: "Username for basic authentication to the API server",
    helpGroup: "GLOBAL",
  }),
  "warnings-as-errors": Flags.boolean({
    description: "Treat warnings received from the server as errors and exit with a non-zero exit code",
    helpGroup: "GLOBAL",
  }),
};

/**
 * kubectl's `--request-timeout` value in ms (client-go `clientcmd.ParseTimeout`): a bare non-negative integer
 * is seconds, anything else a Go duration (`1s`, `2m`, `500ms`); `0` or a negative duration means none.
 * @throws {UsageError} kubectl's message for anything else (`abc`, `-1`, `1x`).
 */
export function requestTimeoutMs(value: string): number {
  const ms = /^\+?\d+$/.test(value) ? Number(value) * 1000 : parseGoDuration(value);
  if (ms === undefined || Number.isNaN(ms)) {
    throw new UsageError(
      "Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)",
    );
  }
  return Math.max(ms, 0);
}

/**
 * `-o` of commands that print an object. The value is checked by the command, not the parser, so that a
 * wrong one gets the command's own kubectl message ({@link checkPrinterFormat} or `version`'s).
 */
export const outputFormatFlag = Flags.string({
  char: "o",
  description: "Output format. One of: (json, yaml).",
});

/** Formats every command with `-o` prints. */
export const PRINTER_FORMATS = ["json", "yaml"] as const;

/**
 * The formats of kubectl's printer flags for commands that print one object of their own (`config view`,
 * `events`, `auth whoami`), in kubectl's order (cli-runtime `PrintFlags.AllowedFormats`, sorted).
 * The template ones carry their template after `=` (or in `--template`).
 */
export const OBJECT_FORMATS = [
  "go-template",
  "go-template-file",
  "json",
  "jsonpath",
  "jsonpath-as-json",
  "jsonpath-file",
  "name",
  "template",
  "templatefile",
  "yaml",
] as const;

/** The formats whose argument follows `=` (`jsonpath={.a}`); cli-runtime matches these by exact prefix. */
const FORMATS_WITH_ARGUMENT = new Set([
  "custom-columns",
  "custom-columns-file",
  "go-template",
  "go-template-file",
  "jsonpath",
  "jsonpath-as-json",
  "jsonpath-file",
  "template",
  "templatefile",
]);

/**
 * `-o` as kubectl's printer flags read it: `jsonpath={.a}` → `jsonpath` and its argument `{.a}`; `json`,
 * `yaml` and `name` in any case (cli-runtime lower-cases those three, not `wide` nor the template formats);
 * anything else whole, without an argument, so that `json=x` or `=` matches no printer, as in kubectl.
 * With a `--template` (non-empty) the argument is the template and `-o` is not split: `-o
 * go-template=X --template=Y` matches no printer, as in kubectl (its template printers split `-o` only
 * when no template is given).
 */
export function parseOutput(
  output: string,
  template?: string,
): { format: string; argument: string | undefined } {
  const lower = output.toLowerCase();
  if (lower === "json" || lower === "yaml" || lower === "name") return { format: lower, argument: undefined };
  if (template) return { format: output, argument: template };
  const eq = output.indexOf("=");
  const prefix = output.slice(0, eq);
  return eq >= 0 && FORMATS_WITH_ARGUMENT.has(prefix)
    ? { format: prefix, argument: output.slice(eq + 1) }
    : { format: output, argument: undefined };
}

/** `-o`'s format alone ({@link parseOutput}). */
export function formatName(output: string, template?: string): string {
  return parseOutput(output, template).format;
}

/**
 * kubectl's printer-flags check (`kubectl auth whoami -o xml`): an output format the command cannot print
 * is refused before anything is sent to the server.
 * @throws {UsageError} `unable to match a printer suitable for the output format "xml", allowed formats are: go-template,…,yaml`
 */
export function checkPrinterFormat(output: string | undefined, template?: string): void {
  if (output === undefined || (OBJECT_FORMATS as readonly string[]).includes(formatName(output, template)))
    return;
  throw new UsageError(
    `unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: ${OBJECT_FORMATS.join(",")}`,
  );
}

/** kubectl's `--chunk-size`: lists read in pages of this many objects (0: in one response). */
export const chunkSizeFlag = Flags.integer({
  description: "Return large lists in chunks of this many objects rather than all at once. 0 disables.",
  default: 500,
});

/**
 * kubectl's `-k, --kustomize DIR`. kr8s has no kustomize: the flag is accepted only to be refused with
 * what to do instead (see {@link refuseKustomize}), rather than as an unknown flag.
 */
export const kustomizeFlag = Flags.string({
  char: "k",
  description:
    "Not supported: kr8s has no kustomize. Build the kustomization with kustomize or kubectl and pipe it in: kubectl kustomize DIR | kr8s COMMAND -f -",
});

/**
 * @throws {UsageError} when `-k` was given: kr8s has no kustomize, and says how to feed it a build.
 */
export function refuseKustomize(directory: string | undefined, command: string): void {
  if (directory === undefined) return;
  throw new UsageError(
    `-k (kustomize) is not supported: kr8s has no kustomize. Build it and pipe it in: kubectl kustomize ${directory} | kr8s ${command} -f -`,
  );
}

/** kubectl's `--show-managed-fields` (its json and yaml printers hide `metadata.managedFields` without it). */
export const showManagedFieldsFlag = Flags.boolean({
  description: "If true, keep the managedFields when printing objects in JSON or YAML format.",
});

/** `-o` of the commands that print one object of their own, with kubectl's formats. */
export const objectOutputFlag = Flags.string({
  char: "o",
  description: `Output format. One of: (${OBJECT_FORMATS.join(", ")}). jsonpath=TEMPLATE, jsonpath-file=FILE, jsonpath-as-json=TEMPLATE (kubectl's JSONPath); go-template=TEMPLATE (or template=), go-template-file=FILE (or templatefile=) (Go's text/template).`,
});

/**
 * kubectl's go-template printer flags (cli-runtime `GoTemplatePrintFlags`), for every command with
 * `-o go-template` (`--allow-missing-template-keys=false` is read by the base command, as every boolean's `=false`).
 */
export const templateFlags = {
  "allow-missing-template-keys": Flags.boolean({
    allowNo: true,
    default: true,
    description:
      "If true, ignore any errors in templates when a field or map key is missing in the template (<no value> is printed). Only applies to go-template output formats.",
  }),
  template: Flags.string({
    description:
      "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is Go's text/template.",
  }),
};

/** Flags of commands that list objects (`get`, `describe`, `wait`…): kubectl's namespace and selectors. */
export const listFlags = {
  "all-namespaces": Flags.boolean({
    char: "A",
    description:
      "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.",
  }),
  selector: Flags.string({
    char: "l",
    description:
      "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2)",
  }),
  "field-selector": Flags.string({
    description:
      "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
  }),
};
