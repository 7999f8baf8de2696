// SPDY/3.1 framing as the kubelet's spdystream reads and writes it (the real server side is proven by
// port-forward.harness.e2e.test.ts, which speaks the tunnel by default).
import { constants, inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { dataFrame, HeaderCompressor, SpdyReader, synStream, type SpdyEvents } from "./spdy-tunnel.ts";

/** The name/value pairs of an uncompressed SPDY/3 header block. */
function pairs(block: Buffer): [string, string][] {
  const out: [string, string][] = [];
  let at = 4;
  for (let i = 0; i < block.readUInt32BE(0); i++) {
    const n = block.readUInt32BE(at);
    const name = block.subarray(at + 4, at + 4 + n).toString();
    at += 4 + n;
    const v = block.readUInt32BE(at);
    out.push([name, block.subarray(at + 4, at + 4 + v).toString()]);
    at += 4 + v;
  }
  return out;
}

function recorder(): { events: string[]; handlers: SpdyEvents } {
  const events: string[] = [];
  return {
    events,
    handlers: {
      data: (id, chunk) => events.push(`data ${id} ${chunk.toString()}`),
      end: (id) => events.push(`end ${id}`),
      reply: (id) => events.push(`reply ${id}`),
      reset: (id, status) => events.push(`reset ${id} ${status}`),
      send: (frame) => events.push(`send ${frame.toString("hex")}`),
    },
  };
}

/** A control frame as a server sends it. */
function control(type: number, flags: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8003, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt32BE((flags << 24) | payload.length, 4);
  return Buffer.concat([head, payload]);
}

/** Big-endian 32-bit words. */
const u32 = (...values: number[]): Buffer =>
  Buffer.from(values.flatMap((v) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]));

describe("SPDY frames written", () => {
  it("header blocks of one session form one zlib stream that a single reader inflates, names lower-cased", () => {
    const compressor = new HeaderCompressor();
    const first = compressor.block({ streamType: "error", port: "8080", requestID: "0" });
    const second = compressor.block({ streamtype: "data", port: "8080", requestid: "0" });
    // One inflater over both blocks, as spdystream's framer keeps one per connection.
    const both = inflateSync(Buffer.concat([first, second]), { finishFlush: constants.Z_SYNC_FLUSH });
    const firstLength = inflateSync(first, { finishFlush: constants.Z_SYNC_FLUSH }).length;
    expect(pairs(both.subarray(0, firstLength))).toEqual([
      ["streamtype", "error"],
      ["port", "8080"],
      ["requestid", "0"],
    ]);
    expect(pairs(both.subarray(firstLength))).toEqual([
      ["streamtype", "data"],
      ["port", "8080"],
      ["requestid", "0"],
    ]);
  });

  it("a SYN_STREAM is a version 3 control frame of type 1 with its stream id, FIN when asked", () => {
    const frame = synStream(new HeaderCompressor(), 1, { port: "80" }, true);
    expect(frame.readUInt16BE(0)).toBe(0x8003);
    expect(frame.readUInt16BE(2)).toBe(1);
    expect(frame[4]).toBe(1);
    expect(frame.readUInt32BE(4) & 0xffffff).toBe(frame.length - 8);
    expect(frame.readUInt32BE(8)).toBe(1);
    expect(frame.readUInt32BE(12)).toBe(0); // no associated stream
    expect(synStream(new HeaderCompressor(), 3, { port: "80" })[4]).toBe(0);
  });

  it("a data frame carries its stream id, FIN flag and length before the payload", () => {
    expect(dataFrame(3, Buffer.from("hi")).toString("hex")).toBe("0000000300000002" + "6869");
    expect(dataFrame(3, new Uint8Array(0), true).toString("hex")).toBe("0000000301000000");
  });
});

describe("SpdyReader", () => {
  const session = Buffer.concat([
    control(2, 0, Buffer.concat([u32(1), Buffer.from("zz")])), // SYN_REPLY stream 1 (header block ignored)
    control(2, 0, Buffer.concat([u32(3), Buffer.from("zz")])),
    dataFrame(3, Buffer.from("hello ")),
    dataFrame(3, Buffer.from("world")),
    dataFrame(1, Buffer.from("no listener"), true),
    dataFrame(3, new Uint8Array(0), true),
  ]);
  const expected = [
    "reply 1",
    "reply 3",
    "data 3 hello ",
    "data 3 world",
    "data 1 no listener",
    "end 1",
    "end 3",
  ];

  it("reads a session that arrives in one chunk", () => {
    const { events, handlers } = recorder();
    new SpdyReader(handlers).push(session);
    expect(events).toEqual(expected);
  });

  it("reads the same session split at every byte (WebSocket messages do not follow frames)", () => {
    const { events, handlers } = recorder();
    const reader = new SpdyReader(handlers);
    for (let i = 0; i < session.length; i++) reader.push(session.subarray(i, i + 1));
    // Data arrives byte by byte: joined per stream it is the same.
    const joined: string[] = [];
    for (const event of events) {
      const last = joined.at(-1);
      if (event.startsWith("data ") && last?.startsWith(event.slice(0, 7)))
        joined[joined.length - 1] = last + event.slice(7);
      else joined.push(event);
    }
    expect(joined).toEqual([
      "reply 1",
      "reply 3",
      "data 3 hello world",
      "data 1 no listener",
      "end 1",
      "end 3",
    ]);
  });

  it("answers a PING with the same id, and reports RST_STREAM and GOAWAY", () => {
    const { events, handlers } = recorder();
    new SpdyReader(handlers).push(
      Buffer.concat([control(6, 0, u32(7)), control(3, 0, u32(3, 5)), control(7, 0, u32(3, 1))]),
    );
    expect(events).toEqual([`send ${control(6, 0, u32(7)).toString("hex")}`, "reset 3 5", "reset 0 1"]);
  });

  it("a SYN_REPLY with FIN ends its stream; SETTINGS and WINDOW_UPDATE change nothing", () => {
    const { events, handlers } = recorder();
    new SpdyReader(handlers).push(
      Buffer.concat([control(4, 0, u32(0)), control(9, 0, u32(3, 100)), control(2, 1, u32(1))]),
    );
    expect(events).toEqual(["reply 1", "end 1"]);
  });
});
