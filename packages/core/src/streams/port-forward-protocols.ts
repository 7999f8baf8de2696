/**
 * The port-forward subprotocols, apart from the port-forward code (port-forward.ts, spdy-tunnel.ts and
 * zlib) so that the package's index exports them without loading it.
 */

/** The WebSocket subprotocol that asks the API server to tunnel SPDY port-forward streams. */
export const SPDY_PORT_FORWARD_PROTOCOL = "SPDY/3.1+portforward.k8s.io";

/** The subprotocol of the legacy WebSocket port-forward, served through every API server version. */
export const PORT_FORWARD_PROTOCOL = "v4.channel.k8s.io";

/** The port-forward subprotocols kr8s speaks. */
export type PortForwardProtocol = typeof SPDY_PORT_FORWARD_PROTOCOL | typeof PORT_FORWARD_PROTOCOL;

/** Offered by default, most preferred first: one handshake falls back to v4 where no tunnel is served. */
export const PORT_FORWARD_PROTOCOLS: readonly PortForwardProtocol[] = [
  SPDY_PORT_FORWARD_PROTOCOL,
  PORT_FORWARD_PROTOCOL,
];
