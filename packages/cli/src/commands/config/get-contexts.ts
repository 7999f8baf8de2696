import { Args, Flags } from "@oclif/core";
import { Kr8sCommand } from "../../base-command.ts";
import { UsageError } from "../../errors.ts";
import { kubeConfigError, openKubeConfig } from "../../kubeconfig-editor.ts";
import type { CompletionSpec } from "../../completion/spec.ts";

export default class ConfigGetContexts extends Kr8sCommand<typeof ConfigGetContexts> {
  static override args = { name: Args.string({ description: "Only these contexts." }) };
  static completion: CompletionSpec = { args: { source: "contexts" }, flagValues: { output: ["name"] } };
  static override description =
    "Display one or many contexts from the kubeconfig, sorted by name, the current one marked with *.";
  static override examples = [
    "<%= config.bin %> <%= command.id %>",
    "<%= config.bin %> <%= command.id %> my-context",
    "<%= config.bin %> <%= command.id %> -o name",
  ];
  static override flags = {
    "no-headers": Flags.boolean({ description: "Don't print headers." }),
    output: Flags.string({ char: "o", description: "Output format. One of: (name)." }),
  };
  static override strict = false;
  static override summary = "Display one or many contexts from the kubeconfig file.";

  async run(): Promise<void> {
    const { output } = this.flags;
    if (output !== undefined && output !== "name") {
      // kubectl's words, exit 1.
      throw new UsageError(
        `--output ${output} is not available in ${this.config.bin} config get-contexts; resetting to default output format`,
      );
    }
    const wanted = this.positionals;
    const contexts = await (await openKubeConfig(this.flags)).contexts();
    // A name given twice is printed twice, as kubectl prints it (its list of names, sorted).
    const shown =
      wanted.length === 0
        ? contexts
        : contexts.flatMap((c) => wanted.filter((name) => name === c.name).map(() => c));
    if (output === "name") {
      for (const context of shown) this.log(context.name);
    } else {
      const { formatContexts } = await import("../../printers/kubeconfig.ts");
      process.stdout.write(formatContexts(shown, !this.flags["no-headers"]));
    }
    const missing = wanted.filter((name) => !contexts.some((c) => c.name === name));
    if (missing.length === 1) throw await kubeConfigError(`context ${missing[0] ?? ""} not found`);
    // Several: kubectl's aggregate error, one line each without `error: `.
    if (missing.length > 1) {
      for (const name of missing) this.logToStderr(`context ${name} not found`);
      this.exit(1);
    }
  }
}
