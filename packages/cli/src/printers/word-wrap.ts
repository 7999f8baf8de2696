/**
 * `WrapString` of github.com/mitchellh/go-wordwrap v1.0.1, which kubectl's `explain` wraps descriptions
 * with. Its quirks are kept because they show in kubectl's output: it breaks only at white space, a word
 * longer than the limit stays whole, the spaces at a break are dropped, and a line that ends with spaces
 * keeps them when they fit. `limit` counts code points, as Go counts runes.
 */
export function wrapWords(text: string, limit: number): string {
  let out = "";
  let current = 0;
  let word = "";
  let wordLength = 0;
  let space = "";
  let spaceLength = 0;
  const flushWord = (): void => {
    current += spaceLength + wordLength;
    out += space + word;
    space = "";
    spaceLength = 0;
    word = "";
    wordLength = 0;
  };
  for (const char of text) {
    if (char === "\n") {
      if (wordLength === 0) {
        if (current + spaceLength <= limit) out += space;
        space = "";
        spaceLength = 0;
      } else flushWord();
      out += char;
      current = 0;
    } else if (isGoSpace(char)) {
      if (spaceLength === 0 || wordLength > 0) flushWord();
      space += char;
      spaceLength++;
    } else {
      word += char;
      wordLength++;
      if (current + wordLength + spaceLength > limit && wordLength < limit) {
        out += "\n";
        current = 0;
        space = "";
        spaceLength = 0;
      }
    }
  }
  if (wordLength === 0) {
    if (current + spaceLength <= limit) out += space;
  } else out += space + word;
  return out;
}

/** Go's `unicode.IsSpace`, without U+00A0 (go-wordwrap never breaks at a no-break space). */
function isGoSpace(char: string): boolean {
  return /^[\t\n\v\f\r \u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(char);
}
