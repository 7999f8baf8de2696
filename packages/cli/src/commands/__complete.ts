import { Command } from "@oclif/core";

/**
 * The hidden command every completion script calls on TAB, cobra's `__complete` (kubectl's protocol):
 * `kr8s __complete get pods ''` prints the candidates for the last word, one a line, then `:DIRECTIVE`.
 * The installed binary answers it without loading oclif (bin/run.js); this command serves the same
 * answer from the loaded commands (bin/dev.js, which runs from the sources).
 */
export default class Complete extends Command {
  static override description =
    "Prints the shell-completion candidates of a command line (the words after the binary, the last one being completed): one per line, a tab before a description, then cobra's `:DIRECTIVE` line. Called by the scripts of `completion`.";
  static override hidden = true;
  static override strict = false;
  static override summary = "Complete a command line (used by the completion scripts).";

  // The words are a command line to complete, not this command's flags: nothing is parsed (and oclif is
  // told so, or it warns about it outside production).
  override init(): Promise<void> {
    this.parsed = true;
    return Promise.resolve();
  }

  async run(): Promise<void> {
    const { completionOutput } = await import("../completion/run.ts");
    const topics = Object.fromEntries(
      this.config.topics.map((t) => [t.name, { description: t.description }]),
    );
    process.stdout.write(await completionOutput(this.config.commands, topics, this.argv));
  }
}
