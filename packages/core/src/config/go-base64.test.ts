import { readFileSync } from "node:fs";
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

// Go's own answers, recorded by test/fixtures/go-base64/main.go (`go run .` there): for every string of up to
// five characters over `A = \n \r !`, alone and after a full quantum, the offset Go reports (-1: it decodes).
// Line breaks inside and around padding, a cut quantum, trailing bytes: each ends up in some string.
describe("goBase64ErrorOffset agrees with Go on every short string", () => {
  const recorded = JSON.parse(
    readFileSync(new URL("../../test/fixtures/go-base64/offsets.json", import.meta.url), "utf8"),
  ) as [number, number][];
  const inputs: string[] = [];
  const enumerate = (text: string, left: number): void => {
    inputs.push(text);
    if (left > 0) for (const char of ["A", "=", "\n", "\r", "!"]) enumerate(text + char, left - 1);
  };
  enumerate("", 5);

  it("gives Go's offset for all 3906 strings and their 3906 variants after AAAA", () => {
    expect(inputs).toHaveLength(recorded.length);
    const disagreements = inputs.flatMap((text, i) =>
      [text, `AAAA${text}`].flatMap((input, variant) => {
        const ours = goBase64ErrorOffset(input) ?? -1;
        const go = recorded[i]?.[variant];
        return ours === go ? [] : [`${JSON.stringify(input)}: ours ${ours}, Go ${go}`];
      }),
    );
    expect(disagreements).toEqual([]);
  });
});
