import { Args } from "@oclif/core";
import { Kr8sCommand } from "../../base-command.ts";
import { kubeConfigError, openKubeConfig } from "../../kubeconfig-editor.ts";
import type { CompletionSpec } from "../../completion/spec.ts";
import { helpThenUnexpectedArgs } from "../../wrong-args.ts";

export default class ConfigRenameContext extends Kr8sCommand<typeof ConfigRenameContext> {
  static override args = {
    from: Args.string({ description: "The context to rename.", required: true }),
    to: Args.string({ description: "Its new name.", required: true }),
  };
  static completion: CompletionSpec = { args: { source: "contexts", max: 1 } };
  static override description =
    "Rename a context in the file that defines it; current-context follows when it named the context.";
  static override examples = ["<%= config.bin %> <%= command.id %> old-name new-name"];
  static override summary = "Renames a context from the kubeconfig file.";
  static override wrongArgs = helpThenUnexpectedArgs;

  async run(): Promise<void> {
    const [from = "", to = ""] = this.positionals;
    if (to === "") throw await kubeConfigError("You must specify a new non-empty context name");
    const editor = await openKubeConfig(this.flags);
    const { contexts } = await editor.loadForEdit();
    const file = await editor.defaultFile();
    if (!contexts.has(from)) {
      throw await kubeConfigError(`cannot rename the context ${JSON.stringify(from)}, it's not in ${file}`);
    }
    if (contexts.has(to)) {
      throw await kubeConfigError(
        `cannot rename the context ${JSON.stringify(from)}, the context ${JSON.stringify(to)} already exists in ${file}`,
      );
    }
    await editor.renameContext(from, to);
    this.log(`Context ${JSON.stringify(from)} renamed to ${JSON.stringify(to)}.`);
  }
}
