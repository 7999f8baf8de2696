import { Command, Help, type Interfaces } from "@oclif/core";
import type { Api, ApiOptions } from "@kr8s/core";
import { apiOptionsFromFlags } from "./api-options.ts";
import { connectionFlags, requestTimeoutMs } from "./flags.ts";
import { allowsColor, warningLine } from "./printers/warning.ts";
import { kubectlArgv } from "./kubectl-argv.ts";
import { nameAsInvoked } from "./plugin-bin.ts";
import type { WrongArgs } from "./wrong-args.ts";
import { carriesGoBytes, goBytesOf } from "./go-bytes.ts";

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof Kr8sCommand)["baseFlags"] & T["flags"]
>;

/**
 * Base of every command that talks to a cluster: owns kubectl's global flags, a lazily created
 * `api`, `-v` request logging, and kubectl-style errors (`error: …` on stderr, non-zero exit).
 */
export abstract class Kr8sCommand<T extends typeof Command> extends Command {
  static override baseFlags = connectionFlags;

  protected flags!: BaseFlags<T>;
  /** The arguments that are not flags, in order (commands with `strict = false` take any number). */
  protected positionals: string[] = [];
  #api: Promise<Api> | undefined;
  readonly #warned = new Set<string>();

  /**
   * What kubectl does when the arguments are fewer than the required ones or more than the declared ones;
   * each kubectl command checks its own way (see {@link WrongArgs}). Without it: oclif's missing-argument
   * error, or cobra's `extra arguments: [x]` (kubectl's `version`); a command that ignores extra arguments as
   * kubectl's does sets `strict = false` instead.
   */
  static wrongArgs?: WrongArgs;

