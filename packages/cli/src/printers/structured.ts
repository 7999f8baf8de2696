/**
 * `-o json` and `-o yaml` as kubectl prints them: 4-space JSON in the value's key order; YAML as
 * sigs.k8s.io/yaml writes it (keys sorted, sequences not indented under their key, long strings never
 * folded, YAML 1.1 quoting). Both end with a newline.
 */
export async function formatStructured(value: unknown, format: string): Promise<string> {
  if (format === "yaml") {
    const { stringify } = await import("yaml");
    // YAML 1.1 quoting, as go-yaml quotes: strings that 1.1 would read as another type (`"yes"`, `"n"`,
    // timestamps such as `"2025-05-15T08:27:33Z"`) stay strings for every reader.
    return stringify(value, { indentSeq: false, sortMapEntries: true, lineWidth: 0, version: "1.1" });
  }
  return `${JSON.stringify(value, null, 4)}\n`;
}
