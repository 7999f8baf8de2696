import { Kr8sCommand } from "../../base-command.ts";
import { checkPrinterFormat, outputFormatFlag } from "../../flags.ts";

export default class AuthWhoami extends Kr8sCommand<typeof AuthWhoami> {
  static override description =
    "Ask the API server who it thinks you are (a SelfSubjectReview), after authentication and impersonation.";
  static override examples = ["<%= config.bin %> auth whoami", "<%= config.bin %> auth whoami -o json"];
  static override flags = { output: outputFormatFlag };
  static override summary = "Show who the API server thinks you are.";

  async run(): Promise<void> {
    checkPrinterFormat(this.flags.output);
    const k = await this.api();
    const user = await k.whoami();
    if (this.flags.output) {
      const review = {
        kind: "SelfSubjectReview",
        apiVersion: "authentication.k8s.io/v1",
        metadata: {},
        status: { userInfo: user },
      };
      const { formatStructured } = await import("../../printers/structured.ts");
      process.stdout.write(formatStructured(review, this.flags.output));
      return;
    }
    const { formatWhoami } = await import("../../printers/whoami.ts");
    process.stdout.write(formatWhoami(user));
  }
}
