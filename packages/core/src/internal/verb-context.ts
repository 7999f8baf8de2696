/**
 * What every verb needs from its `Api`: the transport, the default namespace and kind resolution. `Api`
 * builds one per client; verbs never reach past it. Internal: never exported from the package's index.
 */
import type { Api } from "../api.ts";
import type { Transport } from "../http/transport.ts";
import type { KindArg, ResolvedKind } from "../objects/registry.ts";

export interface VerbContext {
  readonly api: Api;
  readonly transport: Transport;
  /** The namespace a verb uses when the caller gives none (the `Api`'s). */
  readonly namespace: string;
  /** Any kind spelling or class → its resource and class. @throws {UnknownKindError} */
  resolve(kind: KindArg, signal?: AbortSignal): Promise<ResolvedKind>;
  /** An object's exact `apiVersion` + `kind` → its resource and class. @throws {UnknownKindError} */
  resolveObject(apiVersion: string, kind: string, signal?: AbortSignal): Promise<ResolvedKind>;
}

/** `signal` as a spreadable option: `{...signalOption(signal)}` (exactOptionalPropertyTypes). */
export function signalOption(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}
