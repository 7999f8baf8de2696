import { Flags } from "@oclif/core";
import { Kr8sCommand } from "../../base-command.ts";
import { UsageError } from "../../errors.ts";
import { OBJECT_FORMATS, parseOutput, showManagedFieldsFlag, templateFlags } from "../../flags.ts";
import { kubeConfigError, openKubeConfig } from "../../kubeconfig-editor.ts";
import type { CompletionSpec } from "../../completion/spec.ts";
import { unexpectedArguments } from "../../wrong-args.ts";

/** Formats `config view -o` prints: kubectl's printer flags' (the template ones carry their template after `=`). */
const VIEW_FORMATS = OBJECT_FORMATS;

export default class ConfigView extends Kr8sCommand<typeof ConfigView> {
  static completion: CompletionSpec = { flagValues: { output: VIEW_FORMATS } };
  static override description =
    "Display the merged kubeconfig (KUBECONFIG's files, or --kubeconfig). Certificate data is shown as DATA+OMITTED and tokens and passwords as REDACTED unless --raw or --flatten; --minify keeps only the current context (or --context) with its cluster and user.";
  static override examples = [
    "<%= config.bin %> <%= command.id %>",
    "<%= config.bin %> <%= command.id %> --minify --context dev",
    "<%= config.bin %> <%= command.id %> --flatten --minify > standalone.yaml",
    "<%= config.bin %> <%= command.id %> -o json",
    "<%= config.bin %> <%= command.id %> -o jsonpath='{.users[?(@.name == \"e2e\")].user.password}' --raw",
    "<%= config.bin %> <%= command.id %> --minify -o jsonpath='{.clusters[0].cluster.server}'",
    `<%= config.bin %> <%= command.id %> -o go-template='{{range .contexts}}{{.name}}{{"\\n"}}{{end}}'`,
  ];
  static override flags = {
    flatten: Flags.boolean({
      description:
        "Embed referenced certificate and key files as *-data, making a self-contained kubeconfig (shows secrets, like --raw).",
    }),
    merge: Flags.boolean({
      allowNo: true,
      default: true,
      description:
        "Merge the full hierarchy of kubeconfig files (default); --merge=false shows the --kubeconfig file alone, and requires it.",
    }),
    minify: Flags.boolean({
      description: "Remove everything not used by the current context (or --context).",
    }),
    output: Flags.string({
      char: "o",
      description: `Output format (default yaml; go-template with --template). One of: (${VIEW_FORMATS.join(", ")}). jsonpath=TEMPLATE, jsonpath-file=FILE, jsonpath-as-json=TEMPLATE run kubectl's JSONPath on the view, go-template=TEMPLATE (or template=), go-template-file=FILE (or templatefile=) Go's text/template (redacted unless --raw or --flatten); name prints config/<unknown> as kubectl does.`,
    }),
    ...templateFlags,
    raw: Flags.boolean({ description: "Show certificate data, tokens and passwords as they are." }),
    // Accepted as kubectl accepts it (its printer flags): a kubeconfig has no managedFields to keep.
    "show-managed-fields": showManagedFieldsFlag,
  };
  // Words after the command reach it (oclif would read them as a subcommand): wrongArgs reports them.
  static override strict = false;
  static override summary = "Display merged kubeconfig settings or a specified kubeconfig file.";
  static override wrongArgs = unexpectedArguments;

  async run(): Promise<void> {
    // yaml unless -o is given; a --template alone means -o go-template (cli-runtime's PrintFlags).
    // An empty -o reaches kubectl's name printer, which takes "" as its own (`config/<unknown>`).
    const output =
      this.flags.output === ""
        ? "name"
        : (this.flags.output ?? (this.flags.template ? "go-template" : "yaml"));
    const parsed = parseOutput(output, this.flags.template);
    const { format } = parsed;
    // Without `=…` the template is --template's (cli-runtime's PrintFlags).
    const argument = parsed.argument ?? this.flags.template ?? "";
    if (!(VIEW_FORMATS as readonly string[]).includes(format))
      throw new UsageError(
        `unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: ${VIEW_FORMATS.join(",")}`,
      );
    if (format.startsWith("jsonpath") && argument === "")
      throw new UsageError("template format specified but no template given");
    // A bad template is refused before the kubeconfig is read, as kubectl's printer flags do.
    const { isTemplateFormat, goTemplatePrinter, readTemplateFile, TemplateOutputError } =
      await import("../../template-output.ts");
    const template = isTemplateFormat(format)
      ? await goTemplatePrinter(format, argument, this.flags["allow-missing-template-keys"], "as-is")
      : undefined;
    const { compileJsonPath } = await import("@kr8s/core");
    const path = format.startsWith("jsonpath")
      ? compileJsonPath(format === "jsonpath-file" ? await readTemplateFile(argument) : argument)
      : undefined;
    // kubectl's --merge=false reads a precise file, not KUBECONFIG's list; --kubeconfig alone is that file.
    if (!this.flags.merge && !this.flags.kubeconfig)
      throw await kubeConfigError("if merge==false a precise file must be specified");
    const editor = await openKubeConfig(this.flags);
    // That file must exist then (kubectl: `open FILE: no such file…`); merged, a missing file views empty.
    if (!this.flags.merge) await editor.load();
    const view = await editor.view({
      raw: this.flags.raw,
      minify: this.flags.minify,
      flatten: this.flags.flatten,
      ...(this.flags.context ? { context: this.flags.context } : {}),
    });
    const { formatKubeConfigView } = await import("../../printers/kubeconfig.ts");
    if (format === "name") {
      // kubectl's name printer on a Config: its kind, and <unknown> for the name it does not have.
      this.write("config/<unknown>\n");
      return;
    }
    if (template) {
      // Like JSONPath, the template runs on the view as `-o json` shows it.
      const data = JSON.parse(formatKubeConfigView(view, "json")) as unknown;
      try {
        this.write(template(data));
      } catch (error) {
        if (!(error instanceof TemplateOutputError)) throw error;
        this.write(error.stdout);
        throw new UsageError(error.message);
      }
      return;
    }
    if (path === undefined) {
      this.write(formatKubeConfigView(view, format === "json" ? "json" : "yaml"));
      return;
    }
    // JSONPath runs on the view as `-o json` shows it, as kubectl's printer does (it marshals the object).
    const data = JSON.parse(formatKubeConfigView(view, "json")) as unknown;
    // kubectl's flag applies to JSONPath too: a missing key is then an error, not an empty result.
    const run = { allowMissingKeys: this.flags["allow-missing-template-keys"] };
    this.write(format === "jsonpath-as-json" ? path.printJSON(data, run) : path.print(data, run));
  }
}
