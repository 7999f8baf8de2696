/**
 * What a command declares for shell completion, as a static `completion` property of its class: oclif
 * copies such properties into its manifest, so `kr8s __complete` reads them without importing the command.
 */

/** Where a command's positional arguments come from. */
export type ArgSource =
  /** kubectl's `TYPE [NAME…]` or `TYPE/NAME…` (`get`, `describe`, `wait`). */
  | "resources"
  /** Resource types only (`explain`). */
  | "resource-types"
  /** Names from the kubeconfig. */
  | "contexts"
  | "clusters"
  | "users"
  /** `completion`'s shells. */
  | "shells"
  /** Command paths (`help config set`). */
  | "commands";

export interface CompletionSpec {
  /** The command's arguments; `max` is how many are completed (kubectl's `len(args) == 0` checks). */
  args?: { source: ArgSource; max?: number };
  /** Flags whose value is one object as `TYPE/NAME` (`events --for`). */
  objectFlags?: readonly string[];
  /** Fixed values of flags, by flag name (`output` → the formats the command prints). */
  flagValues?: Readonly<Record<string, readonly string[]>>;
}