  override async init(): Promise<void> {
    await super.init();
    nameAsInvoked(this.config);
    // A reader that stops early (`kr8s get --raw … | head`) closes the pipe: kubectl (Go) dies of SIGPIPE
    // without a word, which a shell reports as 128 + 13; Node ignores SIGPIPE and would print the EPIPE.
    process.stdout.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit(141);
    });
    // kubectl's flag syntax (`--no-headers=true`, `-A=false`, `-n a … -n b`), which oclif would refuse.
    this.argv = kubectlArgv(
      this.argv,
      { ...(this.ctor as typeof Kr8sCommand).baseFlags, ...this.ctor.flags },
      `${this.config.bin} ${this.id?.split(":").join(" ") ?? ""}`,
    );
    const { wrongArgs } = this.ctor as typeof Kr8sCommand;
    const { flags, argv } = await this.parse({
      // Slices were split by kubectlArgv as pflag splits them (CSV): oclif must not split them again.
      flags: withoutDelimiters(this.ctor.flags),
      baseFlags: (this.ctor as typeof Kr8sCommand).baseFlags,
      // oclif reads a missing argument from piped stdin; kubectl never does (only `-f -` reads stdin), and a
      // command inside a `while read` loop would swallow the loop's input.
      args: Object.fromEntries(
        Object.entries(this.ctor.args ?? {}).map(([name, arg]) => [
          name,
          { ...arg, ignoreStdin: true, ...(wrongArgs ? { required: false } : {}) },
        ]),
      ),
      strict: wrongArgs ? false : this.ctor.strict,
    });
    this.flags = flags as BaseFlags<T>;
    this.positionals = argv.map(String);
    if (wrongArgs) await this.#checkArgCount(wrongArgs);
    if (this.flags.v >= 6) {
      const { logHttpTo } = await import("./http-log.ts");
      logHttpTo((line) => process.stderr.write(`${line}\n`), this.flags.v);
    }
  }

  /** Applies the command's {@link Kr8sCommand.wrongArgs} rule when its arguments do not fit its `args`. */
  async #checkArgCount(rule: WrongArgs): Promise<void> {
    const declared = Object.values(this.ctor.args ?? {});
    const required = declared.filter((arg) => arg.required).length;
    const count = this.positionals.length;
    if (count >= required && count <= declared.length) return;
    if (rule.help) await this.showOwnHelp();
    if (!rule.error) this.exit(0);
    throw rule.error(this.positionals, `${this.config.bin} ${this.id?.split(":").join(" ") ?? ""}`);
  }

  /**
   * Prints this command's help on stdout, as cobra's `cmd.Help()` which some kubectl commands print before
   * an error in their arguments (`config set-credentials --exec-env=BAD`).
   */
  protected async showOwnHelp(): Promise<void> {
    const command = this.config.findCommand(this.id ?? "");
    if (command) await new Help(this.config).showCommandHelp(command);
  }

  /**
   * For the commands that run until interrupted (`get -w`, `events -w`, `wait`): SIGINT or SIGTERM ends the
   * process with exit code 1 and nothing more printed, as kubectl's do (without it Node dies of the signal:
   * 130 or 143 in a shell). What was written stays written: on Linux, Node writes to pipes, files and
   * terminals synchronously.
   */
  protected exitOnInterrupt(): void {
    const exit = (): never => process.exit(1);
    process.once("SIGINT", exit);
    process.once("SIGTERM", exit);
  }

  /** Writes printed output (already ending with its newline, or none: `-o jsonpath` adds none) to stdout. */
  protected write(text: string): void {
    // Bytes a Go template made that are not UTF-8 are written as they are, as kubectl writes them.
    if (text !== "") process.stdout.write(carriesGoBytes(text) ? goBytesOf(text) : text);
  }

  /**
   * The client for the cluster chosen by kubectl's global flags (--kubeconfig, --context, -n, --cluster,
   * --user, --server, --token, --as…) or kubectl's defaults. The server's warnings go to stderr as kubectl
   * prints them, each text once per run.
   */
  protected api(): Promise<Api> {
    this.#api ??= import("@kr8s/core").then(({ api }) => api(this.#apiOptions()));
    return this.#api;
  }

  #apiOptions(): ApiOptions {
    return {
      ...apiOptionsFromFlags(this.flags, requestTimeoutMs(this.flags["request-timeout"])),
      onWarning: ({ text }) => {
        // kubectl's WarningWriter deduplicates: a list of a deprecated kind warns once, not once per request.
        if (this.#warned.has(text)) return;
        this.#warned.add(text);
        process.stderr.write(warningLine(text, allowsColor(process.stderr)));
      },
    };
  }

  protected override async catch(
    error: Error & { exitCode?: number; oclif?: { exit?: number } },
  ): Promise<unknown> {
    const { Kr8sError, ServerError, UnauthorizedError } = await import("@kr8s/core");
    // kubectl words a 401 its own way (`error: You must be logged in…`); it keeps kr8s's message and hints.
    if (error instanceof ServerError && !(error instanceof UnauthorizedError)) {
      // kubectl's words for a refusal by the server: `Error from server (Forbidden): …`.
      const reason = error.reason ? ` (${error.reason})` : "";
      process.stderr.write(`Error from server${reason}: ${error.message}\n`);
      this.exit(1);
    }
    if (error instanceof Kr8sError) {
      const { kubectlErrorLine } = await import("./printers/kube-error.ts");
      process.stderr.write(`${kubectlErrorLine(error)}\n`);
      for (const suggestion of error.suggestions) process.stderr.write(`  ${suggestion}\n`);
      this.exit(1);
    }
    const { usageErrorFromParse } = await import("./usage.ts");
    const usage = usageErrorFromParse(error, {
      bin: this.config.bin,
      commandPath: this.id?.split(":").join(" ") ?? "",
      argv: this.argv,
      flags: { ...(this.ctor as typeof Kr8sCommand).baseFlags, ...this.ctor.flags },
    });
    if (usage) {
      process.stderr.write(usage.render());
      this.exit(1);
    }
    return super.catch(error);
  }

  protected override async finally(error: Error | undefined): Promise<unknown> {
    if (this.#api) await (await this.#api.catch(() => undefined))?.close();
    // kubectl's `--warnings-as-errors` (its root command's PersistentPostRunE): after a command that
    // succeeded, the warnings printed (each text once) make it fail. A command that failed keeps its error.
    const warnings = this.#warned.size;
    if (error === undefined && warnings > 0 && this.flags["warnings-as-errors"]) {
      process.stderr.write(`error: ${warnings} warning${warnings === 1 ? "" : "s"} received\n`);
      process.exitCode = 1;
    }
    return super.finally(error);
  }
}

/** The flags with oclif's `delimiter` splitting removed (kubectlArgv splits a slice's values itself). */
function withoutDelimiters<F extends Interfaces.FlagInput | undefined>(flags: F): F {
  if (flags === undefined) return flags;
  return Object.fromEntries(
    Object.entries(flags).map(([name, flag]) => [
      name,
      "delimiter" in flag && flag.delimiter ? { ...flag, delimiter: undefined } : flag,
    ]),
  ) as F;
}
