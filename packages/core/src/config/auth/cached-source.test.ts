import { describe, expect, it } from "vitest";
import { CachedCredentialSource } from "./cached-source.ts";

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
});
