import { describe, expect, it } from "vitest";
import { goBase64ErrorOffset } from "./go-base64.ts";

// Offsets recorded from kubectl v1.33 (`kubectl config set clusters.c.certificate-authority-data VALUE`:
// `error decoding input value: illegal base64 data at input byte N`), which is Go's decoder.
describe("goBase64ErrorOffset (Go's StdEncoding.DecodeString)", () => {
  it.each([
    ["aGVsbG8=", undefined],
    ["aGk=", undefined],
    ["aGVsbA==", undefined],
    ["", undefined],
    ["aGVs\nbG8=", undefined],
    ["notbase64!", 9],
    ["hello", 4],
    ["aGVsbG8", 4],
    ["aGVsbA=", 7],
    ["aGVsbA==x", 8],
    ["a", 0],
    ["aGk=\\n", 4],
  ])("%j → %s", (text, offset) => {
    expect(goBase64ErrorOffset(text)).toBe(offset);
  });
});
