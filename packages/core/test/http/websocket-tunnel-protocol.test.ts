// Kubernetes' tunnelling subprotocols (`SPDY/3.1+portforward.k8s.io`) are not RFC 6455 tokens, so ws would
// neither send nor accept them; the API server (gorilla/websocket) takes them, as kubectl sends them. This
// server answers the handshake itself, the way the API server does, choosing the tunnel.
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRateLimiter } from "../../src/http/rate-limiter.ts";
import { openWebSocket, type WebSocketContext } from "../../src/http/websocket.ts";
import { fakeCredentials, json, startServer, type TestServer } from "./helpers.ts";

const TUNNEL = "SPDY/3.1+portforward.k8s.io";
let server: TestServer;
let offered: string | undefined;
const upgraded: Duplex[] = [];

beforeAll(async () => {
  server = await startServer((_req, res) => json(res, 404, {}));
  server.server.on("upgrade", (req: IncomingMessage, socket: Duplex) => {
    upgraded.push(socket);
    offered = req.headers["sec-websocket-protocol"];
    const chosen = offered?.split(",").map((p) => p.trim())[0] ?? "";
    const accept = createHash("sha1")
      .update(`${req.headers["sec-websocket-key"] ?? ""}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest("base64");
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${chosen}\r\n\r\n`,
    );
    // One binary message, "ok", then the server waits for the client to close.
    socket.write(Buffer.from([0x82, 2, 0x6f, 0x6b]));
    socket.on("error", () => undefined);
  });
});

afterAll(async () => {
  for (const socket of upgraded) socket.destroy();
  await server.close();
});

const context = (): WebSocketContext => ({
  server: `${server.url}/`,
  tls: { insecureSkipTLSVerify: false },
  credentials: fakeCredentials(["token-1"]),
  headers: {},
  limiter: createRateLimiter({ qps: Infinity }),
  proxyUrl: undefined,
  connectTimeoutMs: 10_000,
  tlsHandshakeTimeoutMs: 10_000,
  onWarning: () => undefined,
});

it("offers a tunnelling subprotocol verbatim, and reports it when the server chooses it", async () => {
  const { socket, protocol } = await openWebSocket(context(), "/pf", {
    protocols: [TUNNEL, "v4.channel.k8s.io"],
    paused: true,
  });
  try {
    expect(offered).toBe(`${TUNNEL},v4.channel.k8s.io`);
    expect(protocol).toBe(TUNNEL);
    const message = new Promise<string>((resolve) =>
      socket.once("message", (data: Buffer) => resolve(data.toString())),
    );
    socket.resume();
    expect(await message).toBe("ok");
  } finally {
    socket.terminate();
  }
});
