import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { WatchEventParser, parseWatchStream } from "./parse.ts";

const line = (type: string, name: string, extra: Record<string, unknown> = {}): string =>
  `${JSON.stringify({ type, object: { metadata: { name, resourceVersion: "1" }, ...extra } })}\n`;

describe("WatchEventParser", () => {
  it("returns several events that arrive in one chunk, in order", () => {
    const parser = new WatchEventParser();
    const events = parser.push(
      Buffer.from(line("ADDED", "a") + line("MODIFIED", "b") + line("DELETED", "c")),
    );
    expect(events.map((e) => [e.type, e.object.metadata?.name])).toEqual([
      ["ADDED", "a"],
      ["MODIFIED", "b"],
      ["DELETED", "c"],
    ]);
  });

  it("returns an event split over many chunks once its line is complete, whatever the split points", () => {
    const text = line("ADDED", "a", { data: { big: "x".repeat(5000) } }) + line("MODIFIED", "b");
    const bytes = Buffer.from(text);
    for (const size of [1, 7, 100, 4999, 5100]) {
      const parser = new WatchEventParser();
      const events = [];
      for (let i = 0; i < bytes.length; i += size) events.push(...parser.push(bytes.subarray(i, i + size)));
      expect(events.map((e) => e.object.metadata?.name)).toEqual(["a", "b"]);
      expect(events[0]?.object.data).toEqual({ big: "x".repeat(5000) });
    }
  });

  it("keeps a multi-byte character split between two chunks intact", () => {
    const bytes = Buffer.from(line("ADDED", "a", { data: { text: "héllo ☸ 日本" } }));
    const cut = bytes.indexOf(Buffer.from("☸")) + 1; // inside the 3-byte character
    const parser = new WatchEventParser();
    expect(parser.push(bytes.subarray(0, cut))).toEqual([]);
    const [event] = parser.push(bytes.subarray(cut));
    expect(event?.object.data).toEqual({ text: "héllo ☸ 日本" });
  });

  it("holds back an unfinished last line until its newline arrives", () => {
    const parser = new WatchEventParser();
    const text = line("ADDED", "a") + line("ADDED", "b");
    expect(parser.push(Buffer.from(text.slice(0, -5))).map((e) => e.object.metadata?.name)).toEqual(["a"]);
    expect(parser.push(Buffer.from(text.slice(-5))).map((e) => e.object.metadata?.name)).toEqual(["b"]);
  });

  it("skips blank lines and accepts CRLF", () => {
    const parser = new WatchEventParser();
    const events = parser.push(Buffer.from(`\n${line("ADDED", "a").trimEnd()}\r\n\r\n  \n`));
    expect(events).toHaveLength(1);
  });

  it("rejects a complete line that is not a watch event, quoting it", () => {
    const parser = new WatchEventParser();
    expect(() => parser.push(Buffer.from('{"kind":"Status"}\n'))).toThrow(
      /not a watch event: \{"kind":"Status"\}/,
    );
    expect(() => parser.push(Buffer.from("<html>\n"))).toThrow(SyntaxError);
  });
});

describe("parseWatchStream", () => {
  it("yields the events of a stream as its chunks arrive", async () => {
    const text = line("ADDED", "a") + line("BOOKMARK", "") + line("DELETED", "a");
    const chunks = [text.slice(0, 10), text.slice(10, 70), text.slice(70)].map((s) => Buffer.from(s));
    const types = [];
    for await (const event of parseWatchStream(Readable.from(chunks))) types.push(event.type);
    expect(types).toEqual(["ADDED", "BOOKMARK", "DELETED"]);
  });
});
