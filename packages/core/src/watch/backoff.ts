/**
 * Backoff between a watch's or an informer's reconnection attempts after failures, like client-go's
 * reflector (0.8 s doubling to 30 s, with jitter). Not the transport's retry policy: that one follows the
 * server's `Retry-After` and nothing else (http/backoff.ts).
 */

/** Backoff settings of a watch or an informer. */
export interface ReconnectBackoff {
  /** First wait. @default 800 */
  minDelayMs?: number | undefined;
  /** Longest wait. @default 30000 */
  maxDelayMs?: number | undefined;
}

export type ResolvedReconnectBackoff = Required<{ [K in keyof ReconnectBackoff]: number }>;

export function resolveReconnectBackoff(backoff: ReconnectBackoff = {}): ResolvedReconnectBackoff {
  return {
    minDelayMs: Math.max(0, backoff.minDelayMs ?? 800),
    maxDelayMs: Math.max(0, backoff.maxDelayMs ?? 30_000),
  };
}

/** The wait before reconnection attempt `failures` (1 = after the first failure), in ms. */
export function reconnectDelay(failures: number, backoff: ResolvedReconnectBackoff): number {
  const ceiling = Math.min(backoff.maxDelayMs, backoff.minDelayMs * 2 ** Math.max(0, failures - 1));
  // Half fixed, half random: spreads clients apart without ever collapsing to an immediate retry.
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
