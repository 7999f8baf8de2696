import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { carriesGoBytes, goBytesOf, stringFromGoBytes } from "./go-bytes.ts";

describe("Go strings of bytes that are not UTF-8", () => {
  it("valid UTF-8 reads as its text and carries nothing", () => {
    const text = "héllo 😀 \u0000 \uffff";
    const carried = stringFromGoBytes(Buffer.from(text));
    expect(carried).toBe(text);
    expect(carriesGoBytes(carried)).toBe(false);
  });

  it("every byte sequence comes back as the same bytes", () => {
    const samples = [
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      // Overlong, surrogate, above U+10FFFF, cut short: all invalid in Go's utf8 rules.
      Buffer.from([0xc0, 0x80, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80, 0xe2, 0x82]),
      ...Array.from({ length: 20 }, () => randomBytes(512)),
    ];
    for (const bytes of samples) expect(goBytesOf(stringFromGoBytes(bytes)).equals(bytes)).toBe(true);
  });

  it("a byte outside UTF-8 is one character, between the text around it", () => {
    const carried = stringFromGoBytes(Buffer.from([0x61, 0xff, 0xc3, 0xa9]));
    expect([...carried]).toEqual(["a", "\udcff", "é"]);
    expect(carriesGoBytes(carried)).toBe(true);
  });

  it("a surrogate pair that is text is not a carried byte", () => {
    // U+10080 is the pair D800 DC80: its low half is in the carried range, but it is text.
    expect(carriesGoBytes("\ud800\udc80")).toBe(false);
    expect(goBytesOf("a\ud800\udc80\udcff").toString("hex")).toBe("61f0908280ff");
  });
});
