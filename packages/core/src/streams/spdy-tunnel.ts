/**
 * Port-forward over the SPDY-over-WebSocket tunnel (`SPDY/3.1+portforward.k8s.io`, Kubernetes ≥ 1.30, what
 * kubectl ≥ 1.31 uses): the WebSocket's binary messages carry a SPDY/3.1 session byte stream, which the API
 * server relays to the kubelet's SPDY port-forward server (client-go `tools/portforward/tunneling_dialer.go`,
 * apiserver `pkg/util/proxy/streamtunnel.go`). One session per forwarded connection, with kubectl's pair of
 * streams: an error stream (the pod side's error text) and a data stream, tied by a `requestid` header.
 * Unlike `v4.channel.k8s.io`, a stream can be half-closed, so a local half-close reaches the pod.
 *
 * Framing (SPDY/3.1 §2.2): a control frame is `1 | version(15) | type(16) | flags(8) | length(24)` and its
 * payload; a data frame `0 | stream-id(31) | flags(8) | length(24)` and its payload. Header blocks are
 * zlib-compressed with one context per direction; the kubelet's spdystream has no flow control, so no
 * window updates are needed.
 */
import { constants, deflateRawSync, deflateSync } from "node:zlib";

export { SPDY_PORT_FORWARD_PROTOCOL } from "./port-forward-protocols.ts";

const VERSION = 3;
const SYN_STREAM = 1;
const SYN_REPLY = 2;
const RST_STREAM = 3;
const PING = 6;
const GOAWAY = 7;
const FLAG_FIN = 1;
const HEADER_BYTES = 8;
/** The largest payload a frame's 24-bit length can carry. */
export const MAX_DATA_PAYLOAD = 0xffffff;

/** Client-initiated stream ids are odd; the error stream is opened first, as kubectl does. */
export const ERROR_STREAM = 1;
export const DATA_STREAM = 3;

function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  frame.writeUInt16BE(0x8000 | VERSION, 0);
  frame.writeUInt16BE(type, 2);
  frame.writeUInt32BE(((flags & 0xff) << 24) | payload.length, 4);
  payload.copy(frame, HEADER_BYTES);
  return frame;
}

/** A data frame for `streamId`; `fin` half-closes the stream after `payload`. */
export function dataFrame(streamId: number, payload: Uint8Array, fin = false): Buffer {
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  frame.writeUInt32BE(streamId & 0x7fffffff, 0);
  frame.writeUInt32BE(((fin ? FLAG_FIN : 0) << 24) | payload.length, 4);
  frame.set(payload, HEADER_BYTES);
  return frame;
}

/**
 * Compresses the header blocks of one session. SPDY shares one zlib stream across all header blocks of a
 * direction: the first block starts it (zlib header, no preset dictionary — allowed, the reader only uses
 * the dictionary when the stream asks for it), later ones continue it after a sync flush.
 */
export class HeaderCompressor {
  #started = false;

  /** The compressed header block of `headers` (lower-case names, as SPDY/3 requires). */
  block(headers: Readonly<Record<string, string>>): Buffer {
    const entries = Object.entries(headers);
    const parts: Buffer[] = [u32(entries.length)];
    for (const [name, value] of entries) {
      const n = Buffer.from(name.toLowerCase(), "utf8");
      const v = Buffer.from(value, "utf8");
      parts.push(u32(n.length), n, u32(v.length), v);
    }
    const raw = Buffer.concat(parts);
    const options = { finishFlush: constants.Z_SYNC_FLUSH };
    const compressed = this.#started ? deflateRawSync(raw, options) : deflateSync(raw, options);
    this.#started = true;
    return compressed;
  }
}

function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n, 0);
  return b;
}

/** A SYN_STREAM opening `streamId` with `headers` (priority 0, no associated stream). */
export function synStream(
  compressor: HeaderCompressor,
  streamId: number,
  headers: Readonly<Record<string, string>>,
  fin = false,
): Buffer {
  const block = compressor.block(headers);
  const payload = Buffer.alloc(10 + block.length);
  payload.writeUInt32BE(streamId & 0x7fffffff, 0);
  block.copy(payload, 10);
  return controlFrame(SYN_STREAM, fin ? FLAG_FIN : 0, payload);
}

