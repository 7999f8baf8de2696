import { Args, Flags } from "@oclif/core";
import { Kr8sCommand } from "../../base-command.ts";
import { openKubeConfig } from "../../kubeconfig-editor.ts";
import { helpThenUnexpectedArgs } from "../../wrong-args.ts";

export default class ConfigSet extends Kr8sCommand<typeof ConfigSet> {
  static override args = {
    PROPERTY_NAME: Args.string({
      description:
        "A dot-delimited path: current-context, preferences.colors, clusters|users|contexts.NAME.FIELD.",
      required: true,
    }),
    PROPERTY_VALUE: Args.string({ description: "The new value.", required: true }),
  };
  static override description = `PROPERTY_NAME is a dot delimited name where each token represents either an attribute name or a map key: current-context, preferences.colors, clusters.NAME.FIELD, users.NAME.FIELD, contexts.NAME.FIELD. A name runs up to the first token that is a field, so it may contain dots. A user's impersonation fields are act-as and act-as-uid, as in kubectl.

PROPERTY_VALUE is the new value you want to set. Binary fields such as 'certificate-authority-data' expect a base64 encoded string unless the --set-raw-bytes flag is used.

Specifying an attribute name that already exists will merge new fields on top of existing values. An entry is changed in the file that defines it.`;
  static override examples = [
    "<%= config.bin %> <%= command.id %> clusters.my-cluster.server https://1.2.3.4",
    '<%= config.bin %> <%= command.id %> clusters.my-cluster.certificate-authority-data $(echo "cert_data_here" | base64 -i -)',
    "<%= config.bin %> <%= command.id %> contexts.my-context.cluster my-cluster",
    "<%= config.bin %> <%= command.id %> users.cluster-admin.client-key-data cert_data_here --set-raw-bytes=true",
  ];
  static override flags = {
    "set-raw-bytes": Flags.boolean({
      allowNo: true,
      description:
        "When writing a []byte PROPERTY_VALUE, write the given string directly without base64 decoding.",
    }),
  };
  static override summary = "Set an individual value in a kubeconfig file.";
  static override wrongArgs = helpThenUnexpectedArgs;

  async run(): Promise<void> {
    const [property = "", value = ""] = this.positionals;
    await (
      await openKubeConfig(this.flags)
    ).set(property, value, {
      rawBytes: this.flags["set-raw-bytes"] ?? false,
    });
    this.log(`Property ${JSON.stringify(property)} set.`);
  }
}
