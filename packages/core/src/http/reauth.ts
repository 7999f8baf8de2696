/**
 * The one place that decides about re-authentication, for plain requests and WebSocket upgrades alike:
 * send with the current credentials; after a 401, invalidate that generation and, when the source says a
 * refresh is worth it, send exactly once more with fresh credentials. The source's generation check makes
 * many concurrent 401s cost one refresh; a second 401 is returned to the caller as is.
 */
import type { CredentialSource, Credentials } from "../config/types.ts";

export async function sendWithReauth<R>(
  credentials: CredentialSource,
  signal: AbortSignal | undefined,
  send: (credentials: Credentials) => Promise<R>,
  isUnauthorized: (result: R) => boolean,
  onReauth: () => void,
): Promise<R> {
  const first = await credentials.get(signal);
  const result = await send(first);
  if (!isUnauthorized(result) || !credentials.invalidate(first.generation)) return result;
  onReauth();
  return send(await credentials.get(signal));
}
