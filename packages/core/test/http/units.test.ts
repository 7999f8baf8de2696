import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  isConnectionFailure,
  parseRetryAfter,
  resolveRetryOptions,
} from "../../src/http/backoff.ts";
import { impersonationHeaders } from "../../src/http/headers.ts";
import { createRateLimiter } from "../../src/http/rate-limiter.ts";
import { redactHeaders, redactUrl } from "../../src/http/redact.ts";
import { statusFromResponse } from "../../src/http/response-errors.ts";

describe("Retry-After", () => {
  it("parses seconds and HTTP dates, caps, ignores garbage", () => {
    expect(parseRetryAfter("3", 60_000)).toBe(3000);
    expect(parseRetryAfter("120", 60_000)).toBe(60_000);
    expect(parseRetryAfter(undefined, 60_000)).toBeUndefined();
    expect(parseRetryAfter("soon", 60_000)).toBeUndefined();
    const inFuture = new Date(Date.now() + 10_000).toUTCString();
    expect(parseRetryAfter(inFuture, 60_000)).toBeGreaterThan(5000);
  });
  it("backoff grows, stays within bounds", () => {
    const options = resolveRetryOptions({ minDelayMs: 100, maxDelayMs: 1000 });
    for (let i = 1; i < 10; i++) {
      const d = backoffDelay(i, options);
      expect(d).toBeGreaterThanOrEqual(Math.min(1000, 100 * 2 ** (i - 1)) / 2);
      expect(d).toBeLessThanOrEqual(1000);
    }
  });
  it("recognises wrapped connection failures", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(isConnectionFailure(new AggregateError([refused]))).toBe(true);
    expect(isConnectionFailure(new Error("x", { cause: { code: "UND_ERR_SOCKET" } }))).toBe(true);
    expect(
      isConnectionFailure(Object.assign(new Error("cert"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" })),
    ).toBe(false);
  });
});

describe("redaction", () => {
  it("hides bearer tokens and token query parameters", () => {
    expect(redactHeaders({ Authorization: "Bearer abc.def", "impersonate-user": "jane" })).toEqual({
      Authorization: "Bearer <redacted>",
      "impersonate-user": "jane",
    });
    expect(redactUrl("https://h/api?token=abc&watch=1&id_token=x")).toBe(
      "https://h/api?token=<redacted>&watch=1&id_token=<redacted>",
    );
    expect(redactUrl("https://user:pw@h/api")).not.toContain("pw");
  });
});

describe("impersonation headers", () => {
  it("one header per group and extra value, extra keys escaped", () => {
    expect(
      impersonationHeaders({ user: "u", groups: ["a", "b"], uid: "1", extra: { "acme.com/project": ["p"] } }),
    ).toEqual({
      "impersonate-user": "u",
      "impersonate-group": ["a", "b"],
      "impersonate-uid": "1",
      "impersonate-extra-acme.com%2Fproject": ["p"],
    });
    expect(impersonationHeaders(undefined)).toEqual({});
  });
});

describe("synthesised Status", () => {
  it("keeps a server Status and synthesises one for other bodies", () => {
    const status = {
      kind: "Status",
      status: "Failure",
      code: 409,
      reason: "AlreadyExists",
      message: "exists",
    };
    expect(statusFromResponse(409, JSON.stringify(status), "POST")).toEqual(status);
    expect(statusFromResponse(409, "", "POST")).toMatchObject({ reason: "AlreadyExists", code: 409 });
    expect(statusFromResponse(409, "", "PUT")).toMatchObject({ reason: "Conflict" });
    expect(statusFromResponse(404, "<html>", "GET")).toMatchObject({
      reason: "NotFound",
      message: "the server could not find the requested resource",
    });
  });
});

describe("rate limiter", () => {
  it("a burst passes at once, then waits; abort during the wait rejects", async () => {
    const limiter = createRateLimiter({ qps: 1, burst: 2 });
    expect(await limiter.acquire()).toBe(0);
    expect(await limiter.acquire()).toBe(0);
    const controller = new AbortController();
    const pending = limiter.acquire(controller.signal);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
  });
});

describe("connection errors never show URL credentials", () => {
  it("strips user:password@ from the server in the message and the url", async () => {
    const { connectionError } = await import("../../src/http/response-errors.ts");
    const error = connectionError(
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      "https://admin:s3cret-pass@127.0.0.1:1",
      "GET",
      "/version",
    ) as Error & { url?: string };
    expect(error.message).not.toContain("s3cret-pass");
    expect(error.url ?? "").not.toContain("s3cret-pass");
    expect(error.message).toContain("127.0.0.1:1");
  });
});
