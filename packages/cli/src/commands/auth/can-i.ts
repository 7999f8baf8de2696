import { Args, Flags } from "@oclif/core";
import type { NamespaceOption } from "@kr8s/core";
import { Kr8sCommand } from "../../base-command.ts";
import { UsageError } from "../../errors.ts";

/** Verbs the API server knows for resources and for non-resource URLs (kubectl warns about others). */
const RESOURCE_VERBS = [
  "get",
  "list",
  "watch",
  "create",
  "update",
  "patch",
  "delete",
  "deletecollection",
  "use",
  "bind",
  "impersonate",
  "*",
  "approve",
  "sign",
  "escalate",
  "attest",
];
const NON_RESOURCE_VERBS = ["get", "put", "post", "head", "options", "delete", "patch", "*"];
/** Resources RBAC rules name that no API serves (kubectl does not warn about them). */
const NON_STANDARD_RESOURCES = ["users", "groups"];

export default class AuthCanI extends Kr8sCommand<typeof AuthCanI> {
  static override args = {
    verb: Args.string({ description: "get, list, create, …, or * for any." }),
    resource: Args.string({
      description: "A resource (pods, deploy.apps, *), resource/name, or a non-resource URL (/healthz).",
    }),
  };
  static override description = `Check whether an action is allowed: prints yes (exit 0) or no (exit 1), with the authorizer's reason when it gives one. Asks the server with a SelfSubjectAccessReview, after impersonation.

VERB is a logical Kubernetes API verb like 'get', 'list', 'watch', 'delete', etc. TYPE is a Kubernetes resource; shortcuts and groups are resolved. NONRESOURCEURL is a partial URL that starts with "/". NAME is the name of a particular Kubernetes resource.
--list prints everything you may do in the namespace (a SelfSubjectRulesReview).`;
  static override examples = [
    "<%= config.bin %> <%= command.id %> create pods --all-namespaces",
    "<%= config.bin %> <%= command.id %> list deployments.apps",
    "<%= config.bin %> <%= command.id %> '*' '*'",
    "<%= config.bin %> <%= command.id %> list jobs.batch/bar -n foo",
    "<%= config.bin %> <%= command.id %> get pods --subresource=log",
    "<%= config.bin %> <%= command.id %> get /logs/",
    "<%= config.bin %> <%= command.id %> --list --namespace=foo",
  ];
  static override flags = {
    "all-namespaces": Flags.boolean({
      char: "A",
      description: "If true, check the specified action in all namespaces.",
    }),
    list: Flags.boolean({ description: "If true, prints all allowed actions." }),
    "no-headers": Flags.boolean({ description: "If true, prints allowed actions without headers" }),
    quiet: Flags.boolean({
      char: "q",
      description: "If true, suppress output and just return the exit code.",
    }),
    subresource: Flags.string({ description: "SubResource such as pod/log or deployment/scale" }),
  };
  static override summary = "Check whether an action is allowed.";
  // The argument count is checked by run, in kubectl's words (oclif would say `extra arguments`).
  static override strict = false;

  async run(): Promise<void> {
    const flags = this.flags;
    if (flags.list) {
      if (flags.quiet || flags["all-namespaces"] || flags.subresource !== undefined) {
        throw new UsageError(
          "list option can't be specified with neither quiet, all-namespaces nor subresource options",
        );
      }
      if (this.positionals.length > 0)
        throw new UsageError("list option must be specified with no arguments");
      await this.#list();
      return;
    }
    const [verb, target] = this.positionals;
    if (verb === undefined || target === undefined || this.positionals.length > 2) {
      throw new UsageError("you must specify two arguments: verb resource or verb resource/resourceName.", {
        details: [`See '${this.config.bin} auth can-i -h' for help and examples.`],
      });
    }
    const k = await this.api();
    const warnings: string[] = [];
    let resource = target;
    let name: string | undefined;
    if (target.startsWith("/")) {
      if (flags.subresource !== undefined)
        throw new UsageError("--subresource can not be used with NonResourceURL");
      if (!NON_RESOURCE_VERBS.includes(verb)) warnings.push(`verb '${verb}' is not a known verb`);
    } else {
      const slash = target.indexOf("/");
      if (slash >= 0) [resource, name] = [target.slice(0, slash), target.slice(slash + 1)];
      if (resource !== "*") {
        const { UnknownKindError } = await import("@kr8s/core");
        try {
          const info = await k.lookupKind(resource);
          if (!info.namespaced && !flags["all-namespaces"]) {
            warnings.push(
              info.group
                ? `resource '${info.plural}' is not namespace scoped in group '${info.group}'`
                : `resource '${info.plural}' is not namespace scoped`,
            );
          }
        } catch (error) {
          if (!(error instanceof UnknownKindError)) throw error;
          const lower = resource.toLowerCase();
          const dot = lower.indexOf(".");
          const [plural, group] = dot < 0 ? [lower, ""] : [lower.slice(0, dot), lower.slice(dot + 1)];
          if (!NON_STANDARD_RESOURCES.includes(lower)) {
            warnings.unshift(
              group
                ? `the server doesn't have a resource type '${plural}' in group '${group}'`
                : `the server doesn't have a resource type '${plural}'`,
            );
          }
        }
      }
      if (!RESOURCE_VERBS.includes(verb)) warnings.push(`verb '${verb}' is not a known verb`);
    }
    // kubectl's warning printer leaves a blank line under each warning.
    for (const warning of warnings) process.stderr.write(`Warning: ${warning}\n\n`);
    const { ALL }: { ALL: NamespaceOption } = await import("@kr8s/core");
    const review = await k.accessReview(verb, resource, {
      ...(flags["all-namespaces"] ? { namespace: ALL } : {}),
      ...(name === undefined ? {} : { name }),
      ...(flags.subresource === undefined ? {} : { subresource: flags.subresource }),
    });
    if (!flags.quiet) {
      const because = [review.reason, review.evaluationError].filter(Boolean).map((text) => ` - ${text}`);
      this.log(review.allowed ? "yes" : `no${because.join("")}`);
    }
    if (!review.allowed) this.exit(1);
  }

  async #list(): Promise<void> {
    const status = await (await this.api()).rulesReview();
    if (status.incomplete) {
      process.stderr.write(`warning: the list may be incomplete: ${status.evaluationError}\n`);
    }
    const { formatAccessRules } = await import("../../printers/access-rules.ts");
    process.stdout.write(formatAccessRules(status, !this.flags["no-headers"]));
  }
}
