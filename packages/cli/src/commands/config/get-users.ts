import { Kr8sCommand } from "../../base-command.ts";
import { openKubeConfig } from "../../kubeconfig-editor.ts";

export default class ConfigGetUsers extends Kr8sCommand<typeof ConfigGetUsers> {
  static override description = "Display the users defined in the kubeconfig, sorted by name.";
  static override examples = ["<%= config.bin %> <%= command.id %>"];
  // kubectl ignores arguments this command does not take.
  static override strict = false;
  static override summary = "Display users defined in the kubeconfig.";

  async run(): Promise<void> {
    const config = await (await openKubeConfig(this.flags)).loadForEdit();
    const { formatNames } = await import("../../printers/kubeconfig.ts");
    process.stdout.write(formatNames([...config.users.keys()].sort()));
  }
}
