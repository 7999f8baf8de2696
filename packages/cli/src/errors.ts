/**
 * A mistake on the command line (unknown command or flag, a bad flag value, extra arguments), printed the
 * way kubectl prints it: `error: …`, then lines such as `See 'kubectl version --help' for usage.`; exit 1.
 * kubectl silences cobra's own `Error: …` and prints every error through its `CheckErr` (kubectl 1.32 and
 * 1.33 alike; the `Error: …` seen from gcloud's `kubectl` comes from its version dispatcher, not kubectl).
 */
export class UsageError extends Error {
  /** Lines printed under the message, e.g. `See 'kr8s version --help' for usage.` */
  readonly details: readonly string[];

  constructor(message: string, options: { details?: string[] } = {}) {
    super(message);
    this.name = "UsageError";
    this.details = options.details ?? [];
  }

  /** The text kubectl writes to stderr for this error. */
  render(): string {
    return [`error: ${this.message}`, ...this.details].map((line) => `${line}\n`).join("");
  }
}
