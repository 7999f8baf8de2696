import { describe, expect, it } from "vitest";
import { isBrokenConnection, isRetryableFailure, retryAfterMs } from "../../src/http/backoff.ts";
import { impersonationHeaders } from "../../src/http/headers.ts";
import { createRateLimiter } from "../../src/http/rate-limiter.ts";
import { redactHeaders, redactUrl } from "../../src/http/redact.ts";
import { statusFromResponse } from "../../src/http/response-errors.ts";

describe("Retry-After (client-go's retryAfterSeconds: strconv.Atoi)", () => {
  it("an integer number of seconds, in ms; a negative one is no wait", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs(" 120 ")).toBe(120_000);
    expect(retryAfterMs("+2")).toBe(2000);
    expect(retryAfterMs("0")).toBe(0);
    expect(retryAfterMs("-5")).toBe(0);
    expect(retryAfterMs(["4", "9"])).toBe(4000);
  });
  it("anything else means no Retry-After: an HTTP date, a fraction, garbage, beyond Go's int", () => {
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs("")).toBeUndefined();
    expect(retryAfterMs(new Date(Date.now() + 10_000).toUTCString())).toBeUndefined();
    expect(retryAfterMs("1.5")).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
    expect(retryAfterMs("9223372036854775807")).toBe(Number(2n ** 63n - 1n) * 1000);
    expect(retryAfterMs("9223372036854775808")).toBeUndefined();
  });
  it("only a reset or a connection closed before the response, and only for GET, is retryable", () => {
    const code = (c: string): Error => Object.assign(new Error(c), { code: c });
    expect(isBrokenConnection(new AggregateError([code("ECONNRESET")]))).toBe(true);
    expect(isBrokenConnection(new Error("x", { cause: code("UND_ERR_SOCKET") }))).toBe(true);
    expect(isBrokenConnection(code("EPIPE"))).toBe(true);
    for (const c of ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "ETIMEDOUT"])
      expect(isBrokenConnection(code(c)), c).toBe(false);
    expect(isBrokenConnection(code("DEPTH_ZERO_SELF_SIGNED_CERT"))).toBe(false);
    expect(isRetryableFailure("GET", code("ECONNRESET"))).toBe(true);
    for (const method of ["HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"])
      expect(isRetryableFailure(method, code("ECONNRESET")), method).toBe(false);
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
