/**
 * kubectl's `PrefixWriter` (k8s.io/kubectl/pkg/describe, v1.32): text written at an indentation level (two
 * spaces per level), terminal escapes made harmless, and cells aligned by Go's tabwriter when the
 * description is done. `flush()` aligns what was written so far on its own, as kubectl does before the
 * Events table.
 */
import { alignTabs, escapeTerminal } from "../tabwriter.ts";

export class DescribeWriter {
  /** The text, shared with the writers {@link nested} in this one. */
  #out = { done: "", pending: "" };
  /** Levels added to every write (kubectl's `nestedPrefixWriter`). */
  #indent = 0;

  /** Writes `text` (its own newlines included) after `level` indentations (kubectl's LEVEL_0…LEVEL_4). */
  write(level: number, text: string): void {
    this.#out.pending += escapeTerminal("  ".repeat(level + this.#indent) + text);
  }

  /** Writes `text` and a newline, indented only by the nesting (Go's `WriteLine`). */
  writeLine(text: string): void {
    this.#out.pending += escapeTerminal(`${"  ".repeat(this.#indent)}${text}\n`);
  }

  /**
   * kubectl's `NewNestedPrefixWriter`: a writer into the same text whose every write, `writeLine` included,
   * is `levels` deeper (an ephemeral volume prints its claim template this way). As in Go, each call
   * indents: `write(0, a)` then `write(0, b)` puts the indentation before both.
   */
  nested(levels: number): DescribeWriter {
    const inner = new DescribeWriter();
    inner.#out = this.#out;
    inner.#indent = this.#indent + levels;
    return inner;
  }

  /** Aligns what was written so far; what follows is aligned on its own. */
  flush(): void {
    this.#out.done += alignTabs(this.#out.pending);
    this.#out.pending = "";
  }

  /** The description, aligned. */
  toString(): string {
    return this.#out.done + alignTabs(this.#out.pending);
  }
}

/** Runs `describe` on a fresh writer and returns the aligned text (kubectl's `tabbedString`). */
export function tabbedString(describe: (w: DescribeWriter) => void): string {
  const w = new DescribeWriter();
  describe(w);
  return w.toString();
}
