import { Args, Flags } from "@oclif/core";
import type { ContextUpdate } from "@kr8s/core";
import { Kr8sCommand } from "../../base-command.ts";
import { kubeConfigError, openKubeConfig } from "../../kubeconfig-editor.ts";
import type { CompletionSpec } from "../../completion/spec.ts";
import { helpThenUnexpectedArgs } from "../../wrong-args.ts";

export default class ConfigSetContext extends Kr8sCommand<typeof ConfigSetContext> {
  static override args = { name: Args.string({ description: "The context to create or change." }) };
  static completion: CompletionSpec = { args: { source: "contexts", max: 1 } };
  static override description =
    "Set a context entry in kubeconfig. Specifying a name that already exists merges the given fields into it; --current changes the current context. The entry is changed in the file that defines it; a new one goes to the default file (kubectl's rules).";
  static override examples = [
    "<%= config.bin %> <%= command.id %> --current --namespace=kube-system",
    "<%= config.bin %> <%= command.id %> gce --user=cluster-admin",
    "<%= config.bin %> <%= command.id %> dev --cluster=dev --user=dev-admin --namespace=dev",
  ];
  static override flags = {
    cluster: Flags.string({ description: "cluster for the context entry in kubeconfig" }),
    current: Flags.boolean({ description: "Modify the current context" }),
    // The command's own flag, as in kubectl: it hides the global `-n`, so `set-context -n x` is refused.
    namespace: Flags.string({ description: "namespace for the context entry in kubeconfig" }),
    user: Flags.string({ description: "user for the context entry in kubeconfig" }),
  };
  static override summary = "Set a context entry in kubeconfig.";
  static override wrongArgs = helpThenUnexpectedArgs;

  async run(): Promise<void> {
    const given = this.positionals[0];
    if (given !== undefined && this.flags.current) {
      throw await kubeConfigError("you cannot specify both a context name and --current");
    }
    const editor = await openKubeConfig(this.flags);
    const name = this.flags.current ? await editor.currentContext() : given;
    if (!name) {
      throw await kubeConfigError(
        this.flags.current
          ? "no current context is set"
          : "you must specify a non-empty context name or --current",
      );
    }
    const existed = (await editor.loadForEdit()).contexts.has(name);
    const fields: ContextUpdate = {
      ...(this.flags.cluster === undefined ? {} : { cluster: this.flags.cluster || null }),
      ...(this.flags.user === undefined ? {} : { user: this.flags.user || null }),
      ...(this.flags.namespace === undefined ? {} : { namespace: this.flags.namespace || null }),
    };
    await editor.setContext(name, fields);
    this.log(`Context ${JSON.stringify(name)} ${existed ? "modified" : "created"}.`);
  }
}
