import { KubeConfigError } from "../errors.ts";

/**
 * Decodes a kubeconfig `*-data` field. kubectl stores base64-encoded PEM; hand-written kubeconfigs
 * sometimes hold the PEM itself, which is accepted as is.
 * @throws {KubeConfigError} when the value is neither PEM nor base64 of PEM (the value is not echoed).
 */
export function decodePemData(value: string, field: string, file: string | undefined): string {
  if (value.includes("-----BEGIN")) return value;
  const decoded = Buffer.from(value.replace(/\s+/g, ""), "base64").toString("utf8");
  if (!decoded.includes("-----BEGIN")) {
    throw new KubeConfigError("the value is neither base64-encoded PEM nor PEM", {
      field,
      file,
    });
  }
  return decoded;
}
