/**
 * The bookkeeping every refreshing credential source shares: one load in flight at a time, a
 * generation that increases with every load, staleness (expiry or a changed file), and `invalidate`
 * that drops a generation only once however many requests failed with it.
 */
import type { CredentialSource, Credentials } from "../types.ts";

/** What a loader produces; the generation is assigned by {@link CachedCredentialSource}. */
export type LoadedCredentials = Omit<Credentials, "generation">;

export interface CachedCredentialSourceOptions {
  id: string;
  /** Produces fresh credentials. Not passed the caller's signal: the load is shared by every waiter. */
  load: () => Promise<LoadedCredentials>;
  /** Extra staleness check (e.g. the token file changed); expiry is always checked. */
  isStale?: (current: Credentials) => boolean | Promise<boolean>;
  /**
   * Stale once `now` is past `expiresAt` minus this (ms). client-go's rules: 0 for exec plugins (`now.After(exp)`),
   * 10 s for OIDC id-tokens (`expiryDelta`).
   * @default 0
   */
  refreshMarginMs?: number;
  /** Whether invalidating can produce anything new (false for a static token). @default true */
  refreshable?: boolean;
  /** @default Date.now */
  now?: () => number;
}

/** A {@link CredentialSource} that caches what `load` produced until it is stale or invalidated. */
export class CachedCredentialSource implements CredentialSource {
  readonly id: string;
  #options: CachedCredentialSourceOptions;
  #current: Credentials | undefined;
  #inflight: Promise<Credentials> | undefined;
  #generation = 0;

  constructor(options: CachedCredentialSourceOptions) {
    this.id = options.id;
    this.#options = options;
  }

  async get(signal?: AbortSignal): Promise<Credentials> {
    signal?.throwIfAborted();
    const current = this.#current;
    if (current !== undefined && !(await this.#isStale(current))) return current;
    // A load may have finished (or started) while the staleness check awaited.
    if (this.#current !== undefined && this.#current !== current) return this.#current;
    this.#inflight ??= this.#load();
    return abortable(this.#inflight, signal);
  }

  invalidate(generation: number): boolean {
    if (this.#options.refreshable === false) return false;
    if (this.#current?.generation === generation) this.#current = undefined;
    return true;
  }

  async #isStale(current: Credentials): Promise<boolean> {
    const now = (this.#options.now ?? Date.now)();
    const margin = this.#options.refreshMarginMs ?? 0;
    if (current.expiresAt !== undefined && now > current.expiresAt.getTime() - margin) return true;
    return (await this.#options.isStale?.(current)) ?? false;
  }

  async #load(): Promise<Credentials> {
    try {
      const loaded = await this.#options.load();
      this.#generation += 1;
      const credentials: Credentials = { ...loaded, generation: this.#generation };
      this.#current = credentials;
      return credentials;
    } finally {
      this.#inflight = undefined;
    }
  }
}

/** Waits for a shared promise, giving up (without cancelling it) when `signal` aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
