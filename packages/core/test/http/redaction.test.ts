// Nothing secret leaves the HTTP layer's debug output: each header and query parameter that can carry a
// credential, in every event that shows one (request, response, retry, WebSocket upgrade).
import { describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { DispatcherPool } from "../../src/http/dispatcher-pool.ts";
import { redactHeaders, redactUrl } from "../../src/http/redact.ts";
import { createTransport } from "../../src/http/transport.ts";
import { connection, startServer } from "./helpers.ts";
import { recordHttpEvents } from "./record-events.ts";

const BEARER_PROTOCOL = "base64url.bearer.authorization.k8s.io.";

describe("redactHeaders", () => {
  it("keeps the scheme of Authorization and Proxy-Authorization, in any case", () => {
    expect(
      redactHeaders({
        AUTHORIZATION: "Bearer abc.def",
        "Proxy-Authorization": "Basic dXNlcjpwdw==",
        "proxy-authorization": "opaque-secret",
      }),
    ).toEqual({
      AUTHORIZATION: "Bearer <redacted>",
      "Proxy-Authorization": "Basic <redacted>",
      "proxy-authorization": "<redacted>",
    });
  });

  it("hides Cookie and every Set-Cookie", () => {
    expect(redactHeaders({ Cookie: "session=s3cret", "set-cookie": ["a=1", "b=2"] })).toEqual({
      Cookie: "<redacted>",
      "set-cookie": "<redacted>",
    });
  });

  it("hides the token of a bearer WebSocket subprotocol and keeps the others", () => {
    expect(
      redactHeaders({ "Sec-WebSocket-Protocol": `v5.channel.k8s.io, ${BEARER_PROTOCOL}c2VjcmV0` }),
    ).toEqual({ "Sec-WebSocket-Protocol": `v5.channel.k8s.io, ${BEARER_PROTOCOL}<redacted>` });
    expect(redactHeaders({ "sec-websocket-protocol": [`${BEARER_PROTOCOL}c2VjcmV0`, "x"] })).toEqual({
      "sec-websocket-protocol": [`${BEARER_PROTOCOL}<redacted>`, "x"],
    });
  });

  it("leaves other headers as they are", () => {
    expect(redactHeaders({ "impersonate-user": "jane", accept: "application/json" })).toEqual({
      "impersonate-user": "jane",
      accept: "application/json",
    });
  });
});

describe("redactUrl", () => {
  it("hides password, secret and token parameters, keeps the rest in order", () => {
    expect(
      redactUrl(
        "https://h/api?password=p1&watch=1&client_secret=s1&secret=s2&refresh-token=t1&access_token=t2&limit=5",
      ),
    ).toBe(
      "https://h/api?password=<redacted>&watch=1&client_secret=<redacted>&secret=<redacted>&refresh-token=<redacted>&access_token=<redacted>&limit=5",
    );
  });

  it("hides the password of user:password@", () => {
    expect(redactUrl("https://user:pw-secret@h/api")).toBe("https://user:<redacted>@h/api");
  });
});

describe("events on the kr8s:http channel", () => {
  const SERVER = "https://k8s.example:6443";
  const recorded = recordHttpEvents();

  it("a retry event's URL is redacted", async () => {
    let calls = 0;
    recorded.agent
      .get(SERVER)
      .intercept({ path: (p) => p.startsWith("/x") })
      .reply(() =>
        ++calls === 1
          ? { statusCode: 429, data: "{}", responseOptions: { headers: { "retry-after": "0" } } }
          : { statusCode: 200, data: "{}" },
      )
      .persist();
    const t = createTransport(connection(SERVER), { dispatcher: recorded.agent });
    await t.request({ path: "/x", query: { password: "pw-secret", watch: 1 } });
    const retry = recorded.events.find((e) => e.type === "retry");
    expect(retry?.url).toBe(`${SERVER}/x?password=<redacted>&watch=1`);
    expect(JSON.stringify(recorded.events)).not.toContain("pw-secret");
  });

  it("response headers are redacted (Set-Cookie)", async () => {
    recorded.agent
      .get(SERVER)
      .intercept({ path: "/x" })
      .reply(200, "{}", { headers: { "set-cookie": "session=cookie-secret", "x-kept": "yes" } });
    const t = createTransport(connection(SERVER), { dispatcher: recorded.agent });
    await t.request({ path: "/x" });
    const response = recorded.events.find((e) => e.type === "response");
    expect(response).toMatchObject({ headers: { "set-cookie": "<redacted>", "x-kept": "yes" } });
    expect(JSON.stringify(recorded.events)).not.toContain("cookie-secret");
  });

  it("request headers a caller adds are redacted (Proxy-Authorization, Cookie)", async () => {
    recorded.agent.get(SERVER).intercept({ path: "/x" }).reply(200, "{}");
    const t = createTransport(connection(SERVER), { dispatcher: recorded.agent });
    await t.request({
      path: "/x",
      headers: { "Proxy-Authorization": "Basic cHJveHktc2VjcmV0", Cookie: "c=cookie-secret" },
    });
    const request = recorded.events.find((e) => e.type === "request");
    expect(request).toMatchObject({
      headers: { "proxy-authorization": "Basic <redacted>", cookie: "<redacted>" },
    });
    expect(JSON.stringify(recorded.events)).not.toMatch(/cHJveHktc2VjcmV0|cookie-secret/);
  });

  it("a WebSocket upgrade's bearer subprotocol is redacted", async () => {
    const server = await startServer(() => undefined);
    const wss = new WebSocketServer({ server: server.server });
    wss.on("connection", (socket) => socket.close());
    const pool = new DispatcherPool();
    try {
      const t = createTransport(connection(server.url), { pool });
      const { socket } = await t.openWebSocket("/exec", {
        protocols: ["v5.channel.k8s.io", `${BEARER_PROTOCOL}d3MtdG9rZW4tc2VjcmV0`],
      });
      socket.terminate();
    } finally {
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await server.close();
      await pool.close();
    }
    const request = recorded.events.find((e) => e.type === "request");
    expect(request).toMatchObject({
      headers: { "sec-websocket-protocol": `v5.channel.k8s.io, ${BEARER_PROTOCOL}<redacted>` },
    });
    expect(JSON.stringify(recorded.events)).not.toContain("d3MtdG9rZW4tc2VjcmV0");
  });
});
