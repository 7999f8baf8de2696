import { Flags } from "@oclif/core";

/** Connection flags every command that talks to a cluster shares (kubectl's global flags). */
export const connectionFlags = {
  kubeconfig: Flags.string({
    description: "Path to the kubeconfig file to use for CLI requests.",
    helpGroup: "GLOBAL",
  }),
  context: Flags.string({ description: "The name of the kubeconfig context to use.", helpGroup: "GLOBAL" }),
  namespace: Flags.string({
    char: "n",
    description: "If present, the namespace scope for this CLI request.",
    helpGroup: "GLOBAL",
  }),
  v: Flags.integer({
    char: "v",
    description: "Log level: 6 and above print every HTTP request (credentials redacted).",
    helpGroup: "GLOBAL",
    default: 0,
  }),
};

export const outputFormatFlag = Flags.string({
  char: "o",
  description: "Output format. One of: (json, yaml).",
  options: ["json", "yaml"],
});
