// The transport's timers (retry/throttle waits and the response inactivity guard): what they resolve or
// throw, and that a finished or aborted one leaves nothing behind — no pending timer keeping the process
// alive, no listener piling up on the caller's AbortSignal.
import { getEventListeners } from "node:events";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { APITimeoutError } from "../../src/errors.ts";
import { withInactivityTimeout } from "../../src/http/inactivity.ts";
import { sleep } from "../../src/http/sleep.ts";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("sleep", () => {
  it("resolves after the delay and then leaves no listener on the signal", async () => {
    const controller = new AbortController();
    let done = false;
    const slept = sleep(1000, controller.signal).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await slept;
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("rejects with the signal's reason when aborted, leaving no timer and no listener", async () => {
    const controller = new AbortController();
    const slept = sleep(60_000, controller.signal);
    const reason = new Error("stopped");
    controller.abort(reason);
    await expect(slept).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("waits longer than setTimeout's limit (2^31 - 1 ms) in pieces instead of firing at once", async () => {
    let done = false;
    const slept = sleep(2 ** 31 + 5000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(2 ** 31 - 1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(5001);
    await slept;
    expect(done).toBe(true);
  });
});

describe("withInactivityTimeout", () => {
  it("fails a body that sends nothing for the given time, naming what was read", async () => {
    const body = withInactivityTimeout(new PassThrough(), 5000, "GET /api/v1/pods");
    const failed = new Promise<unknown>((resolve) => body.once("error", resolve));
    body.resume();
    await vi.advanceTimersByTimeAsync(5000);
    const error = await failed;
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe("GET /api/v1/pods: no data for 5000 ms");
  });

  it("each chunk restarts the wait", async () => {
    const source = new PassThrough();
    const body = withInactivityTimeout(source, 5000, "GET /x");
    const errors: unknown[] = [];
    body.on("error", (e) => errors.push(e));
    body.resume();
    for (let i = 0; i < 4; i++) {
      await vi.advanceTimersByTimeAsync(4000);
      source.write("chunk");
    }
    expect(errors).toEqual([]);
  });

  it("a body that ended, or was destroyed, leaves no timer behind", async () => {
    const ended = new PassThrough();
    const guarded = withInactivityTimeout(ended, 5000, "GET /a");
    guarded.resume();
    ended.end("last");
    await new Promise((resolve) => guarded.once("end", resolve));
    expect(vi.getTimerCount()).toBe(0);

    const source = new PassThrough();
    const destroyed = withInactivityTimeout(source, 5000, "GET /b");
    destroyed.resume();
    source.write("x");
    destroyed.destroy();
    await new Promise((resolve) => destroyed.once("close", resolve));
    expect(vi.getTimerCount()).toBe(0);
  });
});
