/**
 * client-go's check of the namespace and name it puts in a request path (`rest.Request.Namespace`/`Name`,
 * `IsValidPathSegmentName`): `.`, `..`, or a value holding `/` or `%` cannot be a path segment, and the
 * request is refused before it is sent. Nothing else is checked locally (`-n BAD` goes to the server).
 */

/**
 * client-go's refusal of `value` as the `what` of a request path, or undefined when it can be one.
 * @returns kubectl's words: `invalid namespace "a/b": [may not contain '/']`
 */
export function invalidPathSegment(what: "namespace" | "resource name", value: string): string | undefined {
  const problems =
    value === "." || value === ".."
      ? [`may not be '${value}'`]
      : ["/", "%"].filter((c) => value.includes(c)).map((c) => `may not contain '${c}'`);
  return problems.length === 0
    ? undefined
    : `invalid ${what} ${JSON.stringify(value)}: [${problems.join(" ")}]`;
}
