/**
 * Go's `base64.StdEncoding.DecodeString` acceptance rules, so that `config set … *-data VALUE` refuses
 * what kubectl refuses and names the same byte offset in its message. Node's decoder accepts anything.
 */

const ALPHABET = /^[A-Za-z0-9+/]$/;

/**
 * The offset Go's standard (padded) base64 decoder reports for `text` (`illegal base64 data at input
 * byte N`), or undefined when Go decodes it. Line breaks are skipped, as Go skips them.
 * (Go: `encoding/base64` `decodeQuantum`.)
 */
export function goBase64ErrorOffset(text: string): number | undefined {
  let si = 0;
  while (si < text.length) {
    // One quantum of up to four characters.
    let j = 0;
    for (; j < 4; j++) {
      if (si === text.length) {
        // Padding is required: a quantum cut short is corrupt (an empty one is the end).
        if (j === 0) return undefined;
        return si - j;
      }
      const char = text[si] ?? "";
      si++;
      if (ALPHABET.test(char)) continue;
      if (char === "\n" || char === "\r") {
        j--;
        continue;
      }
      if (char !== "=") return si - 1;
      // Padding: `x=` and a lone `=` are wrong; after two characters a second `=` must follow.
      if (j === 0 || j === 1) return si - 1;
      if (j === 2) {
        while (si < text.length && (text[si] === "\n" || text[si] === "\r")) si++;
        if (si === text.length) return text.length;
        if (text[si] !== "=") return si - 1;
        si++;
      }
      while (si < text.length && (text[si] === "\n" || text[si] === "\r")) si++;
      // Anything after the padding is trailing garbage.
      return si < text.length ? si : undefined;
    }
  }
  return undefined;
}
