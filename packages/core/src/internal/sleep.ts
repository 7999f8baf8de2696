/**
 * Waits `ms` milliseconds, or rejects with the signal's reason when `signal` aborts (`node:timers/promises`'
 * `setTimeout`). That module is loaded on the first wait: the modules that wait are evaluated by every
 * command of the CLI, and most never wait (about 1 ms of each start).
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  const { setTimeout } = await import("node:timers/promises");
  await setTimeout(ms, undefined, signal ? { signal } : {});
}
