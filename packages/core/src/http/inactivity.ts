/** An inactivity guard for streamed bodies: fails the stream after `ms` without a chunk, never on total time. */
import { Transform, pipeline } from "node:stream";
import type { Readable } from "node:stream";
import { APITimeoutError } from "../errors.ts";

/**
 * `body` passed through a guard that destroys both with an APITimeoutError after `ms` without a chunk
 * passing through. (A consumer that stops reading for longer than `ms` also trips it once the buffers fill:
 * choose `ms` well above a consumer's processing time, e.g. a watch's bookmark interval plus margin.)
 */
export function withInactivityTimeout(body: Readable, ms: number, what: string): Readable {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      arm();
      callback(null, chunk);
    },
  });
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      guard.destroy(new APITimeoutError(`${what}: no data for ${ms} ms`));
    }, ms);
    timer.unref();
  };
  arm();
  // Ended, failed or destroyed (by the consumer or the timer): nothing left to guard.
  pipeline(body, guard, () => {
    clearTimeout(timer);
  });
  return guard;
}
