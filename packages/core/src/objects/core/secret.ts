import type { Secret as SecretJSON } from "kubernetes-types/core/v1.js";
import { APIObject, type APIObjectOptions } from "../api-object.ts";
import { definedFields } from "../object-helpers.ts";

/** What {@link Secret.gen} builds a Secret from. */
export interface SecretGenOptions {
  name: string;
  /** @default the client's namespace, when the Secret is sent */
  namespace?: string | undefined;
  /** @default "Opaque" (the server's default) */
  type?: string | undefined;
  /** Values as text (UTF-8) or bytes; encoded to base64 into `data` here, not by the server. */
  data?: Record<string, string | Uint8Array> | undefined;
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
  immutable?: boolean | undefined;
}

function encode(values: Record<string, string | Uint8Array>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      (typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value)).toString("base64"),
    ]),
  );
}

/**
 * A Secret (`v1`, namespaced). The API carries values base64-encoded in `data`: {@link Secret.data} reads
 * them decoded and writes them encoded, so code never handles base64. The values are secret: kr8s never
 * puts them in errors or debug output.
 */
export class Secret extends APIObject<SecretJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "Secret";
  static override readonly plural = "secrets";
  static override readonly singular = "secret";
  static override readonly shortNames: readonly string[] = [];
  static override readonly namespaced = true;

  /**
   * A Secret not yet sent to the server, its values encoded into `data`.
   * @example
   * await k.create(Secret.gen({ name: "db", data: { password: "s3cret" } }));
   */
  static gen<T extends typeof Secret>(
    this: T,
    options: SecretGenOptions,
    objectOptions?: APIObjectOptions,
  ): InstanceType<T> {
    const metadata = definedFields({
      name: options.name,
      namespace: options.namespace,
      labels: options.labels,
      annotations: options.annotations,
    });
    const raw: SecretJSON = {
      apiVersion: "v1",
      kind: "Secret",
      metadata,
      type: options.type ?? "Opaque",
      data: encode(options.data ?? {}),
      ...(options.immutable === undefined ? {} : { immutable: options.immutable }),
    };
    return new this(raw, objectOptions) as InstanceType<T>;
  }

  /**
   * The values, decoded from base64 as UTF-8 text (a new object each read; use {@link Secret.dataBytes}
   * for binary values). `stringData` of an unsent object is merged over `data`, as the server will.
   * Assigning encodes the values into `raw.data`, replacing it (and drops `stringData`).
   */
  get data(): Record<string, string> {
    const decoded = Object.entries(this.dataBytes).map(
      ([key, bytes]) => [key, bytes.toString("utf8")] as const,
    );
    return Object.fromEntries(decoded);
  }

  set data(values: Record<string, string | Uint8Array>) {
    this.raw.data = encode(values);
    delete this.raw.stringData;
  }

  /** The values as bytes, decoded from base64 (a new object each read); `stringData` merged over `data`. */
  get dataBytes(): Record<string, Buffer> {
    const fromData = Object.entries(this.raw.data ?? {}).map(
      ([key, value]) => [key, Buffer.from(value, "base64")] as const,
    );
    const fromStringData = Object.entries(this.raw.stringData ?? {}).map(
      ([key, value]) => [key, Buffer.from(value, "utf8")] as const,
    );
    return Object.fromEntries([...fromData, ...fromStringData]);
  }
}
