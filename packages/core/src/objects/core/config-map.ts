import type { ConfigMap as ConfigMapJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/** A ConfigMap (`v1`, namespaced): configuration as text (`data`) and bytes (`binaryData`). */
export class ConfigMap extends APIObject<ConfigMapJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "ConfigMap";
  static override readonly plural = "configmaps";
  static override readonly singular = "configmap";
  static override readonly shortNames = ["cm"];
  static override readonly namespaced = true;

  /**
   * The text entries (`data`), `{}` when there are none. The object returned is the JSON's own: changing
   * it changes `raw`. Assigning replaces `raw.data`; send the object (apply, replace) to store it.
   */
  get data(): Record<string, string> {
    return (this.raw.data ??= {});
  }

  set data(values: Record<string, string>) {
    this.raw.data = values;
  }

  /**
   * The byte entries (`binaryData`), decoded from base64, `{}` when there are none: a new object each read.
   * Assigning encodes the bytes into `raw.binaryData` (replacing it).
   */
  get binaryData(): Record<string, Buffer> {
    return Object.fromEntries(
      Object.entries(this.raw.binaryData ?? {}).map(([key, value]) => [key, Buffer.from(value, "base64")]),
    );
  }

  set binaryData(values: Record<string, Uint8Array>) {
    this.raw.binaryData = Object.fromEntries(
      Object.entries(values).map(([key, value]) => [key, Buffer.from(value).toString("base64")]),
    );
  }
}
