import { formatGoJsonInOrder } from "./go-json.ts";
import { formatGoYaml } from "./go-yaml.ts";

/**
 * `-o json` and `-o yaml` of the commands that print one object of their own (`version`, `auth whoami`,
 * `config view`, `events`): 4-space JSON in the value's key order, with Go's escapes of `<`, `>` and `&`
 * (`\u003c`…, as `json.MarshalIndent` writes them); YAML as sigs.k8s.io/yaml writes it
 * ({@link formatGoYaml}, the same writer as `get -o yaml`). Both end with a newline.
 */
export function formatStructured(value: unknown, format: string): string {
  return format === "yaml" ? formatGoYaml(value) : formatGoJsonInOrder(value);
}
