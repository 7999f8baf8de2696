/**
 * Client-side rate limiting, like client-go's token-bucket `flowcontrol.RateLimiter`: a bucket of `burst`
 * tokens refilled at `qps` per second; every request (and every retry of it) takes one token.
 */
import { sleep } from "./sleep.ts";
import { monotonicMs } from "../internal/clock.ts";

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Sustained requests per second; `Infinity` (or <= 0) disables limiting. @default 50 */
  qps?: number;
  /** Requests allowed at once before throttling starts. @default 300 */
  burst?: number;
}

/** A token bucket shared by every request of one transport. */
export interface RateLimiter {
  /** Wait for a token; resolves with the milliseconds waited. Rejects with `signal.reason` on abort. */
  acquire(signal?: AbortSignal): Promise<number>;
}

/**
 * kubectl's values (it raises client-go's 5 QPS / burst 10 to 50 / 300 for discovery): a CLI does short
 * bursts (discovery, `get a,b,c`, fan-out) and API Priority and Fairness protects the server anyway.
 */
export const DEFAULT_QPS = 50;
export const DEFAULT_BURST = 300;

/**
 * Create a token bucket. Waiters are served in order: each takes a reservation on the future token stream,
 * like `golang.org/x/time/rate`, so concurrent callers never starve each other.
 */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const qps = options.qps ?? DEFAULT_QPS;
  const burst = Math.max(1, Math.floor(options.burst ?? DEFAULT_BURST));
  if (!(qps > 0) || qps === Infinity) return { acquire: () => Promise.resolve(0) };

  let tokens = burst;
  let last = monotonicMs();

  return {
    async acquire(signal) {
      if (signal?.aborted) throw signal.reason;
      const now = monotonicMs();
      tokens = Math.min(burst, tokens + ((now - last) / 1000) * qps);
      last = now;
      tokens -= 1;
      if (tokens >= 0) return 0;
      const waitMs = Math.ceil((-tokens / qps) * 1000);
      try {
        await sleep(waitMs, signal);
      } catch (error) {
        tokens += 1; // give the reservation back
        throw error;
      }
      return waitMs;
    },
  };
}
