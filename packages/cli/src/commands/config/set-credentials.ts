import { Args, Flags } from "@oclif/core";
import type { KubeConfigAuthProvider, KubeConfigExec, KubeConfigUser, UserUpdate } from "@kr8s/core";
import { Kr8sCommand } from "../../base-command.ts";
import { embedFile, kubeConfigError, openKubeConfig } from "../../kubeconfig-editor.ts";
import type { CompletionSpec } from "../../completion/spec.ts";
import { UsageError } from "../../errors.ts";
import { stringArray, stringSlice } from "../../flags.ts";
import type { WrongArgs } from "../../wrong-args.ts";

export default class ConfigSetCredentials extends Kr8sCommand<typeof ConfigSetCredentials> {
  static override args = { name: Args.string({ description: "The user entry to set.", required: true }) };
  static completion: CompletionSpec = { args: { source: "users", max: 1 } };
  static override description = `Set a user entry in kubeconfig. Specifying a name that already exists will merge new fields on top of existing values.

Client-certificate flags: --client-certificate=certfile --client-key=keyfile (--embed-certs stores their content).
Bearer token flags: --token=bearer_token. Basic auth flags: --username=basic_user --password=basic_password.
Setting a token clears basic auth and vice versa; the two cannot be given together.
--auth-provider-arg and --exec-env take key=value, or key- to remove a key; --exec-arg replaces the arguments.`;
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
      description: "InteractiveMode of the exec credentials plugin for the user entry in kubeconfig",
      options: ["Never", "IfAvailable", "Always"],
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
    const authProvider = this.#authProvider(existing);
    if (authProvider !== undefined) update["auth-provider"] = authProvider;
    const exec = this.#exec(existing);
    if (exec !== undefined) update.exec = exec;
    await editor.setCredentials(name, update);
    this.log(`User ${JSON.stringify(name)} set.`);
  }

  /** The auth-provider after `--auth-provider` / `--auth-provider-arg`, or undefined when untouched. */
  #authProvider(existing: KubeConfigUser): KubeConfigAuthProvider | undefined {
    const name = this.flags["auth-provider"];
    const args = this.flags["auth-provider-arg"];
    if (name === undefined && args === undefined) return undefined;
    let provider = existing["auth-provider"];
    // A different provider starts from an empty config, as in kubectl.
    if (name !== undefined && provider?.name !== name) provider = { name };
    // Arguments without a provider are ignored, as in kubectl.
    if (provider === undefined) return undefined;
    const config = applyKeyValues({ ...provider.config }, args ?? []);
    return Object.keys(config).length > 0 ? { name: provider.name, config } : { name: provider.name };
  }

  /** The exec plugin after the `--exec-*` flags, or undefined when untouched. */
  #exec(existing: KubeConfigUser): KubeConfigExec | undefined {
    const flags = this.flags;
    const touched =
      flags["exec-command"] !== undefined ||
      flags["exec-api-version"] !== undefined ||
      flags["exec-arg"] !== undefined ||
      flags["exec-env"] !== undefined ||
      flags["exec-interactive-mode"] !== undefined ||
      flags["exec-provide-cluster-info"] !== undefined;
    if (!touched) return undefined;
    // kubectl writes provideClusterInfo always (client-go's ExecConfig has no omitempty on it).
    const exec: KubeConfigExec = existing.exec
      ? { provideClusterInfo: false, ...existing.exec }
      : { command: "", apiVersion: "", provideClusterInfo: false };
    if (flags["exec-command"] !== undefined) exec.command = flags["exec-command"];
    if (flags["exec-api-version"] !== undefined) exec.apiVersion = flags["exec-api-version"];
    if (flags["exec-arg"] !== undefined) exec.args = flags["exec-arg"];
    if (flags["exec-interactive-mode"] !== undefined)
      exec.interactiveMode = flags["exec-interactive-mode"] as NonNullable<KubeConfigExec["interactiveMode"]>;
    if (flags["exec-provide-cluster-info"] !== undefined)
      exec.provideClusterInfo = flags["exec-provide-cluster-info"];
    if (flags["exec-env"] !== undefined) {
      const env = Object.fromEntries((exec.env ?? []).map((e) => [e.name, e.value ?? ""]));
      const next = Object.entries(applyKeyValues(env, flags["exec-env"]));
      exec.env = next.map(([envName, value]) => ({ name: envName, value }));
    }
    return exec;
  }
}

/** Applies kubectl's `key=value` (set) and `key-` (remove) arguments to a map. */
function applyKeyValues(map: Record<string, string>, args: readonly string[]): Record<string, string> {
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq > 0) map[arg.slice(0, eq)] = arg.slice(eq + 1);
    else if (arg.endsWith("-")) delete map[arg.slice(0, -1)];
  }
  return map;
}
