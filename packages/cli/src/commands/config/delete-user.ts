import { Args } from "@oclif/core";
import { Kr8sCommand } from "../../base-command.ts";
import { deleteEntry, openKubeConfig } from "../../kubeconfig-editor.ts";
import type { CompletionSpec } from "../../completion/spec.ts";
import { UsageError } from "../../errors.ts";
import type { WrongArgs } from "../../wrong-args.ts";

export default class ConfigDeleteUser extends Kr8sCommand<typeof ConfigDeleteUser> {
  static override args = { name: Args.string({ description: "The user to delete.", required: true }) };
  static completion: CompletionSpec = { args: { source: "users", max: 1 } };
  static override description = "Delete the specified user from the kubeconfig file that defines it.";
  static override examples = ["<%= config.bin %> <%= command.id %> minikube"];
  static override summary = "Delete the specified user from the kubeconfig.";
  static override wrongArgs: WrongArgs = {
    error: (_, commandPath) =>
      new UsageError("user to delete is required", {
        details: [`See '${commandPath} -h' for help and examples`],
      }),
  };

  async run(): Promise<void> {
    const name = this.positionals[0] ?? "";
    const editor = await openKubeConfig(this.flags);
    const report = await deleteEntry(editor, "users", name);
    this.log(report);
  }
}
