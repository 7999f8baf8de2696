/**
 * A mistake on the command line (unknown command or flag, a bad flag value, extra arguments), printed the
 * way kubectl prints it. kubectl has two shapes, and users' scripts may match either:
 * - errors found by cobra while parsing (unknown commands and flags, a flag without its value) print as
 *   `Error: …`, then a line such as `See 'kubectl version --help' for usage.`;
 * - errors found by kubectl's own checks (`--output must be 'yaml' or 'json'`) print as `error: …`.
 * Both exit 1.
 */
export class UsageError extends Error {
  /** Which of kubectl's two shapes the error takes: cobra's (`Error: …`) or kubectl's own (`error: …`). */
  readonly shape: "cobra" | "kubectl";
  /** Lines printed under the message, e.g. `See 'kr8s version --help' for usage.` */
  readonly details: readonly string[];

  constructor(message: string, options: { shape?: "cobra" | "kubectl"; details?: string[] } = {}) {
    super(message);
    this.name = "UsageError";
    this.shape = options.shape ?? "kubectl";
    this.details = options.details ?? [];
  }

  /** The text kubectl writes to stderr for this error. */
  render(): string {
    const prefix = this.shape === "cobra" ? "Error" : "error";
    return [`${prefix}: ${this.message}`, ...this.details].map((line) => `${line}\n`).join("");
  }
}
