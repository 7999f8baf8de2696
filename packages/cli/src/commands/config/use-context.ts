import { Args } from "@oclif/core";
import { Kr8sCommand } from "../../base-command.ts";
import { kubeConfigError, openKubeConfig } from "../../kubeconfig-editor.ts";
import type { CompletionSpec } from "../../completion/spec.ts";
import { helpThenUnexpectedArgs } from "../../wrong-args.ts";

export default class ConfigUseContext extends Kr8sCommand<typeof ConfigUseContext> {
  static override aliases = ["config:use"];
  static override args = { name: Args.string({ description: "The context to use.", required: true }) };
  static completion: CompletionSpec = { args: { source: "contexts", max: 1 } };
  static override description =
    "Set the current-context in a kubeconfig file: the --kubeconfig file, else the file of KUBECONFIG that already sets it or the first that exists (kubectl's rules).";
  static override examples = ["<%= config.bin %> <%= command.id %> minikube"];
  static override summary = "Set the current-context in a kubeconfig file.";
  static override wrongArgs = helpThenUnexpectedArgs;

  async run(): Promise<void> {
    const name = this.positionals[0] ?? "";
    if (name === "") throw await kubeConfigError("empty context names are not allowed");
    await (await openKubeConfig(this.flags)).useContext(name);
    this.log(`Switched to context ${JSON.stringify(name)}.`);
  }
}
