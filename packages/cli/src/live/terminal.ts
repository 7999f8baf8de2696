import {
  cursorHide,
  cursorShow,
  cursorTo,
  enterAlternativeScreen,
  eraseDown,
  eraseLine,
  exitAlternativeScreen,
  synchronizedOutput,
} from "ansi-escapes";
import picocolors from "picocolors";
import { onExit } from "signal-exit";
import type { LiveEvent, LiveSource } from "../watch/events.ts";
import { renderFrame } from "./frame.ts";
import { LiveModel, type LiveModelOptions } from "./model.ts";

/** The least time (ms) between two frames: at most 10 a second, however fast events come. */
export const FRAME_INTERVAL_MS = 100;

/** How often (ms) the view redraws with no event, so that ages tick and marks fade. */
export const TICK_MS = 1000;

/** What the view writes to: a TTY write stream (`process.stdout`). */
export interface LiveOutput {
  write(text: string): unknown;
  /** Width in columns; 80 when unknown. */
  columns?: number | undefined;
  /** Height in lines; 24 when unknown. */
  rows?: number | undefined;
  on(event: "resize", listener: () => void): unknown;
  off(event: "resize", listener: () => void): unknown;
}

/** Where keys come from: a TTY read stream (`process.stdin`), put in raw mode while the view runs. */
export interface LiveInput {
  isTTY?: boolean | undefined;
  setRawMode?: ((mode: boolean) => unknown) | undefined;
  on(event: "data", listener: (data: Buffer | string) => void): unknown;
  off(event: "data", listener: (data: Buffer | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/** How `kr8s get -w` runs its live view: `get`'s table flags, the terminal and the clock. */
export interface LiveViewOptions extends LiveModelOptions {
  /** The terminal. */
  stdout: LiveOutput;
  /** Keys (`q`, Ctrl-C); without it only signals end the view. */
  stdin?: LiveInput | undefined;
  /**
   * Colours and styles. @default picocolors' `isColorSupported`: off with `NO_COLOR` or `--no-color`,
   * on with `FORCE_COLOR` or on a terminal.
   */
  color?: boolean;
  /** The clock (ms since the epoch). @default Date.now */
  now?: () => number;
}

/** Ends the view: the terminal is put back before the promise settles. */
type Stop = () => void;

/** The keys that end the view: `q`, `Q`, Ctrl-C (raw mode delivers it as a byte, not SIGINT). */
const QUIT_KEYS = new Set(["q", "Q", "\u0003"]);

/**
 * Runs the live view of `kr8s get -w` on a terminal until `q`, Ctrl-C, SIGINT or SIGTERM (then resolves,
 * so the command exits 0), until the source ends (then rejects with the error of the first type that failed, if
 * one did), or until the source fails (then rejects with its error). Draws on the terminal's alternate
 * screen, so the screen, cursor and colours are as they were when it returns, whichever way it ends;
 * `signal-exit` puts them back even if the process dies some other way.
 *
 * Frames are drawn at most every {@link FRAME_INTERVAL_MS} ms, every {@link TICK_MS} ms with no events
 * (ages, fades), and at once when the terminal is resized.
 */
export async function runLiveView(source: LiveSource, options: LiveViewOptions): Promise<void> {
  const { stdout, stdin } = options;
  const now = options.now ?? Date.now;
  const color = options.color ?? picocolors.isColorSupported;
  const model = new LiveModel(options);
  const controller = new AbortController();
  let lastDraw = -Infinity;
  let pending: NodeJS.Timeout | undefined;

  const draw = (): void => {
    pending = undefined;
    lastDraw = now();
    const height = stdout.rows ?? 24;
    const lines = renderFrame(model.view(now()), { width: stdout.columns ?? 80, height, color });
    // Each line erased just before it is drawn, the rest of the screen after: no blank flash between
    // frames, and nothing erased of a line that fills the width.
    const body = lines.map((line) => eraseLine + line).join("\n");
    // Below a full screen, the cursor would be clamped to the last line and erase it.
    const rest = lines.length < height ? cursorTo(0, lines.length) + eraseDown : "";
    stdout.write(synchronizedOutput(cursorTo(0, 0) + body + rest));
  };
  const schedule = (): void => {
    if (pending) return;
    pending = setTimeout(draw, Math.max(0, lastDraw + FRAME_INTERVAL_MS - now()));
  };

  let stop!: Stop;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const onKey = (data: Buffer | string): void => {
    if ([...data.toString()].some((key) => QUIT_KEYS.has(key))) stop();
  };
  const onResize = (): void => {
    clearTimeout(pending);
    draw();
  };

  const restore = (): void => {
    stdout.write(`\u001B[0m${cursorShow}${exitAlternativeScreen}`);
  };
  const removeExitHook = onExit(restore);
  stdout.write(enterAlternativeScreen + cursorHide);
  stdout.on("resize", onResize);
  stdin?.setRawMode?.(true);
  stdin?.on("data", onKey);
  stdin?.resume();
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const ticker = setInterval(schedule, TICK_MS);
  draw();

  const iterator = source(controller.signal)[Symbol.asyncIterator]();
  let firstFailure: Error | undefined;
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), stopped.then(() => undefined)]);
      if (next === undefined) break;
      // The source ends once no type is left to watch; a type that failed is the reason it did.
      if (next.done === true) {
        if (firstFailure) throw firstFailure;
        break;
      }
      const event: LiveEvent = next.value;
      if (event.kind === "error") firstFailure ??= event.error;
      model.apply(event, now());
      schedule();
    }
  } finally {
    controller.abort();
    // The source ends on the abort; the view does not wait for it.
    iterator.return?.().catch(() => undefined);
    clearInterval(ticker);
    clearTimeout(pending);
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    stdin?.off("data", onKey);
    stdin?.setRawMode?.(false);
    stdin?.pause();
    stdout.off("resize", onResize);
    restore();
    removeExitHook();
  }
}
