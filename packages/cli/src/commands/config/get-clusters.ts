import { Kr8sCommand } from "../../base-command.ts";
import { openKubeConfig } from "../../kubeconfig-editor.ts";

export default class ConfigGetClusters extends Kr8sCommand<typeof ConfigGetClusters> {
  static override description = "Display the clusters defined in the kubeconfig, sorted by name.";
  static override examples = ["<%= config.bin %> <%= command.id %>"];
  // kubectl ignores arguments this command does not take.
  static override strict = false;
  static override summary = "Display clusters defined in the kubeconfig.";

  async run(): Promise<void> {
    const config = await (await openKubeConfig(this.flags)).loadForEdit();
    const { formatNames } = await import("../../printers/kubeconfig.ts");
    process.stdout.write(formatNames([...config.clusters.keys()].sort()));
  }
}
