/**
 * How kubectl's commands refuse arguments that do not fit them: each checks its own way, and users' scripts
 * see the difference (help on stdout or not, the exit code, the words). A command names its way in
 * `static wrongArgs` (src/base-command.ts).
 */
import { UsageError } from "./errors.ts";

/**
 * `help` prints the command's help on stdout first (cobra's `cmd.Help()`); `error` is the error then reported
 * (exit 1), given the arguments and the command's path (`kr8s config view`); without one, the command exits 0
 * after its help.
 */
export interface WrongArgs {
  help?: boolean;
  error?: (positionals: readonly string[], commandPath: string) => UsageError;
}

/** `config use-context`, `set-cluster`, `unset`…: the help, then `error: Unexpected args: [a b]`. */
export const helpThenUnexpectedArgs: WrongArgs = {
  help: true,
  error: (positionals) => new UsageError(`Unexpected args: [${positionals.join(" ")}]`),
};

/** `config view`, `api-resources`, `api-versions`: `error: unexpected arguments: [x]` and where to get help. */
export const unexpectedArguments: WrongArgs = {
  error: (positionals, commandPath) =>
    new UsageError(`unexpected arguments: [${positionals.join(" ")}]`, {
      details: [`See '${commandPath} -h' for help and examples`],
    }),
};

/** `config delete-context` and `delete-cluster` without exactly one name: the help, exit 0. */
export const helpOnly: WrongArgs = { help: true };
