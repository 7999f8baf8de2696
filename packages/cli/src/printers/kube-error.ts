import type { KindInfo, Kr8sError, ServerError } from "@kr8s/core";

/** A list request, which kubectl names in its BadRequest and NotFound messages. */
export interface ListContext {
  /** Go's `GroupVersionResource.String()`: `apps/v1, Resource=deployments`, `/v1, Resource=pods`. */
  resource: string;
  labelSelector: string;
  fieldSelector: string;
}

/** What a list request was (`-l`, `--field-selector`), for kubectl's wording of its errors. */
export function listContext(
  info: Pick<KindInfo, "group" | "version" | "plural">,
  flags: { selector?: string | undefined; "field-selector"?: string | undefined },
): ListContext {
  return {
    resource: `${info.group}/${info.version}, Resource=${info.plural}`,
    labelSelector: flags.selector ?? "",
    fieldSelector: flags["field-selector"] ?? "",
  };
}

/**
 * The line kubectl prints on stderr for an error (kubectl's `cmdutil.StandardErrorMessage`): the server's
 * refusals as `Error from server (NotFound): pods "x" not found`, a 401 as `error: You must be logged in
 * to the server (Unauthorized)`, the problems client-go's configuration checks found as kubectl's
 * `error: <problem>` or `Error in configuration:` with a `* <problem>` line each (a KubeConfigError's
 * `problems`), anything else as `error: <message>`. A list's BadRequest or NotFound is
 * reworded as cli-runtime's selector visitor does (`Unable to find "/v1, Resource=pods" that match label
 * selector "a=(", field selector "": …`).
 */
export function kubectlErrorLine(error: Kr8sError, list?: ListContext): string {
  if (isServerError(error)) {
    const reason = error.reason;
    if (reason === "Unauthorized") return `error: You must be logged in to the server (${error.message})`;
    let message = error.message;
    if (list && (reason === "BadRequest" || reason === "NotFound")) {
      message =
        list.labelSelector === "" && list.fieldSelector === ""
          ? `Unable to list ${JSON.stringify(list.resource)}: ${message}`
          : `Unable to find ${JSON.stringify(list.resource)} that match label selector ${JSON.stringify(list.labelSelector)}, field selector ${JSON.stringify(list.fieldSelector)}: ${message}`;
    }
    return reason ? `Error from server (${reason}): ${message}` : `Error from server: ${message}`;
  }
  const problems = "problems" in error ? (error.problems as readonly string[]) : [];
  // client-go's configuration checks: kubectl unwraps one problem, and lists several (cmdutil.MultilineError).
  if (problems.length > 1) return ["Error in configuration: ", ...problems.map((p) => `* ${p}`)].join("\n");
  return `error: ${problems[0] ?? error.message}`;
}

function isServerError(error: Kr8sError): error is ServerError {
  return "statusCode" in error && "status" in error;
}

/**
 * The text of Go's error aggregate (apimachinery's `utilerrors.Aggregate`), as kubectl prints one nested
 * in another (its resource builder's errors among the command's own): the distinct messages, in brackets
 * when there are several (`[a, b]`).
 */
export function goAggregateText(messages: readonly string[]): string {
  const distinct = [...new Set(messages)];
  return distinct.length === 1 ? (distinct[0] ?? "") : `[${distinct.join(", ")}]`;
}