/** What the session reader reports. */
export interface SpdyEvents {
  /** Payload bytes of a data frame (possibly a part of one: they are passed on as they arrive). */
  data(streamId: number, chunk: Buffer): void;
  /** The server half-closed `streamId` (FIN on a data frame or a SYN_REPLY). */
  end(streamId: number): void;
  /** The server accepted `streamId`. */
  reply(streamId: number): void;
  /** The server reset `streamId` (RST_STREAM status code), or ended the session (GOAWAY, streamId 0). */
  reset(streamId: number, status: number): void;
  /** A frame to send back (the answer to a PING). */
  send(frame: Buffer): void;
}

/**
 * Parses the server's half of a SPDY session from chunks of any size (WebSocket messages do not follow
 * frame boundaries). Data payloads are handed on as slices of the chunks, without copying.
 */
export class SpdyReader {
  readonly #events: SpdyEvents;
  /** Bytes of a frame header or control frame not complete yet. */
  #partial: Buffer = Buffer.alloc(0);
  /** Payload bytes still to come of the current data frame, its stream and whether it ends the stream. */
  #dataLeft = 0;
  #dataStream = 0;
  #dataFin = false;

  constructor(events: SpdyEvents) {
    this.#events = events;
  }

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.#dataLeft > 0) {
        const n = Math.min(this.#dataLeft, chunk.length - at);
        this.#events.data(this.#dataStream, chunk.subarray(at, at + n));
        at += n;
        this.#dataLeft -= n;
        if (this.#dataLeft === 0 && this.#dataFin) this.#events.end(this.#dataStream);
        continue;
      }
      // A header (and, for a control frame, its whole payload) is gathered before it is read.
      const available = this.#partial.length + chunk.length - at;
      const head = this.#peekHeader(chunk, at);
      if (head === undefined) {
        this.#partial = Buffer.concat([this.#partial, chunk.subarray(at)]);
        return;
      }
      const control = (head[0] ?? 0) & 0x80;
      const flags = head[4] ?? 0;
      const length = head.readUInt32BE(4) & 0xffffff;
      if (!control) {
        at += HEADER_BYTES - this.#partial.length;
        this.#partial = Buffer.alloc(0);
        this.#dataStream = head.readUInt32BE(0) & 0x7fffffff;
        this.#dataFin = (flags & FLAG_FIN) !== 0;
        this.#dataLeft = length;
        if (length === 0 && this.#dataFin) this.#events.end(this.#dataStream);
        continue;
      }
      if (available < HEADER_BYTES + length) {
        this.#partial = Buffer.concat([this.#partial, chunk.subarray(at)]);
        return;
      }
      const frame = Buffer.concat([this.#partial, chunk.subarray(at)]).subarray(0, HEADER_BYTES + length);
      at += frame.length - this.#partial.length;
      this.#partial = Buffer.alloc(0);
      this.#control(frame.readUInt16BE(2), flags, frame.subarray(HEADER_BYTES));
    }
  }

  /** The 8 header bytes at `at` (with what was kept from earlier chunks), or undefined if incomplete. */
  #peekHeader(chunk: Buffer, at: number): Buffer | undefined {
    if (this.#partial.length === 0) {
      return chunk.length - at >= HEADER_BYTES ? chunk.subarray(at, at + HEADER_BYTES) : undefined;
    }
    const need = HEADER_BYTES - this.#partial.length;
    if (need <= 0) return this.#partial.subarray(0, HEADER_BYTES);
    if (chunk.length - at < need) return undefined;
    return Buffer.concat([this.#partial, chunk.subarray(at, at + need)]);
  }

  #control(type: number, flags: number, payload: Buffer): void {
    const streamId = payload.length >= 4 ? payload.readUInt32BE(0) & 0x7fffffff : 0;
    switch (type) {
      case SYN_REPLY:
        // Its header block is not needed: its compression context is never read, so it is not inflated.
        this.#events.reply(streamId);
        if (flags & FLAG_FIN) this.#events.end(streamId);
        break;
      case RST_STREAM:
        this.#events.reset(streamId, payload.length >= 8 ? payload.readUInt32BE(4) : 0);
        break;
      case GOAWAY:
        this.#events.reset(0, payload.length >= 8 ? payload.readUInt32BE(4) : 0);
        break;
      case PING:
        this.#events.send(controlFrame(PING, 0, payload));
        break;
      default:
      // SETTINGS, WINDOW_UPDATE, HEADERS, NOOP: nothing to do for a port-forward client.
    }
  }
}
