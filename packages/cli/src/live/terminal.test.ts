import { EventEmitter } from "node:events";
import { cursorShow, enterAlternativeScreen, exitAlternativeScreen } from "ansi-escapes";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveEvent, LiveSource, WatchedResource } from "../watch/events.ts";
import { FRAME_INTERVAL_MS, runLiveView, type LiveViewOptions } from "./terminal.ts";

const pods: WatchedResource = { id: "pod", kind: "Pod", namespaced: true };
const columns: LiveEvent = {
  kind: "columns",
  resource: pods,
  columns: [{ name: "Name", type: "string", format: "name", description: "", priority: 0 }],
};
const added = (name: string): LiveEvent => ({
  kind: "change",
  resource: pods,
  type: "ADDED",
  key: name,
  row: { cells: [name], object: { metadata: { name } } },
});

class FakeTerminal extends EventEmitter {
  output = "";
  columns = 80;
  rows = 24;
  write(text: string): boolean {
    this.output += text;
    return true;
  }
  /** The frames drawn so far: each starts by moving the cursor home. */
  get frames(): number {
    return this.output.split("\u001B[1;1H").length - 1;
  }
}

class FakeKeyboard extends EventEmitter {
  isTTY = true;
  rawModes: boolean[] = [];
  setRawMode(mode: boolean): void {
    this.rawModes.push(mode);
  }
  resume(): void {}
  pause(): void {}
}

/** A source that yields `events`, then waits for the abort (as a watch does). */
function sourceOf(events: LiveEvent[], end: "abort" | "return" | Error = "abort"): LiveSource {
  return async function* (signal) {
    yield* events;
    if (end instanceof Error) throw end;
    if (end === "abort") await new Promise((resolve) => signal.addEventListener("abort", resolve));
  };
}

describe("runLiveView", () => {
  it("takes the process's own streams", () => {
    const options: LiveViewOptions = { stdout: process.stdout, stdin: process.stdin };
    expect(options.stdout).toBe(process.stdout);
  });

  let stdout: FakeTerminal;
  let stdin: FakeKeyboard;
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse("2026-01-01T00:00:00Z") });
    stdout = new FakeTerminal();
    stdin = new FakeKeyboard();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const run = (source: LiveSource) => runLiveView(source, { stdout, stdin, color: false });

  it.each([
    ["q", "q"],
    ["Ctrl-C", "\u0003"],
  ])(
    "draws on the alternate screen and %s puts the terminal back: raw mode off, cursor shown",
    async (_, key) => {
      const done = run(sourceOf([columns, added("web")]));
      await vi.advanceTimersByTimeAsync(FRAME_INTERVAL_MS);
      expect(stdout.output.startsWith(enterAlternativeScreen)).toBe(true);
      expect(stdout.output).toContain("  web");
      expect(stdin.rawModes).toEqual([true]);
      stdin.emit("data", Buffer.from(key));
      await expect(done).resolves.toBeUndefined();
      expect(stdin.rawModes).toEqual([true, false]);
      expect(stdout.output.endsWith(`\u001B[0m${cursorShow}${exitAlternativeScreen}`)).toBe(true);
    },
  );

  it("ends cleanly on SIGTERM", async () => {
    const listeners = process.listenerCount("SIGTERM");
    const done = run(sourceOf([columns]));
    await vi.advanceTimersByTimeAsync(0);
    process.emit("SIGTERM");
    await expect(done).resolves.toBeUndefined();
    expect(stdout.output.endsWith(exitAlternativeScreen)).toBe(true);
    expect(process.listenerCount("SIGTERM")).toBe(listeners);
  });

  it("puts the terminal back before it rejects with the source's error", async () => {
    const failure = new Error("watch failed");
    const done = run(sourceOf([columns], failure));
    await expect(done).rejects.toBe(failure);
    expect(stdout.output.endsWith(exitAlternativeScreen)).toBe(true);
    expect(stdin.rawModes).toEqual([true, false]);
  });

  it("rejects with the first type's error when the source ends after its types failed", async () => {
    const forbidden = new Error("pods is forbidden");
    const done = run(
      sourceOf(
        [
          { kind: "error", resource: pods, error: forbidden },
          { kind: "error", resource: pods, error: new Error("later") },
        ],
        "return",
      ),
    );
    await expect(done).rejects.toBe(forbidden);
  });

  it("resolves when the source ends with no failure", async () => {
    await expect(run(sourceOf([columns, added("web")], "return"))).resolves.toBeUndefined();
  });

  it("draws at most one frame per FRAME_INTERVAL_MS however many events come", async () => {
    const done = run(sourceOf([columns, ...Array.from({ length: 50 }, (_, i) => added(`p${i}`))]));
    await vi.advanceTimersByTimeAsync(0);
    expect(stdout.frames).toBe(1);
    await vi.advanceTimersByTimeAsync(FRAME_INTERVAL_MS);
    expect(stdout.frames).toBe(2);
    expect(stdout.output).toContain("pod (50)");
    // A frame that fills the screen erases nothing after it: the cursor cannot go below the last line.
    expect(stdout.output).not.toContain(`\u001B[${stdout.rows + 1};1H`);
    stdin.emit("data", "q");
    await done;
  });

  it("redraws at once for the new size when the terminal is resized", async () => {
    const done = run(sourceOf([columns, added("a-rather-long-pod-name")]));
    await vi.advanceTimersByTimeAsync(FRAME_INTERVAL_MS);
    stdout.columns = 10;
    stdout.output = "";
    stdout.emit("resize");
    expect(stdout.output).toContain("  a-rather");
    expect(stdout.output).not.toContain("a-rather-long");
    stdin.emit("data", "q");
    await done;
  });
});
