import { Args } from "@oclif/core";
import { Kr8sCommand } from "../../base-command.ts";
import { deleteEntry, openKubeConfig } from "../../kubeconfig-editor.ts";
import type { CompletionSpec } from "../../completion/spec.ts";
import { helpOnly } from "../../wrong-args.ts";

export default class ConfigDeleteCluster extends Kr8sCommand<typeof ConfigDeleteCluster> {
  static override args = { name: Args.string({ description: "The cluster to delete.", required: true }) };
  static completion: CompletionSpec = { args: { source: "clusters", max: 1 } };
  static override description = "Delete the specified cluster from the kubeconfig file that defines it.";
  static override examples = ["<%= config.bin %> <%= command.id %> minikube"];
  static override summary = "Delete the specified cluster from the kubeconfig.";
  static override wrongArgs = helpOnly;

  async run(): Promise<void> {
    const name = this.positionals[0] ?? "";
    const editor = await openKubeConfig(this.flags);
    const report = await deleteEntry(editor, "clusters", name);
    this.log(report);
  }
}
