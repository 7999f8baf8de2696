import { Args, Flags } from "@oclif/core";
import { Kr8sCommand } from "../base-command.ts";
import { UsageError } from "../errors.ts";
import type { CompletionSpec } from "../completion/spec.ts";

export default class Explain extends Kr8sCommand<typeof Explain> {
  static override args = {
    type: Args.string({ description: "TYPE or TYPE.field.path (e.g. pods.spec.containers)" }),
  };
  static completion: CompletionSpec = {
    args: { source: "resource-types", max: 1 },
    flagValues: { output: ["plaintext"] },
  };
  static override description = `Describe fields and structure of various resources, from the OpenAPI v3 schema the server publishes (so custom resources are explained too). Output as kubectl's: KIND and VERSION, the field's type (<string>, <[]Container>, <map[string]string>, <Object>), -required-, allowed values (enum), its description and its fields.

Fields are named with a dot path: TYPE.field.subfield. A group picks among resources of the same name (deployments.apps.spec), or --api-version picks the group and version. The documents are cached on disk by their content hash, so only a small index is read each time.`;
  static override examples = [
    "<%= config.bin %> <%= command.id %> pods",
    "<%= config.bin %> <%= command.id %> pods.spec.containers",
    "<%= config.bin %> <%= command.id %> deployments.spec.strategy",
    "<%= config.bin %> <%= command.id %> pods.spec.affinity --recursive",
    "<%= config.bin %> <%= command.id %> cronjobs --api-version=batch/v1",
  ];
  static override flags = {
    "api-version": Flags.string({
      description: "Use given api-version (group/version) of the resource.",
    }),
    output: Flags.string({
      description: "Format in which to render the schema. Valid values are: (plaintext).",
      default: "plaintext",
    }),
    recursive: Flags.boolean({
      description:
        "When true, print the name of all the fields recursively. Otherwise, print the available fields with their description.",
      allowNo: true,
    }),
  };
  static override strict = false;
  static override summary = "Get documentation for a resource.";

  async run(): Promise<void> {
    const bin = this.config.bin;
    const [argument, ...extra] = this.positionals;
    if (argument === undefined)
      throw new UsageError(
        `You must specify the type of resource to explain. Use "${bin} api-resources" for a complete list of supported resources.`,
      );
    if (extra.length > 0) throw new UsageError("We accept only this format: explain RESOURCE");
    const { explainSyntaxError, explainTarget } = await import("../explain-target.ts");
    const syntaxError = explainSyntaxError(argument);
    if (syntaxError !== undefined) throw new UsageError(syntaxError);
    const api = await this.api();
    const apiVersion = this.flags["api-version"] || undefined;
    let target = explainTarget(argument, await api.apiResources(), apiVersion);
    // A resource added a moment ago (a new CRD) is not in cached discovery yet.
    target ??= explainTarget(argument, await api.apiResources({ fresh: true }), apiVersion);
    if (target === undefined) {
      const word = argument.replace(/\.$/, "").split(".")[0] ?? "";
      this.logToStderr(`the server doesn't have a resource type ${JSON.stringify(word)}`);
      this.exit(1);
    }
    if (target.shortName !== undefined) {
      const { warnOfShortNameNamesakes } = await import("../resource-targets.ts");
      await warnOfShortNameNamesakes(api, target.shortName.name, target.shortName);
    }
    const output = this.flags.output;
    if (output === "plaintext-openapiv2")
      throw new UsageError(
        "--output=plaintext-openapiv2 (kubectl's OpenAPI v2 renderer) is not supported: use --output=plaintext, which explains the same fields from the server's OpenAPI v3 schema",
      );
    if (output !== "plaintext") throw new UsageError(`unrecognized format: ${output}`);
    const groupVersion = target.group === "" ? target.version : `${target.group}/${target.version}`;
    const document = await api.openApiV3(groupVersion);
    if (document === undefined)
      throw new UsageError(
        `couldn't find resource for "${target.group}/${target.version}, Resource=${target.resource}"`,
      );
    const { explainText } = await import("../printers/explain.ts");
    const result = explainText(document, { ...target, recursive: this.flags.recursive });
    this.write(result.text);
    if (result.error !== undefined) throw new UsageError(result.error.replace(/^error: /, ""));
  }
}
