// Statically: @oclif/core is CommonJS, and a bundled dynamic import of it has only a default export.
import { Help, type Interfaces } from "@oclif/core";
import { leadingGlobalFlags } from "./leading-flags.ts";
import { nameAsInvoked } from "./plugin-bin.ts";
import { unknownCommandError } from "./usage.ts";

/**
 * cobra's `Find`: the longest run of leading `words` that names a command (or, in oclif, a topic), as an
 * oclif id (`config:view`), or undefined when even the first word names nothing.
 */
export function helpSubject(config: Interfaces.Config, words: readonly string[]): string | undefined {
  for (let length = words.length; length > 0; length--) {
    const id = words.slice(0, length).join(":");
    if (config.findCommand(id) || config.findTopic(id)) return id;
  }
  return undefined;
}

/**
 * oclif's help, with kubectl's rules where oclif's differ (package.json `oclif.helpClass`):
 * - a group named without a command in it (`kr8s config`, `kr8s -n x auth`) prints its help on stderr and
 *   exits 1, as kubectl's group commands do (cobra `DefaultSubCommandRun`); oclif prints it on stdout, exit 0;
 * - `--help` after words that name no command prints the help of the longest run of them that does
 *   (`kr8s config nosuch --help` is config's help), and when even the first names nothing, kubectl's
 *   unknown-command error, exit 1 (`kr8s logs --help`); oclif fails with `Command logs not found.`, exit 2.
 */
export default class KubectlHelp extends Help {
  override async showHelp(argv: string[]): Promise<void> {
    nameAsInvoked(this.config);
    const helpFlags = new Set(["--help", ...(this.config.pjson.oclif.additionalHelpFlags ?? [])]);
    // oclif's main asks for help without a help flag in one case only: the command line named a topic.
    const group = !argv.some((arg) => helpFlags.has(arg));
    const { rest } = leadingGlobalFlags(argv.filter((arg) => !helpFlags.has(arg)));
    const end = rest.findIndex((arg) => arg.startsWith("-"));
    const words = rest.slice(0, end < 0 ? rest.length : end).flatMap((word) => word.split(":"));
    const subject = helpSubject(this.config, words);
    if (subject === undefined && words.length > 0) {
      process.stderr.write(unknownCommandError(this.config, words[0] ?? "").render());
      process.exitCode = 1;
      return;
    }
    const ids = subject?.split(":") ?? [];
    if (!group) return super.showHelp(ids);
    await new Help(this.config, { ...this.opts, sendToStderr: true }).showHelp(ids);
    process.exitCode = 1;
  }
}
