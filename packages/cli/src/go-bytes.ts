/**
 * Go strings are bytes; JavaScript strings are UTF-16. A Go template can make bytes that are not UTF-8
 * (`base64decode` of a binary Secret value), which kubectl writes out as they are — the idiom for
 * extracting a binary file (`-o go-template='{{index .data "ks.jks" | base64decode}}' > ks.jks`). kr8s
 * carries each byte that is not part of valid UTF-8 as a lone low surrogate U+DC80–U+DCFF (Python's
 * "surrogateescape"), which no valid text holds, and turns them back into those bytes when writing.
 */

/** Go's `string(bytes)`: the bytes as text, each byte outside valid UTF-8 carried as U+DC00 + byte. */
export function stringFromGoBytes(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const length = validSequenceLength(bytes, i);
    if (length === 0) {
      out += String.fromCharCode(0xdc00 + (bytes[i] ?? 0));
      i++;
    } else {
      out += Buffer.from(bytes.subarray(i, i + length)).toString("utf8");
      i += length;
    }
  }
  return out;
}

/** Whether `text` carries bytes from {@link stringFromGoBytes} (a lone U+DC80–U+DCFF). */
export function carriesGoBytes(text: string): boolean {
  return LONE_ESCAPE.test(text);
}

/** The bytes `text` stands for: UTF-8, with each carried byte written as itself. */
export function goBytesOf(text: string): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  for (const match of text.matchAll(new RegExp(LONE_ESCAPE.source, "g"))) {
    parts.push(
      Buffer.from(text.slice(start, match.index), "utf8"),
      Buffer.of(match[0].charCodeAt(0) - 0xdc00),
    );
    start = match.index + 1;
  }
  parts.push(Buffer.from(text.slice(start), "utf8"));
  return Buffer.concat(parts);
}

/** A low surrogate for a byte ≥ 0x80 that no high surrogate precedes. */
const LONE_ESCAPE = /(?<![\ud800-\udbff])[\udc80-\udcff]/;

/**
 * The length of the valid UTF-8 sequence at `i` (Go's `utf8.DecodeRune` rules: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0 when the byte there starts none.
 */
function validSequenceLength(bytes: Uint8Array, i: number): number {
  const first = bytes[i] ?? 0;
  if (first < 0x80) return 1;
  const continuation = (at: number, low = 0x80, high = 0xbf): boolean => {
    const byte = bytes[i + at];
    return byte !== undefined && byte >= low && byte <= high;
  };
  if (first >= 0xc2 && first <= 0xdf) return continuation(1) ? 2 : 0;
  if (first >= 0xe0 && first <= 0xef) {
    const low = first === 0xe0 ? 0xa0 : 0x80;
    const high = first === 0xed ? 0x9f : 0xbf;
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (first >= 0xf0 && first <= 0xf4) {
    const low = first === 0xf0 ? 0x90 : 0x80;
    const high = first === 0xf4 ? 0x8f : 0xbf;
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}
