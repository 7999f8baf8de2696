import { basename } from "node:path";
import { Args } from "@oclif/core";
import { Kr8sCommand } from "../base-command.ts";
import { SHELLS } from "../completion/complete.ts";
import type { CompletionSpec } from "../completion/spec.ts";
import { UsageError } from "../errors.ts";

export default class Completion extends Kr8sCommand<typeof Completion> {
  static override args = {
    shell: Args.string({ description: `The shell: ${SHELLS.join(", ")}.` }),
  };
  static completion: CompletionSpec = { args: { source: "shells", max: 1 } };
  static override description = `The shell code must be evaluated to provide interactive completion of <%= config.bin %> commands. This can be done by sourcing it from the .bash_profile.

Completion is dynamic, as kubectl's: on TAB the script runs the hidden command \`<%= config.bin %> __complete WORD…\` (cobra's protocol: candidates one per line, then \`:DIRECTIVE\`), which completes commands, flags, -o formats, namespaces (-n), contexts, clusters and users (from the kubeconfig), resource types (from the server's discovery, cached for 6 hours) and resource names, honouring --kubeconfig, --context and -n already on the line. A server that cannot be reached gives no candidates and no error.

Installed as the kubectl plugin, \`kubectl-ng completion SHELL\` writes the script for the kubectl-ng command, and \`kubectl ng <TAB>\` completes through the kubectl_complete-ng executable the package installs (kubectl 1.26 and later look for it on PATH).

Note for zsh users: zsh completions are only supported in versions of zsh >= 5.2.`;
  static override examples = [
    `# Installing bash completion on Linux
## If bash-completion is not installed on Linux, install the 'bash-completion' package
## via your distribution's package manager.
## Load the <%= config.bin %> completion code for bash into the current shell
source <(<%= config.bin %> completion bash)
## Write bash completion code to a file and source it from .bash_profile
<%= config.bin %> completion bash > ~/.kube/<%= config.bin %>-completion.bash.inc
printf "
# <%= config.bin %> shell completion
source '$HOME/.kube/<%= config.bin %>-completion.bash.inc'
" >> $HOME/.bash_profile
source $HOME/.bash_profile`,
    `# Load the <%= config.bin %> completion code for zsh into the current shell
source <(<%= config.bin %> completion zsh)
# Set the <%= config.bin %> completion code for zsh to autoload on startup
<%= config.bin %> completion zsh > "\${fpath[1]}/_<%= config.bin %>"`,
    `# Load the <%= config.bin %> completion code for fish into the current shell
<%= config.bin %> completion fish | source
# To load completions for each session, execute once:
<%= config.bin %> completion fish > ~/.config/fish/completions/<%= config.bin %>.fish`,
    `# Load the <%= config.bin %> completion code for powershell into the current shell
<%= config.bin %> completion powershell | Out-String | Invoke-Expression
# Set <%= config.bin %> completion code for powershell to run on startup
## Save completion code to a script and execute in the profile
<%= config.bin %> completion powershell > $HOME\\.kube\\<%= config.bin %>-completion.ps1
Add-Content $PROFILE "$HOME\\.kube\\<%= config.bin %>-completion.ps1"`,
  ];
  static override strict = false;
  static override summary =
    "Output shell completion code for the specified shell (bash, zsh, fish, or powershell).";
  static override usage = "<%= command.id %> SHELL";

  async run(): Promise<void> {
    const [shell, ...extra] = this.positionals;
    // kubectl's checks and words (`kubectl completion`, `kubectl completion bash zsh`, `… tcsh`).
    if (shell === undefined)
      throw new UsageError("Shell not specified.", { details: usage(this.config.bin) });
    if (extra.length > 0)
      throw new UsageError("Too many arguments. Expected only the shell type.", {
        details: usage(this.config.bin),
      });
    if (!(SHELLS as readonly string[]).includes(shell))
      throw new UsageError(`Unsupported shell type ${JSON.stringify(shell)}.`, {
        details: usage(this.config.bin),
      });
    const { completionScript } = await import("../completion/scripts.ts");
    process.stdout.write(completionScript(shell as (typeof SHELLS)[number], commandName(this.config.bin)));
  }
}

function usage(bin: string): string[] {
  return [`See '${bin} completion -h' for help and examples`];
}

/**
 * The command the script completes: the name this binary was run as when that is `kubectl-ng` (the same
 * binary installed as the kubectl plugin), else oclif's `bin` (`kr8s`).
 */
function commandName(bin: string): string {
  const invoked = basename(process.argv[1] ?? "").replace(/\.js$/, "");
  return invoked === "kubectl-ng" ? invoked : bin;
}
