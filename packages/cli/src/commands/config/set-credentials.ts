import { Args, Flags } from "@oclif/core";
import type { ExecUpdate, KubeConfigAuthProvider, KubeConfigUser, UserUpdate } from "@kr8s/core";
import { Kr8sCommand } from "../../base-command.ts";
import { embedFile, kubeConfigError, openKubeConfig } from "../../kubeconfig-editor.ts";
import type { CompletionSpec } from "../../completion/spec.ts";
import { UsageError } from "../../errors.ts";
import { sliceValues, stringArray, stringSlice } from "../../flags.ts";
import { parsePairs, type Pairs } from "../../pairs.ts";
import type { WrongArgs } from "../../wrong-args.ts";

/** The values of `--exec-interactive-mode` (client-go's `ExecInteractiveMode`). */
const INTERACTIVE_MODES: readonly string[] = ["Never", "IfAvailable", "Always"];

export default class ConfigSetCredentials extends Kr8sCommand<typeof ConfigSetCredentials> {
  static override args = { name: Args.string({ description: "The user entry to set.", required: true }) };
  static completion: CompletionSpec = {
    args: { source: "users", max: 1 },
    flagValues: { "exec-interactive-mode": INTERACTIVE_MODES },
  };
  static override description = `Set a user entry in kubeconfig. Specifying a name that already exists will merge new fields on top of existing values.

Client-certificate flags: --client-certificate=certfile --client-key=keyfile (--embed-certs stores their content).
Bearer token flags: --token=bearer_token. Basic auth flags: --username=basic_user --password=basic_password.
Setting a token clears basic auth and vice versa; the two cannot be given together.
--auth-provider-arg and --exec-env take key=value, or key- to remove a key; --exec-arg replaces the arguments.
--exec-command creates the exec plugin (or changes its command, dropping its arguments); the other --exec-* flags change an existing one.
File paths are written relative to the kubeconfig's folder when they lie inside it, else absolute.`;
  static override examples = [
    "<%= config.bin %> <%= command.id %> cluster-admin --client-key=~/.kube/admin.key",
    "<%= config.bin %> <%= command.id %> cluster-admin --username=admin --password=uXFGweU9l35qcif",
    "<%= config.bin %> <%= command.id %> cluster-admin --client-certificate=~/.kube/admin.crt --embed-certs=true",
    "<%= config.bin %> <%= command.id %> cluster-admin --auth-provider=gcp",
    "<%= config.bin %> <%= command.id %> cluster-admin --auth-provider=oidc --auth-provider-arg=client-id=foo --auth-provider-arg=client-secret=bar",
    "<%= config.bin %> <%= command.id %> cluster-admin --auth-provider=oidc --auth-provider-arg=client-secret-",
    "<%= config.bin %> <%= command.id %> cluster-admin --exec-command=/path/to/the/executable --exec-api-version=client.authentication.k8s.io/v1",
    "<%= config.bin %> <%= command.id %> cluster-admin --exec-arg=arg1 --exec-arg=arg2",
    "<%= config.bin %> <%= command.id %> cluster-admin --exec-env=key1=val1 --exec-env=key2-",
  ];
  static override flags = {
    "auth-provider": Flags.string({ description: "Auth provider for the user entry in kubeconfig" }),
    "auth-provider-arg": Flags.string({
      description: "'key=value' arguments for the auth provider ('key-' removes one)",
      ...stringSlice,
    }),
    "client-certificate": Flags.string({
      description: "Path to client-certificate file for the user entry in kubeconfig",
    }),
    "client-key": Flags.string({ description: "Path to client-key file for the user entry in kubeconfig" }),
    "embed-certs": Flags.boolean({
      allowNo: true,
      description: "Embed client cert/key for the user entry in kubeconfig",
    }),
    "exec-api-version": Flags.string({
      description: "API version of the exec credential plugin for the user entry in kubeconfig",
    }),
    "exec-arg": Flags.string({
      description: "New arguments for the exec credential plugin command for the user entry in kubeconfig",
      ...stringSlice,
    }),
    "exec-command": Flags.string({
      description: "Command for the exec credential plugin for the user entry in kubeconfig",
    }),
    "exec-env": Flags.string({
      description: "'key=value' environment values for the exec credential plugin ('key-' removes one)",
      ...stringArray,
    }),
    "exec-interactive-mode": Flags.string({
      description:
        "InteractiveMode of the exec credentials plugin for the user entry in kubeconfig (Never, IfAvailable or Always)",
    }),
    "exec-provide-cluster-info": Flags.boolean({
      allowNo: true,
      description: "ProvideClusterInfo of the exec credentials plugin for the user entry in kubeconfig",
    }),
    password: Flags.string({ description: "password for the user entry in kubeconfig" }),
    token: Flags.string({ description: "token for the user entry in kubeconfig" }),
    username: Flags.string({ description: "username for the user entry in kubeconfig" }),
  };
  static override summary = "Set a user entry in kubeconfig.";
  // kubectl's set-credentials says it in lower case.
  static override wrongArgs: WrongArgs = {
    help: true,
    error: (positionals) => new UsageError(`unexpected args: [${positionals.join(" ")}]`),
  };

