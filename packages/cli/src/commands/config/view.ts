import { Flags } from "@oclif/core";
import { Kr8sCommand } from "../../base-command.ts";
import { checkPrinterFormat } from "../../flags.ts";
import { openKubeConfig } from "../../kubeconfig-editor.ts";

export default class ConfigView extends Kr8sCommand<typeof ConfigView> {
  static override description =
    "Display the merged kubeconfig (KUBECONFIG's files, or --kubeconfig). Certificate data is shown as DATA+OMITTED and tokens and passwords as REDACTED unless --raw or --flatten; --minify keeps only the current context (or --context) with its cluster and user.";
  static override examples = [
    "<%= config.bin %> <%= command.id %>",
    "<%= config.bin %> <%= command.id %> --minify --context dev",
    "<%= config.bin %> <%= command.id %> --flatten --minify > standalone.yaml",
    "<%= config.bin %> <%= command.id %> -o json",
  ];
  static override flags = {
    flatten: Flags.boolean({
      description:
        "Embed referenced certificate and key files as *-data, making a self-contained kubeconfig (shows secrets, like --raw).",
    }),
    minify: Flags.boolean({
      description: "Remove everything not used by the current context (or --context).",
    }),
    output: Flags.string({ char: "o", description: "Output format. One of: (json, yaml).", default: "yaml" }),
    raw: Flags.boolean({ description: "Show certificate data, tokens and passwords as they are." }),
  };
  static override summary = "Display merged kubeconfig settings or a specified kubeconfig file.";

  async run(): Promise<void> {
    checkPrinterFormat(this.flags.output);
    const editor = await openKubeConfig(this.flags);
    const view = await editor.view({
      raw: this.flags.raw,
      minify: this.flags.minify,
      flatten: this.flags.flatten,
      ...(this.flags.context ? { context: this.flags.context } : {}),
    });
    const { formatKubeConfigView } = await import("../../printers/kubeconfig.ts");
    process.stdout.write(await formatKubeConfigView(view, this.flags.output === "json" ? "json" : "yaml"));
  }
}
