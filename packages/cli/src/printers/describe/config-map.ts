/** `kubectl describe configmap` (kubectl's `ConfigMapDescriber`, v1.32). */
import { describeEvents, printObjectHeader, sortedKeys } from "./sections.ts";
import type { DescribedEvent, Described, StringMap } from "./types.ts";
import { tabbedString } from "./writer.ts";

export interface ConfigMap extends Described {
  data?: StringMap;
  /** Values base64-encoded, as the API sends them. */
  binaryData?: StringMap;
}

/** The length in bytes of base64-encoded data. */
export function decodedLength(base64: string): number {
  return Buffer.from(base64, "base64").length;
}

/**
 * A ConfigMap: its data as `key:`, `----`, the value, a blank line; binary data as byte counts.
 * Keys are sorted (kubectl prints them in Go's random map order). `events` undefined: `--show-events=false`.
 */
export function describeConfigMap(
  configMap: ConfigMap,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  return tabbedString((w) => {
    printObjectHeader(w, configMap.metadata);
    w.write(0, "\nData\n====\n");
    for (const key of sortedKeys(configMap.data)) {
      w.write(0, `${key}:\n----\n`);
      w.write(0, `${configMap.data?.[key] ?? ""}\n`);
      w.write(0, "\n");
    }
    w.write(0, "\nBinaryData\n====\n");
    for (const key of sortedKeys(configMap.binaryData))
      w.write(0, `${key}: ${decodedLength(configMap.binaryData?.[key] ?? "")} bytes\n`);
    w.write(0, "\n");
    if (events) describeEvents(w, events, now);
  });
}
