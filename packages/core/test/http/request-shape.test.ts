// The URL, User-Agent, impersonation and Authorization headers a request carries, and the inactivity guard
// of streamed bodies: small pieces whose every branch a user can observe on the wire.
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { APITimeoutError } from "../../src/errors.ts";
import {
  authorizationHeader,
  defaultUserAgent,
  impersonationHeaders,
  KR8S_VERSION,
} from "../../src/http/headers.ts";
import { withInactivityTimeout } from "../../src/http/inactivity.ts";
import { buildUrl } from "../../src/http/query.ts";

describe("request URL", () => {
  it("joins server and path with exactly one slash", () => {
    expect(buildUrl("https://h:6443", "/api").href).toBe("https://h:6443/api");
    expect(buildUrl("https://h:6443/", "/api").href).toBe("https://h:6443/api");
    expect(buildUrl("https://h:6443", "api").href).toBe("https://h:6443/api");
    // A server behind a path prefix (Rancher, a proxy) keeps its prefix.
    expect(buildUrl("https://h/k8s/clusters/c-1/", "/api/v1").href).toBe("https://h/k8s/clusters/c-1/api/v1");
  });

  it("encodes query values, leaves out undefined and null, repeats arrays, keeps a query in the path", () => {
    const url = buildUrl("https://h", "/api/v1/pods?watch=1", {
      labelSelector: "app in (a,b)",
      limit: 500,
      allowWatchBookmarks: true,
      follow: false,
      command: ["sh", "-c", "echo a&b"],
      container: undefined,
      fieldSelector: null,
    });
    expect(url.search).toBe(
      "?watch=1&labelSelector=app+in+%28a%2Cb%29&limit=500&allowWatchBookmarks=true&follow=false" +
        "&command=sh&command=-c&command=echo+a%26b",
    );
    expect(buildUrl("https://h", "/api", {}).href).toBe("https://h/api");
    expect(buildUrl("https://h", "/api", { command: [] }).href).toBe("https://h/api");
  });
});

describe("User-Agent", () => {
  it("is shaped like kubectl's: kr8s/<version> (<os>/<Go arch>) node/<version>", () => {
    const goArchs: Record<string, string> = { x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm" };
    const goArch = goArchs[process.arch] ?? process.arch;
    expect(defaultUserAgent()).toBe(
      `kr8s/${KR8S_VERSION} (${process.platform}/${goArch}) node/${process.version}`,
    );
    expect(defaultUserAgent()).toMatch(/^kr8s\/\d+\.\d+\.\d+ \((linux|darwin|win32)\/[a-z0-9]+\) node\/v\d+/);
  });
});

describe("impersonation headers", () => {
  it("sends nothing for empty impersonation", () => {
    expect(impersonationHeaders({})).toEqual({});
    expect(impersonationHeaders({ user: "", groups: [], uid: "", extra: { scopes: [] } })).toEqual({});
  });

  it("sends groups, uid and extras without a user (the API server then rejects it, as with kubectl)", () => {
    expect(impersonationHeaders({ groups: ["g"], extra: { "reason with space": ["a", "b"] } })).toEqual({
      "impersonate-group": ["g"],
      "impersonate-extra-reason%20with%20space": ["a", "b"],
    });
  });

  it("copies the lists, so a later change to the caller's options does not leak into sent headers", () => {
    const groups = ["a"];
    const headers = impersonationHeaders({ user: "u", groups });
    groups.push("b");
    expect(headers["impersonate-group"]).toEqual(["a"]);
  });
});

describe("Authorization", () => {
  it("prefers a bearer token, then basic auth, else none", () => {
    expect(authorizationHeader({ generation: 1, token: "t", basic: { username: "u", password: "p" } })).toBe(
      "Bearer t",
    );
    expect(authorizationHeader({ generation: 1, basic: { username: "jane", password: "pa:ss wörd" } })).toBe(
      `Basic ${Buffer.from("jane:pa:ss wörd").toString("base64")}`,
    );
    expect(authorizationHeader({ generation: 1, token: "" })).toBeUndefined();
    expect(authorizationHeader({ generation: 1 })).toBeUndefined();
  });
});

describe("inactivity timeout of a streamed body", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const collect = (stream: NodeJS.ReadableStream) => {
    const chunks: string[] = [];
    const done = new Promise<{ chunks: string[]; error?: unknown }>((resolve) => {
      stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
      stream.on("end", () => resolve({ chunks }));
      stream.on("error", (error) => resolve({ chunks, error }));
    });
    return done;
  };

  it("fails with APITimeoutError naming the stream after `ms` without a chunk, counting from the last one", async () => {
    vi.useFakeTimers();
    const body = new PassThrough();
    const guarded = withInactivityTimeout(body, 1000, "watch pods");
    const result = collect(guarded);
    await vi.advanceTimersByTimeAsync(900);
    body.write("a");
    await vi.advanceTimersByTimeAsync(900); // 1800 ms since the start, 900 since the chunk: alive
    body.write("b");
    await vi.advanceTimersByTimeAsync(999);
    expect(guarded.destroyed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const { chunks, error } = await result;
    expect(chunks).toEqual(["a", "b"]);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe("watch pods: no data for 1000 ms");
    expect(body.destroyed).toBe(true);
  });

  it("a body that ends in time ends the stream and leaves no timer behind", async () => {
    vi.useFakeTimers();
    const body = new PassThrough();
    const guarded = withInactivityTimeout(body, 1000, "logs");
    const result = collect(guarded);
    body.end("all");
    const { chunks, error } = await result;
    expect(chunks).toEqual(["all"]);
    expect(error).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a consumer that destroys the stream leaves no timer behind", async () => {
    vi.useFakeTimers();
    const body = new PassThrough();
    const guarded = withInactivityTimeout(body, 1000, "logs");
    guarded.on("error", () => undefined);
    guarded.destroy();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(body.destroyed).toBe(true);
  });

  it("a body that fails passes its error on", async () => {
    const body = new PassThrough();
    const guarded = withInactivityTimeout(body, 60_000, "logs");
    const result = collect(guarded);
    body.destroy(new Error("socket hang up"));
    expect((await result).error).toMatchObject({ message: "socket hang up" });
  });

  it("does not keep the process alive on its own", () => {
    const body = new PassThrough();
    const spy = vi.spyOn(globalThis, "setTimeout");
    const guarded = withInactivityTimeout(body, 60_000, "logs");
    const timer = spy.mock.results.at(-1)?.value as NodeJS.Timeout;
    spy.mockRestore();
    expect(timer.hasRef()).toBe(false);
    guarded.destroy();
  });
});
