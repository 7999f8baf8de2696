/**
 * kubectl's `PrefixWriter` (k8s.io/kubectl/pkg/describe, v1.32): text written at an indentation level (two
 * spaces per level), terminal escapes made harmless, and cells aligned by Go's tabwriter when the
 * description is done. `flush()` aligns what was written so far on its own, as kubectl does before the
 * Events table.
 */
import { alignTabs } from "./tabwriter.ts";

/** cli-runtime's `printers.WriteEscaped`: ESC and CR would let an object's text drive the terminal. */
function escapeTerminal(text: string): string {
  return text.replaceAll("\x1b", "^[").replaceAll("\r", "\\r");
}

export class DescribeWriter {
  #done = "";
  #pending = "";

  /** Writes `text` (its own newlines included) after `level` indentations (kubectl's LEVEL_0…LEVEL_4). */
  write(level: number, text: string): void {
    this.#pending += escapeTerminal("  ".repeat(level) + text);
  }

  /** Writes `text` and a newline with no indentation (Go's `WriteLine`). */
  writeLine(text: string): void {
    this.#pending += escapeTerminal(`${text}\n`);
  }

  /** Aligns what was written so far; what follows is aligned on its own. */
  flush(): void {
    this.#done += alignTabs(this.#pending);
    this.#pending = "";
  }

  /** The description, aligned. */
  toString(): string {
    return this.#done + alignTabs(this.#pending);
  }
}

/** Runs `describe` on a fresh writer and returns the aligned text (kubectl's `tabbedString`). */
export function tabbedString(describe: (w: DescribeWriter) => void): string {
  const w = new DescribeWriter();
  describe(w);
  return w.toString();
}
