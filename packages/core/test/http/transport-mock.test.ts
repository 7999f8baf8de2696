import diagnosticsChannel from "node:diagnostics_channel";
import { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ForbiddenError, NotFoundError, ServerError, UnauthorizedError } from "../../src/errors.ts";
import { HTTP_DEBUG_CHANNEL } from "../../src/http/debug.ts";
import type { HttpDebugEvent } from "../../src/http/debug.ts";
import { createTransport } from "../../src/http/transport.ts";
import { connection, fakeCredentials } from "./helpers.ts";

const SERVER = "https://k8s.example:6443";
let agent: MockAgent;

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
});
afterEach(async () => {
  await agent.close();
});

const notFound = {
  apiVersion: "v1",
  kind: "Status",
  status: "Failure",
  message: 'pods "web" not found',
  reason: "NotFound",
  details: { name: "web", kind: "pods" },
  code: 404,
};

describe("typed errors carrying the server's Status", () => {
  it("404 → NotFoundError with reason and message", async () => {
    agent
      .get(SERVER)
      .intercept({ path: "/api/v1/namespaces/default/pods/web" })
      .reply(404, notFound, {
        headers: { "content-type": "application/json" },
      });
    const t = createTransport(connection(SERVER), { dispatcher: agent });
    const error = await t.request({ path: "/api/v1/namespaces/default/pods/web" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).reason).toBe("NotFound");
    expect((error as NotFoundError).message).toBe('pods "web" not found');
    expect((error as NotFoundError).status.details?.name).toBe("web");
    expect((error as NotFoundError).statusCode).toBe(404);
  });

  it("403 → ForbiddenError", async () => {
    agent.get(SERVER).intercept({ path: "/api/v1/secrets" }).reply(403, {
      kind: "Status",
      status: "Failure",
      reason: "Forbidden",
      code: 403,
      message: "secrets is forbidden",
    });
    const t = createTransport(connection(SERVER), { dispatcher: agent });
    await expect(t.request({ path: "/api/v1/secrets" })).rejects.toSatisfy(
      (e) =>
        e instanceof ForbiddenError && e.message === "secrets is forbidden" && e.code === "KR8S_FORBIDDEN",
    );
  });

  it("non-JSON 500 → ServerError with a synthesised Status", async () => {
    agent
      .get(SERVER)
      .intercept({ path: "/version" })
      .reply(500, "upstream exploded", {
        headers: { "content-type": "text/plain" },
      });
    const t = createTransport(connection(SERVER), { dispatcher: agent });
    const error = (await t.request({ path: "/version" }).catch((e: unknown) => e)) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.statusCode).toBe(500);
    expect(error.status).toMatchObject({
      kind: "Status",
      status: "Failure",
      code: 500,
      reason: "InternalError",
    });
    expect(error.message).toContain("upstream exploded");
    expect(error.status.details?.causes?.[0]?.message).toBe("upstream exploded");
  });

  it("parses JSON answers and returns text answers as text", async () => {
    agent
      .get(SERVER)
      .intercept({ path: "/version" })
      .reply(
        200,
        { major: "1", minor: "33" },
        {
          headers: { "content-type": "application/json" },
        },
      );
    agent
      .get(SERVER)
      .intercept({ path: "/healthz" })
      .reply(200, "ok", { headers: { "content-type": "text/plain" } });
    const t = createTransport(connection(SERVER), { dispatcher: agent });
    expect((await t.request({ path: "/version" })).body).toEqual({ major: "1", minor: "33" });
    expect((await t.request({ path: "/healthz" })).body).toBe("ok");
  });
});

