/**
 * Milliseconds on a monotonic clock (for durations only: the origin is arbitrary). `performance.now()` would
 * do, but the first touch of Node's `performance` global loads perf_hooks, about 1 ms of every CLI start.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
