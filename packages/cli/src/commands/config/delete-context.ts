import { Args } from "@oclif/core";
import { Kr8sCommand } from "../../base-command.ts";
import { deleteEntry, openKubeConfig } from "../../kubeconfig-editor.ts";
import type { CompletionSpec } from "../../completion/spec.ts";
import { helpOnly } from "../../wrong-args.ts";

export default class ConfigDeleteContext extends Kr8sCommand<typeof ConfigDeleteContext> {
  static override args = { name: Args.string({ description: "The context to delete.", required: true }) };
  static completion: CompletionSpec = { args: { source: "contexts", max: 1 } };
  static override description =
    "Delete the specified context from the kubeconfig file that defines it. current-context is left as it is (a warning says so), as kubectl does.";
  static override examples = ["<%= config.bin %> <%= command.id %> minikube"];
  static override summary = "Delete the specified context from the kubeconfig.";
  static override wrongArgs = helpOnly;

  async run(): Promise<void> {
    const name = this.positionals[0] ?? "";
    const editor = await openKubeConfig(this.flags);
    const wasCurrent = (await editor.currentContext()) === name;
    const report = await deleteEntry(editor, "contexts", name);
    if (wasCurrent) {
      // kubectl leaves current-context pointing at the deleted context, and warns.
      this.logToStderr(
        `warning: this removed your active context, use "${this.config.bin} config use-context" to select a different one`,
      );
    }
    this.log(report);
  }
}
