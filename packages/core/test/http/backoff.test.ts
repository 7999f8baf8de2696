// The pure rules behind retries: client-go's reading of Retry-After (strconv.Atoi on Go's int, so values
// outside int64 are not a wait at all) and the error codes found anywhere in a chain of causes.
import { describe, expect, it } from "vitest";
import { errorCodes, isBrokenConnection, retryAfterMs } from "../../src/http/backoff.ts";

describe("retryAfterMs (client-go's retryAfterSeconds)", () => {
  it.each([
    ["3", 3000],
    [" 3 ", 3000],
    ["+4", 4000],
    ["0", 0],
    ["-5", 0],
    // The edges of Go's int: still a number, so still a wait (negative ones count as none).
    ["9223372036854775807", Number(2n ** 63n - 1n) * 1000],
    ["-9223372036854775808", 0],
  ])("%j → %d ms", (header, ms) => {
    expect(retryAfterMs(header)).toBe(ms);
  });

  it.each([
    ["9223372036854775808"],
    ["-9223372036854775809"],
    ["1.5"],
    ["Wed, 21 Oct 2015 07:28:00 GMT"],
    [""],
  ])("%j is not a wait (Atoi fails)", (header) => {
    expect(retryAfterMs(header)).toBeUndefined();
  });

  it("reads the first of repeated headers, and nothing when there is none", () => {
    expect(retryAfterMs(["2", "5"])).toBe(2000);
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});

describe("errorCodes", () => {
  const coded = (code: unknown, cause?: unknown): Error =>
    Object.assign(new Error(String(code)), { code, cause });

  it("collects string codes through causes and AggregateError members, outermost first", () => {
    const error = coded(
      "UND_ERR_CONNECT",
      new AggregateError([coded("ECONNREFUSED"), coded("EHOSTUNREACH")]),
    );
    expect(errorCodes(error)).toEqual(["UND_ERR_CONNECT", "ECONNREFUSED", "EHOSTUNREACH"]);
  });

  it("skips codes that are not strings and causes that are null or not objects", () => {
    expect(errorCodes(coded(104, coded("ECONNRESET", null)))).toEqual(["ECONNRESET"]);
    expect(errorCodes(coded("EPIPE", "a string cause"))).toEqual(["EPIPE"]);
  });

  it("ends on a cycle, and stops after 16 errors of a long chain", () => {
    const cyclic = coded("ECONNRESET");
    (cyclic as { cause?: unknown }).cause = cyclic;
    expect(errorCodes(cyclic)).toEqual(["ECONNRESET"]);
    let chain: Error | undefined;
    for (let i = 20; i >= 1; i--) chain = coded(`E${i}`, chain);
    expect(errorCodes(chain)).toEqual(Array.from({ length: 16 }, (_, i) => `E${i + 1}`));
  });
});

describe("isBrokenConnection", () => {
  it("is true when any error in the chain was a reset, not only when all were", () => {
    const wrapped = Object.assign(new Error("fetch failed"), {
      code: "UND_ERR_REQ",
      cause: Object.assign(new Error("reset"), { code: "ECONNRESET" }),
    });
    expect(isBrokenConnection(wrapped)).toBe(true);
    expect(isBrokenConnection(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))).toBe(false);
  });
});
