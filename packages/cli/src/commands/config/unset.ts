import { Args } from "@oclif/core";
import { Kr8sCommand } from "../../base-command.ts";
import { openKubeConfig } from "../../kubeconfig-editor.ts";
import { helpThenUnexpectedArgs } from "../../wrong-args.ts";

export default class ConfigUnset extends Kr8sCommand<typeof ConfigUnset> {
  static override args = {
    property: Args.string({
      description:
        "A dot-delimited path: current-context, preferences, clusters|users|contexts[.NAME[.FIELD…]].",
      required: true,
    }),
  };
  static override description =
    "Unset an individual value in a kubeconfig file. PROPERTY_NAME is a dot delimited name where each token represents either an attribute name or a map key; an entry is changed in the file that defines it.";
  static override examples = [
    "<%= config.bin %> <%= command.id %> current-context",
    "<%= config.bin %> <%= command.id %> contexts.foo.namespace",
    "<%= config.bin %> <%= command.id %> users.old-admin",
  ];
  static override summary = "Unset an individual value in a kubeconfig file.";
  static override wrongArgs = helpThenUnexpectedArgs;

  async run(): Promise<void> {
    const property = this.positionals[0] ?? "";
    await (await openKubeConfig(this.flags)).unset(property);
    this.log(`Property ${JSON.stringify(property)} unset.`);
  }
}
