import { Flags } from "@oclif/core";
import type { ServerVersion } from "@kr8s/core";
import { Kr8sCommand } from "../base-command.ts";
import { UsageError } from "../errors.ts";
import { outputFormatFlag, PRINTER_FORMATS } from "../flags.ts";
import type { CompletionSpec } from "../completion/spec.ts";

export default class Version extends Kr8sCommand<typeof Version> {
  static completion: CompletionSpec = { flagValues: { output: PRINTER_FORMATS } };
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
    const output = this.flags.output;
    const clientVersion = kr8sClientVersion(this.config.version);
    // Configuration errors (a missing --kubeconfig, an unknown --context) come before anything is printed,
    // as in kubectl; a server that cannot be reached comes after the client's version, as in kubectl.
    const k = this.flags.client ? undefined : await this.api();
    let serverVersion: ServerVersion | undefined;
    let failure: Error | undefined;
    try {
      serverVersion = await k?.version();
    } catch (error) {
      failure = error as Error;
    }
    if (output) {
      const value = { clientVersion, ...(serverVersion ? { serverVersion } : {}) };
      if (output === "json") {
        // kubectl's version command indents its JSON by 2 (json.MarshalIndent), unlike its -o json printer.
        process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      } else {
        const { formatStructured } = await import("../printers/structured.ts");
        // kubectl prints the YAML with Println, so a blank line follows it.
        process.stdout.write(`${formatStructured(value, output)}\n`);
      }
    } else {
      this.log(`Client Version: ${clientVersion.gitVersion}`);
      if (serverVersion) this.log(`Server Version: ${serverVersion.gitVersion}`);
    }
    if (failure !== undefined) throw failure;
  }
}

/** Go's names for Node's `process.arch` values (GOARCH), so `platform` reads as kubectl's. */
const GO_ARCH: Record<string, string> = { x64: "amd64", ia32: "386", ppc64: "ppc64le" };
/** Go's names for Node's `process.platform` values (GOOS). */
const GO_OS: Record<string, string> = { win32: "windows" };

/**
 * kr8s's `clientVersion`, with the fields of kubectl's (apimachinery `version.Info`, in its order).
 * `gitCommit`, `gitTreeState` and `buildDate` are empty (kubectl's values when a build does not stamp
 * them), `goVersion` and `compiler` too (kr8s is not built with Go); `nodeVersion` is kr8s's own.
 */
export function kr8sClientVersion(version: string): Record<string, string> & { gitVersion: string } {
  const [major = "", minor = ""] = version.split(".");
  return {
    major,
    minor,
    gitVersion: `v${version}`,
    gitCommit: "",
    gitTreeState: "",
    buildDate: "",
    goVersion: "",
    compiler: "",
    platform: `${GO_OS[process.platform] ?? process.platform}/${GO_ARCH[process.arch] ?? process.arch}`,
    nodeVersion: process.version,
  };
}
