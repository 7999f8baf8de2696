import { Kr8sCommand } from "../../base-command.ts";
import {
  checkPrinterFormat,
  OBJECT_FORMATS,
  objectOutputFlag,
  showManagedFieldsFlag,
  templateFlags,
} from "../../flags.ts";
import type { CompletionSpec } from "../../completion/spec.ts";

export default class AuthWhoami extends Kr8sCommand<typeof AuthWhoami> {
  static completion: CompletionSpec = { flagValues: { output: OBJECT_FORMATS } };
  static override description =
    "Ask the API server who it thinks you are (a SelfSubjectReview), after authentication and impersonation.";
  static override examples = [
    "<%= config.bin %> auth whoami",
    "<%= config.bin %> auth whoami -o json",
    "<%= config.bin %> auth whoami -o go-template='{{.status.userInfo.username}}'",
  ];
  // The review has no managedFields: kubectl takes the flag all the same.
  static override flags = {
    output: objectOutputFlag,
    "show-managed-fields": showManagedFieldsFlag,
    ...templateFlags,
  };
  // kubectl ignores arguments this command does not take.
  static override strict = false;
  static override summary = "Show who the API server thinks you are.";

  async run(): Promise<void> {
    // Unlike get's, kubectl's whoami ignores --template without -o.
    const output = this.flags.output;
    checkPrinterFormat(output, this.flags.template);
    // A bad template fails before the request, as kubectl's printer flags do.
    const print = output
      ? await (
          await import("../../object-output.ts")
        ).objectPrinter(output, {
          // kubectl's name printer: the review has no name.
          name: "selfsubjectreview.authentication.k8s.io/<unknown>\n",
          template: this.flags.template,
          allowMissingKeys: this.flags["allow-missing-template-keys"],
          write: (text) => process.stdout.write(text),
        })
      : undefined;
    const k = await this.api();
    if (print) {
      // The server's review as it sent it (with its creationTimestamp), as kubectl prints it.
      print(
        await k.request<Record<string, unknown>>({
          method: "POST",
          path: "/apis/authentication.k8s.io/v1/selfsubjectreviews",
          body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
        }),
      );
      return;
    }
    const user = await k.whoami();
    const { formatWhoami } = await import("../../printers/whoami.ts");
    process.stdout.write(formatWhoami(user));
  }
}
