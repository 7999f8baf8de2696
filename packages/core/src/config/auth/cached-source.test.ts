import { describe, expect, it, vi } from "vitest";
import { abortable, CachedCredentialSource } from "./cached-source.ts";

function deferredSource() {
  let loads = 0;
  let release: (token: string) => void = () => undefined;
  const source = new CachedCredentialSource({
    id: "test",
    load: () => {
      loads += 1;
      return new Promise((resolve) => (release = (token) => resolve({ token })));
    },
  });
  return { source, release: (token: string) => release(token), loads: () => loads };
}

describe("CachedCredentialSource", () => {
  it("a caller that aborts stops waiting without cancelling the shared load", async () => {
    const { source, release, loads } = deferredSource();
    const controller = new AbortController();
    const aborted = source.get(controller.signal);
    const patient = source.get();
    controller.abort();
    await expect(aborted).rejects.toThrow();
    release("tok");
    expect((await patient).token).toBe("tok");
    expect(loads()).toBe(1);
  });

  it("drops a generation only once, however many requests failed with it", async () => {
    const { source, release, loads } = deferredSource();
    const pending = source.get();
    release("one");
    const first = await pending;
    source.invalidate(first.generation);
    const next = source.get();
    release("two");
    const second = await next;
    // A late 401 for the old generation must not throw away the fresh credentials.
    expect(source.invalidate(first.generation)).toBe(true);
    expect(await source.get()).toBe(second);
    expect(loads()).toBe(2);
  });

  it("refreshes credentials once now is past expiry minus the margin, like client-go's now.After(exp - margin)", async () => {
    let now = 0;
    let loads = 0;
    const source = new CachedCredentialSource({
      id: "t",
      refreshMarginMs: 1_000,
      now: () => now,
      load: () => Promise.resolve({ token: `t${++loads}`, expiresAt: new Date(10_000) }),
    });
    expect((await source.get()).token).toBe("t1");
    now = 9_000;
    expect((await source.get()).token).toBe("t1");
    now = 9_001;
    expect((await source.get()).token).toBe("t2");
  });

  it("a caller whose staleness check finished after another caller reloaded takes the new credentials", async () => {
    let loads = 0;
    let releaseCheck: (stale: boolean) => void = () => undefined;
    let slowCheck = false;
    const source = new CachedCredentialSource({
      id: "t",
      load: () => Promise.resolve({ token: `t${++loads}` }),
      isStale: () => (slowCheck ? new Promise<boolean>((resolve) => (releaseCheck = resolve)) : false),
    });
    const first = await source.get();
    slowCheck = true;
    const waiting = source.get();
    slowCheck = false;
    source.invalidate(first.generation);
    const reloaded = await source.get();
    releaseCheck(true);
    expect(await waiting).toBe(reloaded);
    expect(loads).toBe(2);
  });
});

describe("abortable", () => {
  it("rejects at once with the signal's reason when it is already aborted", async () => {
    const reason = new Error("gone");
    const never = new Promise<string>(() => undefined);
    await expect(abortable(never, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it("rejects with a generic Error when the abort reason is not an Error", async () => {
    const controller = new AbortController();
    const pending = abortable(new Promise<string>(() => undefined), controller.signal);
    controller.abort("just a string");
    await expect(pending).rejects.toThrow(new Error("aborted"));
  });

  it("settles with the promise and stops listening to the signal either way", async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, "removeEventListener");
    expect(await abortable(Promise.resolve("ok"), controller.signal)).toBe("ok");
    await expect(abortable(Promise.reject(new Error("bad")), controller.signal)).rejects.toThrow("bad");
    // A rejection that is not an Error still arrives as one.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what is under test
    await expect(abortable(Promise.reject("text"), controller.signal)).rejects.toThrow(new Error("text"));
    expect(remove.mock.calls.map(([type]) => type)).toEqual(["abort", "abort", "abort"]);
  });

  it("listens for abort only once", async () => {
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, "addEventListener");
    await abortable(Promise.resolve(1), controller.signal);
    expect(add).toHaveBeenCalledExactlyOnceWith("abort", expect.any(Function), { once: true });
  });

  it("without a signal returns the promise itself", () => {
    const promise = Promise.resolve(1);
    expect(abortable(promise, undefined)).toBe(promise);
  });
});
