import { relaxedJsonPath } from "@kr8s/core";
import { UsageError } from "./errors.ts";

/**
 * core's `relaxedJsonPath` (`metadata.name` → `{.metadata.name}`) for the paths of `-o custom-columns`,
 * `--sort-by` and `wait --for=jsonpath=`, refused in kubectl's words (its `RelaxedJSONPathExpression`, which
 * does not repeat the path).
 * @throws {UsageError} `unexpected path string, expected a 'name1.name2' or …`.
 */
export function kubectlRelaxedPath(path: string): string {
  try {
    return relaxedJsonPath(path);
  } catch {
    throw new UsageError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
  }
}
