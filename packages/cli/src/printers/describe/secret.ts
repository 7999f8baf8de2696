/** `kubectl describe secret` (kubectl's `SecretDescriber`, v1.32). */
import { decodedLength } from "./config-map.ts";
import { printObjectHeader, sortedKeys } from "./sections.ts";
import type { Described, StringMap } from "./types.ts";
import { tabbedString } from "./writer.ts";

export interface Secret extends Described {
  type?: string;
  /** Values base64-encoded, as the API sends them. */
  data?: StringMap;
}

/**
 * A Secret: its type and the size of each value in bytes, keys sorted (kubectl prints them in Go's random
 * map order). No value is ever printed: kubectl prints the `token` of a service-account-token Secret in
 * clear; kr8s prints its size like any other value.
 */
export function describeSecret(secret: Secret): string {
  return tabbedString((w) => {
    printObjectHeader(w, secret.metadata);
    w.write(0, `\nType:\t${secret.type ?? ""}\n`);
    w.write(0, "\nData\n====\n");
    for (const key of sortedKeys(secret.data))
      w.write(0, `${key}:\t${decodedLength(secret.data?.[key] ?? "")} bytes\n`);
  });
}