describe("request shape", () => {
  it("encodes query values, repeating array keys", async () => {
    let seen = "";
    agent
      .get(SERVER)
      .intercept({ path: (p) => p.startsWith("/api/v1/namespaces/default/pods/web/exec") })
      .reply((opts) => {
        seen = opts.path;
        return { statusCode: 200, data: "" };
      });
    const t = createTransport(connection(SERVER), { dispatcher: agent });
    await t.request({
      path: "/api/v1/namespaces/default/pods/web/exec",
      query: { command: ["sh", "-c", "echo a&b"], stdout: true, tailLines: 10, container: undefined },
    });
    expect(seen).toBe(
      "/api/v1/namespaces/default/pods/web/exec?command=sh&command=-c&command=echo+a%26b&stdout=true&tailLines=10",
    );
  });

  it("sends the bearer token, impersonation headers, a User-Agent and a JSON body", async () => {
    let headers: Record<string, unknown> = {};
    let body: unknown;
    agent
      .get(SERVER)
      .intercept({ path: "/api/v1/namespaces/default/configmaps", method: "POST" })
      .reply((opts) => {
        headers = opts.headers as Record<string, unknown>;
        body = opts.body;
        return {
          statusCode: 201,
          data: "{}",
          responseOptions: { headers: { "content-type": "application/json" } },
        };
      });
    const conn = connection(SERVER, {
      credentials: fakeCredentials(["sekret"]),
      impersonate: { user: "jane", groups: ["devs", "ops"], uid: "42", extra: { scopes: ["view", "edit"] } },
    });
    const t = createTransport(conn, { dispatcher: agent });
    await t.request({
      method: "POST",
      path: "/api/v1/namespaces/default/configmaps",
      body: { kind: "ConfigMap" },
    });
    expect(headers).toMatchObject({
      authorization: "Bearer sekret",
      "impersonate-user": "jane",
      "impersonate-group": ["devs", "ops"],
      "impersonate-uid": "42",
      "impersonate-extra-scopes": ["view", "edit"],
      "content-type": "application/json",
      accept: "application/json",
    });
    expect(String(headers["user-agent"])).toMatch(/^kr8s\/\S+ \(\w+\/\w+\) node\/v\d+/);
    expect(body).toBe('{"kind":"ConfigMap"}');
  });
});

describe("basic auth", () => {
  it("sends Authorization: Basic when there is no token, and redacts it in debug events", async () => {
    let auth = "";
    agent
      .get(SERVER)
      .intercept({ path: "/api" })
      .reply((opts) => {
        auth = (opts.headers as Record<string, string>).authorization ?? "";
        return { statusCode: 200, data: "{}" };
      });
    const credentials = {
      id: "basic",
      get: () => Promise.resolve({ basic: { username: "admin", password: "pw" }, generation: 1 }),
      invalidate: () => false,
    };
    const events: HttpDebugEvent[] = [];
    const onMessage = (m: unknown): void => void events.push(m as HttpDebugEvent);
    diagnosticsChannel.subscribe(HTTP_DEBUG_CHANNEL, onMessage);
    try {
      await createTransport(connection(SERVER, { credentials }), { dispatcher: agent }).request({
        path: "/api",
      });
    } finally {
      diagnosticsChannel.unsubscribe(HTTP_DEBUG_CHANNEL, onMessage);
    }
    expect(auth).toBe(`Basic ${Buffer.from("admin:pw").toString("base64")}`);
    expect(JSON.stringify(events)).not.toContain(Buffer.from("admin:pw").toString("base64"));
    expect(events[0]).toMatchObject({ headers: { authorization: "Basic <redacted>" } });
  });
});

