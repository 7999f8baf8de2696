import { Flags } from "@oclif/core";
import { Kr8sCommand } from "../base-command.ts";
import { UsageError } from "../errors.ts";
import { stringSlice } from "../flags.ts";
import type { CompletionSpec } from "../completion/spec.ts";
import { unexpectedArguments } from "../wrong-args.ts";

export default class ApiResources extends Kr8sCommand<typeof ApiResources> {
  static completion: CompletionSpec = {
    flagValues: { output: ["wide", "name"], "sort-by": ["name", "kind"] },
  };
  static override description =
    "Print the supported API resources on the server: one row per resource in its group's preferred version, read fresh from the server's discovery (--cached: from the 6-hour discovery cache).";
  static override examples = [
    "<%= config.bin %> <%= command.id %>",
    "<%= config.bin %> <%= command.id %> -o wide",
    "<%= config.bin %> <%= command.id %> --sort-by=name",
    "<%= config.bin %> <%= command.id %> --namespaced=true",
    "<%= config.bin %> <%= command.id %> --namespaced=false",
    "<%= config.bin %> <%= command.id %> --api-group=rbac.authorization.k8s.io",
    "<%= config.bin %> <%= command.id %> --verbs=list,get -o name",
  ];
  static override flags = {
    "api-group": Flags.string({
      description: 'Limit to resources in the specified API group ("" for the core group).',
    }),
    cached: Flags.boolean({ description: "Use the cached list of resources if available." }),
    categories: Flags.string({
      description: "Limit to resources that belong to the specified categories (comma-separated).",
      ...stringSlice,
    }),
    namespaced: Flags.boolean({
      allowNo: true,
      description:
        "If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.",
    }),
    "no-headers": Flags.boolean({
      description: "When using the default or custom-column output format, don't print headers.",
    }),
    output: Flags.string({ char: "o", description: "Output format. One of: (wide, name)." }),
    "sort-by": Flags.string({
      description: "If non-empty, sort list of resources using specified field. One of: (name, kind).",
    }),
    verbs: Flags.string({
      description: "Limit to resources that support the specified verbs (comma-separated).",
      ...stringSlice,
    }),
  };
  // Words after the command reach it (oclif would read them as a subcommand): wrongArgs reports them.
  static override strict = false;
  static override summary = "Print the supported API resources on the server.";
  static override wrongArgs = unexpectedArguments;

  async run(): Promise<void> {
    const output = this.flags.output ?? "";
    if (output !== "" && output !== "wide" && output !== "name") {
      throw new UsageError(`--output ${output} is not available`);
    }
    const sortBy = this.flags["sort-by"] ?? "";
    if (sortBy !== "" && sortBy !== "name" && sortBy !== "kind") {
      throw new UsageError("--sort-by accepts only name or kind");
    }
    const verbs = (this.flags.verbs ?? []).filter(Boolean);
    const categories = (this.flags.categories ?? []).filter(Boolean);
    const group = this.flags["api-group"];
    const { namespaced } = this.flags;
    const resources = (await (await this.api()).apiResources({ fresh: !this.flags.cached })).filter(
      (r) =>
        // kubectl skips resources with no verbs (they cannot be used).
        r.verbs.length > 0 &&
        (group === undefined || r.group === group) &&
        (namespaced === undefined || r.namespaced === namespaced) &&
        verbs.every((verb) => r.verbs.includes(verb)) &&
        categories.every((category) => r.categories.includes(category)),
    );
    const { formatApiResources, sortApiResources } = await import("../printers/api-resources.ts");
    process.stdout.write(
      formatApiResources(sortApiResources(resources, sortBy === "" ? "group" : sortBy), {
        output,
        headers: !this.flags["no-headers"],
      }),
    );
  }
}
