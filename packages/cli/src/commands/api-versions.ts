import { Kr8sCommand } from "../base-command.ts";
import { unexpectedArguments } from "../wrong-args.ts";

export default class ApiVersions extends Kr8sCommand<typeof ApiVersions> {
  static override description =
    'Print the supported API versions on the server, in the form of "group/version" (read fresh from discovery).';
  static override examples = ["<%= config.bin %> <%= command.id %>"];
  // Words after the command reach it (oclif would read them as a subcommand): wrongArgs reports them.
  static override strict = false;
  static override summary = "Print the supported API versions on the server.";
  static override wrongArgs = unexpectedArguments;

  async run(): Promise<void> {
    const versions = await (await this.api()).apiVersions({ fresh: true });
    process.stdout.write(versions.map((v) => `${v}\n`).join(""));
  }
}
