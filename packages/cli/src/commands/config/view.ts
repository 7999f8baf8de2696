import { Flags } from "@oclif/core";
import { Kr8sCommand } from "../../base-command.ts";
import { UsageError } from "../../errors.ts";
import { openKubeConfig } from "../../kubeconfig-editor.ts";

/** Formats `config view -o` prints (the jsonpath ones carry their template after `=`). */
const VIEW_FORMATS = ["json", "jsonpath", "jsonpath-as-json", "jsonpath-file", "yaml"] as const;

export default class ConfigView extends Kr8sCommand<typeof ConfigView> {
  static override description =
    "Display the merged kubeconfig (KUBECONFIG's files, or --kubeconfig). Certificate data is shown as DATA+OMITTED and tokens and passwords as REDACTED unless --raw or --flatten; --minify keeps only the current context (or --context) with its cluster and user.";
  static override examples = [
    "<%= config.bin %> <%= command.id %>",
    "<%= config.bin %> <%= command.id %> --minify --context dev",
    "<%= config.bin %> <%= command.id %> --flatten --minify > standalone.yaml",
    "<%= config.bin %> <%= command.id %> -o json",
    "<%= config.bin %> <%= command.id %> -o jsonpath='{.users[?(@.name == \"e2e\")].user.password}' --raw",
    "<%= config.bin %> <%= command.id %> --minify -o jsonpath='{.clusters[0].cluster.server}'",
  ];
  static override flags = {
    flatten: Flags.boolean({
      description:
        "Embed referenced certificate and key files as *-data, making a self-contained kubeconfig (shows secrets, like --raw).",
    }),
    minify: Flags.boolean({
      description: "Remove everything not used by the current context (or --context).",
    }),
    output: Flags.string({
      char: "o",
      description: `Output format. One of: (${VIEW_FORMATS.join(", ")}). jsonpath=TEMPLATE, jsonpath-file=FILE, jsonpath-as-json=TEMPLATE run kubectl's JSONPath on the view (redacted unless --raw or --flatten).`,
      default: "yaml",
    }),
    raw: Flags.boolean({ description: "Show certificate data, tokens and passwords as they are." }),
  };
  static override summary = "Display merged kubeconfig settings or a specified kubeconfig file.";

  async run(): Promise<void> {
    const output = this.flags.output;
    const eq = output.indexOf("=");
    const format = eq < 0 ? output : output.slice(0, eq);
    const argument = eq < 0 ? "" : output.slice(eq + 1);
    if (!(VIEW_FORMATS as readonly string[]).includes(format))
      throw new UsageError(
        `unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: ${VIEW_FORMATS.join(",")}`,
      );
    if (format.startsWith("jsonpath") && argument === "")
      throw new UsageError("template format specified but no template given");
    // A bad template is refused before the kubeconfig is read, as kubectl's printer flags do.
    const { compileJsonPath } = await import("@kr8s/core");
    const path = format.startsWith("jsonpath")
      ? compileJsonPath(
          format === "jsonpath-file"
            ? await (await import("node:fs/promises")).readFile(argument, "utf8")
            : argument,
        )
      : undefined;
    const editor = await openKubeConfig(this.flags);
    const view = await editor.view({
      raw: this.flags.raw,
      minify: this.flags.minify,
      flatten: this.flags.flatten,
      ...(this.flags.context ? { context: this.flags.context } : {}),
    });
    const { formatKubeConfigView } = await import("../../printers/kubeconfig.ts");
    if (path === undefined) {
      this.write(formatKubeConfigView(view, format === "json" ? "json" : "yaml"));
      return;
    }
    // JSONPath runs on the view as `-o json` shows it, as kubectl's printer does (it marshals the object).
    const data = JSON.parse(formatKubeConfigView(view, "json")) as unknown;
    this.write(format === "jsonpath-as-json" ? path.printJSON(data) : path.print(data));
  }
}
