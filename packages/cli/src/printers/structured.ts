/** `-o json` and `-o yaml` as kubectl prints them: 4-space JSON, block YAML; both end with a newline. */
export async function formatStructured(value: unknown, format: string): Promise<string> {
  if (format === "yaml") {
    const { stringify } = await import("yaml");
    return stringify(value);
  }
  return `${JSON.stringify(value, null, 4)}\n`;
}
