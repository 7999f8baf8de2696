// Statically: @oclif/core is CommonJS, and a bundled dynamic import of it has only a default export.
import { Help } from "@oclif/core";
import { Kr8sCommand } from "../base-command.ts";
import type { CompletionSpec } from "../completion/spec.ts";
import { helpSubject } from "../help.ts";

export default class HelpCommand extends Kr8sCommand<typeof HelpCommand> {
  static completion: CompletionSpec = { args: { source: "commands" } };
  static override description = `Help provides help for any command in the application. Simply type kr8s help [path to command] for full details.

Words after the command's path are ignored, as in kubectl (\`kr8s help get pods\` is the help of get). A path that names no command prints "Unknown help topic" and the list of commands on stderr, and exits 0, as kubectl does.`;
  static override examples = [
    "<%= config.bin %> <%= command.id %>",
    "<%= config.bin %> <%= command.id %> get",
    "<%= config.bin %> <%= command.id %> config set",
  ];
  static override strict = false;
  static override summary = "Help about any command.";

  async run(): Promise<void> {
    const words = this.positionals;
    const subject = helpSubject(this.config, words);
    if (subject !== undefined || words.length === 0) {
      await new Help(this.config).showHelp(subject?.split(":") ?? []);
      return;
    }
    // kubectl: `Unknown help topic [`nosuch`]`, then the root usage, all on stderr; the exit code is 0.
    process.stderr.write(`Unknown help topic [${words.map((word) => `\`${word}\``).join(" ")}]\n`);
    await new Help(this.config, { sendToStderr: true }).showHelp([]);
  }
}