  async run(): Promise<void> {
    const name = this.positionals[0] ?? "";
    const flags = this.flags;
    // kubectl parses the pairs first, and prints its help above a malformed one.
    let providerArgs: Pairs;
    let execEnv: Pairs;
    try {
      providerArgs = parsePairs(sliceValues(flags["auth-provider-arg"]), "auth-provider-arg");
      execEnv = parsePairs(flags["exec-env"] ?? [], "exec-env");
    } catch (error) {
      await this.showOwnHelp();
      throw error;
    }
    if (name === "") throw await kubeConfigError("you must specify a non-empty user name");
    const setToken = Boolean(flags.token);
    const setBasic = Boolean(flags.username || flags.password);
    if (setToken && setBasic) {
      throw await kubeConfigError(
        "you cannot specify more than one authentication method at the same time: --token, --username/--password",
      );
    }
    if (flags["embed-certs"] && !flags["client-certificate"] && !flags["client-key"]) {
      throw await kubeConfigError("you must specify a --client-certificate or --client-key to embed");
    }
    const mode = flags["exec-interactive-mode"];
    if (mode !== undefined && !INTERACTIVE_MODES.includes(mode)) {
      throw await kubeConfigError("invalid interactive mode type, can be only IfAvailable, Never, Always");
    }
    const editor = await openKubeConfig(flags);
    const existing = (await editor.loadForEdit()).users.get(name)?.value ?? {};
    const update: UserUpdate = {};
    for (const base of ["client-certificate", "client-key"] as const) {
      const path = flags[base];
      if (path === undefined) continue;
      if (flags["embed-certs"]) {
        update[`${base}-data`] = await embedFile(path, base);
        update[base] = null;
      } else {
        update[base] = path || null;
        if (path) update[`${base}-data`] = null;
      }
    }
    if (flags.token !== undefined) update.token = flags.token || null;
    if (flags.username !== undefined) update.username = flags.username || null;
    if (flags.password !== undefined) update.password = flags.password || null;
    // kubectl: setting one authentication method clears the other.
    if (setToken) Object.assign(update, { username: null, password: null });
    if (setBasic) update.token = null;
    const authProvider = this.#authProvider(existing, providerArgs);
    if (authProvider !== undefined) update["auth-provider"] = authProvider;
    const exec = this.#exec(existing, execEnv);
    if (exec !== undefined) update.exec = exec;
    await editor.setCredentials(name, update);
    this.log(`User ${JSON.stringify(name)} set.`);
  }

  /**
   * The auth-provider after `--auth-provider` / `--auth-provider-arg`, or undefined when untouched. A
   * different provider starts from an empty config; arguments without any provider are ignored (kubectl).
   */
  #authProvider(existing: KubeConfigUser, args: Pairs): KubeConfigAuthProvider | undefined {
    const name = this.flags["auth-provider"];
    if (name === undefined && this.flags["auth-provider-arg"] === undefined) return undefined;
    let provider = existing["auth-provider"];
    if (name !== undefined && provider?.name !== name) provider = { name };
    if (provider === undefined) return undefined;
    const config = { ...provider.config };
    for (const key of args.remove) delete config[key];
    for (const [key, value] of args.set) config[key] = value;
    // kubectl writes `config: {}` for a provider without arguments.
    return { name: provider.name, config };
  }

  /**
   * The exec plugin after the `--exec-*` flags, or undefined when untouched. As in kubectl: only
   * `--exec-command` creates one (the other flags are ignored for a user without an exec plugin), a new
   * command drops the old arguments, `--exec-arg` replaces them (an empty one changes nothing), `--exec-env`
   * removes (`key-`) then sets, keeping the order of the variables there.
   */
  #exec(existing: KubeConfigUser, env: Pairs): ExecUpdate | undefined {
    const flags = this.flags;
    const command = flags["exec-command"];
    const args = sliceValues(flags["exec-arg"]);
    const touched =
      command !== undefined ||
      flags["exec-api-version"] !== undefined ||
      args.length > 0 ||
      flags["exec-env"] !== undefined ||
      flags["exec-interactive-mode"] !== undefined ||
      flags["exec-provide-cluster-info"] !== undefined;
    // kubectl writes provideClusterInfo always (client-go's ExecConfig has no omitempty on it).
    let exec: ExecUpdate | undefined = existing.exec && { provideClusterInfo: false, ...existing.exec };
    if (command !== undefined) {
      if (exec === undefined) exec = { command, provideClusterInfo: false };
      else {
        exec.command = command;
        delete exec.args;
      }
    }
    if (exec === undefined || !touched) return undefined;
    if (flags["exec-api-version"] !== undefined) exec.apiVersion = flags["exec-api-version"];
    if (args.length > 0) exec.args = args;
    if (flags["exec-interactive-mode"] !== undefined)
      exec.interactiveMode = flags["exec-interactive-mode"] as NonNullable<ExecUpdate["interactiveMode"]>;
    if (flags["exec-provide-cluster-info"] !== undefined)
      exec.provideClusterInfo = flags["exec-provide-cluster-info"];
    if (flags["exec-env"] !== undefined) {
      const variables = (exec.env ?? []).filter((variable) => !env.remove.includes(variable.name));
      for (const [name, value] of env.set) {
        const found = variables.find((variable) => variable.name === name);
        if (found) found.value = value;
        else variables.push({ name, value });
      }
      exec.env = variables;
    }
    return exec;
  }
}
