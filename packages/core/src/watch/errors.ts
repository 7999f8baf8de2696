/**
 * Errors of the watch layer. (Kept here while errors.ts is being reworked in parallel; they move there.)
 */
import { ServerError } from "../errors.ts";
import type { KubernetesStatus } from "../errors.ts";

/**
 * The server ended a watch with an in-stream `ERROR` event that cannot be recovered from by reconnecting or
 * re-listing (410 and the transient 429/500/504 are handled inside the watch), or sent a line that is not a
 * watch event. `status` is the server's `Status`; `statusCode` its `code` (the HTTP response itself was 200).
 */
export class WatchError extends ServerError {
  override readonly code = "KR8S_WATCH";

  constructor(status: KubernetesStatus, what: string) {
    const message =
      status.message ?? `the server ended the watch with an error (${status.reason ?? "no reason given"})`;
    super(status.code ?? 500, { ...status, message: `${what}: ${message}` });
  }
}