describe("reauthentication on 401", () => {
  it("invalidates and retries once with the new token", async () => {
    const tokens: string[] = [];
    agent
      .get(SERVER)
      .intercept({ path: "/api" })
      .reply((opts) => {
        const auth = (opts.headers as Record<string, string>).authorization ?? "";
        tokens.push(auth);
        return auth === "Bearer new"
          ? { statusCode: 200, data: "{}" }
          : { statusCode: 401, data: "Unauthorized" };
      })
      .times(2);
    const creds = fakeCredentials(["old", "new"]);
    const t = createTransport(connection(SERVER, { credentials: creds }), { dispatcher: agent });
    await expect(t.request({ path: "/api" })).resolves.toMatchObject({ statusCode: 200 });
    expect(tokens).toEqual(["Bearer old", "Bearer new"]);
    expect(creds.refreshes).toBe(1);
  });

  it("a second 401 → UnauthorizedError", async () => {
    agent.get(SERVER).intercept({ path: "/api" }).reply(401, "Unauthorized").times(2);
    const creds = fakeCredentials(["old", "new", "newer"]);
    const t = createTransport(connection(SERVER, { credentials: creds }), { dispatcher: agent });
    const error = (await t.request({ path: "/api" }).catch((e: unknown) => e)) as UnauthorizedError;
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.reason).toBe("Unauthorized");
    expect(creds.refreshes).toBe(1);
  });

  it("no retry when the source has nothing new", async () => {
    agent.get(SERVER).intercept({ path: "/api" }).reply(401, "Unauthorized");
    const creds = fakeCredentials(["only"]);
    const t = createTransport(connection(SERVER, { credentials: creds }), { dispatcher: agent });
    await expect(t.request({ path: "/api" })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(creds.gets).toBe(1);
  });

  it("concurrent 401s on one generation cause one refresh", async () => {
    agent
      .get(SERVER)
      .intercept({ path: "/api" })
      .reply((opts) =>
        (opts.headers as Record<string, string>).authorization === "Bearer new"
          ? { statusCode: 200, data: "{}" }
          : { statusCode: 401, data: "" },
      )
      .delay(20)
      .persist();
    const creds = fakeCredentials(["old", "new", "newer"]);
    const t = createTransport(connection(SERVER, { credentials: creds }), { dispatcher: agent });
    const results = await Promise.all(Array.from({ length: 5 }, () => t.request({ path: "/api" })));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(creds.refreshes).toBe(1);
  });
});

describe("debug channel", () => {
  it("publishes requests and responses without any secret", async () => {
    const events: HttpDebugEvent[] = [];
    const onMessage = (message: unknown): void => {
      events.push(message as HttpDebugEvent);
    };
    diagnosticsChannel.subscribe(HTTP_DEBUG_CHANNEL, onMessage);
    try {
      agent
        .get(SERVER)
        .intercept({ path: /^\/api/ })
        .reply(401, "")
        .times(1);
      agent
        .get(SERVER)
        .intercept({ path: /^\/api/ })
        .reply(200, "{}")
        .times(1);
      const creds = fakeCredentials(["tok-AAAA-secret", "tok-BBBB-secret"]);
      const t = createTransport(connection(SERVER, { credentials: creds, impersonate: { user: "jane" } }), {
        dispatcher: agent,
      });
      await t.request({
        path: "/api",
        query: { token: "tok-CCCC-secret", access_token: "tok-DDDD-secret", watch: true },
      });
    } finally {
      diagnosticsChannel.unsubscribe(HTTP_DEBUG_CHANNEL, onMessage);
    }
    const text = JSON.stringify(events);
    expect(text).not.toContain("secret");
    expect(text).not.toContain("tok-");
    const requests = events.filter((e) => e.type === "request");
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({
      method: "GET",
      attempt: 1,
      headers: { authorization: "Bearer <redacted>", "impersonate-user": "jane" },
    });
    expect(requests[0]?.url).toContain("token=<redacted>");
    expect(requests[0]?.url).toContain("watch=true");
    expect(events.map((e) => e.type)).toEqual(["request", "response", "reauth", "request", "response"]);
    expect(events.find((e) => e.type === "response")).toMatchObject({ statusCode: 401 });
  });
});

describe("abort", () => {
  it("an aborted in-flight request rejects with the signal's reason", async () => {
    agent.get(SERVER).intercept({ path: "/slow" }).reply(200, "{}").delay(5_000);
    const t = createTransport(connection(SERVER), { dispatcher: agent });
    const controller = new AbortController();
    const reason = new Error("user cancelled");
    const pending = t.request({ path: "/slow", signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
  });
});
