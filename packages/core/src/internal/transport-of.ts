/**
 * The transport behind an `Api`, for code that needs more than `Api.request()` (WebSockets, streamed
 * bodies: `streams/`). A WeakMap rather than a public getter keeps the transport out of the public API.
 * Internal: never exported from the package's index.
 */
import type { Api } from "../api.ts";
import { InvalidArgumentError } from "../errors.ts";
import type { Transport } from "../http/transport.ts";

const transports = new WeakMap<Api, Transport>();

/** Called once by the `Api` constructor. */
export function registerTransport(api: Api, transport: Transport): void {
  transports.set(api, transport);
}

/** The transport of a client made by `api()`. @throws {InvalidArgumentError} for anything else. */
export function transportOf(api: Api): Transport {
  const transport = transports.get(api);
  if (!transport)
    throw new InvalidArgumentError("expected a client made by api() from this copy of @kr8s/core", {
      suggestions: ["pass the value `await api()` returned"],
    });
  return transport;
}
