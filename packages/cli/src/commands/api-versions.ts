import { Kr8sCommand } from "../base-command.ts";

export default class ApiVersions extends Kr8sCommand<typeof ApiVersions> {
  static override description =
    'Print the supported API versions on the server, in the form of "group/version" (read fresh from discovery).';
  static override examples = ["<%= config.bin %> <%= command.id %>"];
  static override summary = "Print the supported API versions on the server.";

  async run(): Promise<void> {
    const versions = await (await this.api()).apiVersions({ fresh: true });
    process.stdout.write(versions.map((v) => `${v}\n`).join(""));
  }
}
