/** Abortable timers used by retry waits and rate limiting. */

// setTimeout fires at once (with a warning) for longer delays; a `Retry-After` may ask for more.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Resolve after `ms`, or reject with `signal.reason` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout;
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const wait = (left: number): void => {
      timer = setTimeout(
        () => {
          if (left > MAX_TIMER_MS) return wait(left - MAX_TIMER_MS);
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.min(left, MAX_TIMER_MS),
      );
    };
    wait(ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
