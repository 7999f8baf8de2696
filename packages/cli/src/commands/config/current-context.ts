import { Kr8sCommand } from "../../base-command.ts";
import { kubeConfigError, openKubeConfig } from "../../kubeconfig-editor.ts";

export default class ConfigCurrentContext extends Kr8sCommand<typeof ConfigCurrentContext> {
  static override description = "Display the current-context of the kubeconfig.";
  static override examples = ["<%= config.bin %> <%= command.id %>"];
  // kubectl ignores arguments this command does not take.
  static override strict = false;
  static override summary = "Display the current-context.";

  async run(): Promise<void> {
    const current = await (await openKubeConfig(this.flags)).currentContext();
    if (current === undefined) throw await kubeConfigError("current-context is not set");
    this.log(current);
  }
}
