/**
 * `-o json` and `-o yaml` as kubectl prints them: 4-space JSON in the value's key order; YAML as
 * sigs.k8s.io/yaml writes it (keys sorted, sequences not indented under their key, long strings never
 * folded). Both end with a newline.
 */
export async function formatStructured(value: unknown, format: string): Promise<string> {
  if (format === "yaml") {
    const { stringify } = await import("yaml");
    return stringify(value, { indentSeq: false, sortMapEntries: true, lineWidth: 0 });
  }
  return `${JSON.stringify(value, null, 4)}\n`;
}
