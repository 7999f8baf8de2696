/**
 * The live terminal view of `kr8s get -w`: one table per watched type, updated in place, changed cells
 * marked. The watch engine (`../watch/`) feeds it {@link LiveSource} events.
 */
export { runLiveView, FRAME_INTERVAL_MS, TICK_MS } from "./terminal.ts";
export type { LiveInput, LiveOutput, LiveViewOptions } from "./terminal.ts";
export { FADE_MS } from "./model.ts";
export type { LiveSource } from "../watch/events.ts";
