import { Flags } from "@oclif/core";
import { Kr8sCommand } from "../base-command.ts";
import { UsageError } from "../errors.ts";
import { outputFormatFlag, PRINTER_FORMATS } from "../flags.ts";

export default class Version extends Kr8sCommand<typeof Version> {
  static override description =
    "Print the client version and the version of the API server of the current context (--client: client only).";
  static override examples = [
    "<%= config.bin %> version",
    "<%= config.bin %> version --client",
    "<%= config.bin %> version -o json",
  ];
  static override flags = {
    client: Flags.boolean({ description: "If true, shows client version only (no server required)." }),
    output: outputFormatFlag,
  };
  static override summary = "Print the client and server version information.";

  async run(): Promise<void> {
    if (
      this.flags.output !== undefined &&
      !(PRINTER_FORMATS as readonly string[]).includes(this.flags.output)
    ) {
      // kubectl's version command has its own check, worded unlike the printer flags' one.
      throw new UsageError("--output must be 'yaml' or 'json'");
    }
    const clientVersion = {
      gitVersion: `v${this.config.version}`,
      platform: `${process.platform}/${process.arch}`,
      nodeVersion: process.version,
    };
    const serverVersion = this.flags.client ? undefined : await (await this.api()).version();
    if (this.flags.output) {
      const value = { clientVersion, ...(serverVersion ? { serverVersion } : {}) };
      if (this.flags.output === "json") {
        // kubectl's version command indents its JSON by 2 (json.MarshalIndent), unlike its -o json printer.
        process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
        return;
      }
      const { formatStructured } = await import("../printers/structured.ts");
      // kubectl prints the YAML with Println, so a blank line follows it.
      process.stdout.write(`${formatStructured(value, this.flags.output)}\n`);
      return;
    }
    this.log(`Client Version: ${clientVersion.gitVersion}`);
    if (serverVersion) this.log(`Server Version: ${serverVersion.gitVersion}`);
  }
}
