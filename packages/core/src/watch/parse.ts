/**
 * Incremental parsing of a watch stream: one JSON event per line (the API server's JSON serializer ends each
 * event with `\n`, and JSON never contains a raw newline), where a chunk may hold several events, part of one,
 * or end inside a multi-byte character.
 */
import type { RawObject, WireEvent } from "./types.ts";

const NEWLINE = 0x0a;

/** Splits chunks into complete lines and parses each as a watch event. */
export class WatchEventParser {
  /** Bytes of the current, unfinished line (kept as chunks: a large object is not copied once per chunk). */
  #pending: Buffer[] = [];

  /**
   * The events completed by `chunk`, in order.
   * @throws {SyntaxError} when a complete line is not a watch event (not JSON, or no `type`/`object`)
   */
  push(chunk: Buffer): WireEvent[] {
    const events: WireEvent[] = [];
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, end);
      const line = this.#pending.length === 0 ? piece : Buffer.concat([...this.#pending, piece]);
      this.#pending = [];
      start = end + 1;
      const event = parseLine(line);
      if (event) events.push(event);
    }
    if (start < chunk.length) this.#pending.push(chunk.subarray(start));
    return events;
  }
}

function parseLine(line: Buffer): WireEvent | undefined {
  const text = line.toString("utf8").trim();
  if (text === "") return undefined;
  const value = JSON.parse(text) as unknown;
  if (!isWireEvent(value)) throw new SyntaxError(`not a watch event: ${text.slice(0, 200)}`);
  return value;
}

const TYPES: ReadonlySet<string> = new Set(["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"]);

function isWireEvent(value: unknown): value is WireEvent {
  if (typeof value !== "object" || value === null) return false;
  const { type, object } = value as { type?: unknown; object?: unknown };
  return typeof type === "string" && TYPES.has(type) && typeof object === "object" && object !== null;
}

/** The events of a watch response body, parsed as the chunks arrive. */
export async function* parseWatchStream(
  body: AsyncIterable<Buffer>,
): AsyncGenerator<WireEvent, void, undefined> {
  const parser = new WatchEventParser();
  for await (const chunk of body) yield* parser.push(chunk);
}

/** `metadata.resourceVersion` of an object, if it has one. */
export function resourceVersionOf(object: RawObject): string | undefined {
  const rv = object.metadata?.resourceVersion;
  return typeof rv === "string" && rv !== "" ? rv : undefined;
}
