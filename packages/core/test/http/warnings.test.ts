// The API server's `Warning` headers: parsed as client-go parses them and handed to `onWarning`.
import { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError } from "../../src/errors.ts";
import { createTransport } from "../../src/http/transport.ts";
import { parseWarnings, type ServerWarning } from "../../src/http/warnings.ts";
import { DispatcherPool } from "../../src/http/dispatcher-pool.ts";
import { connection, json, startServer } from "./helpers.ts";

describe("parseWarnings", () => {
  it("reads code, agent and the unquoted text, with or without a date", () => {
    expect(
      parseWarnings(
        '299 - "a \\"quoted\\" word", 299 kube-apiserver "dated" "Wed, 02 Dec 2026 10:00:00 GMT"',
      ),
    ).toEqual([
      { code: 299, agent: "-", text: 'a "quoted" word' },
      { code: 299, agent: "kube-apiserver", text: "dated" },
    ]);
  });

  it("reads every value of a repeated header, and a comma inside the text is text", () => {
    expect(parseWarnings(['299 - "one, two"', '199 - "misc"'])).toEqual([
      { code: 299, agent: "-", text: "one, two" },
      { code: 199, agent: "-", text: "misc" },
    ]);
  });

  it("keeps the warnings before a malformed one and drops the rest of that value", () => {
    expect(parseWarnings(['299 - "kept", 29 - "bad", 299 - "after"', '299 - "next header"'])).toEqual([
      { code: 299, agent: "-", text: "kept" },
      { code: 299, agent: "-", text: "next header" },
    ]);
    expect(parseWarnings('299 - "unterminated')).toEqual([]);
    expect(parseWarnings(undefined)).toEqual([]);
  });
});

describe("onWarning", () => {
  const SERVER = "https://k8s.example:6443";
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    await agent.close();
  });

  it("receives each 299 warning with a text of a response; other codes and empty texts are dropped", async () => {
    agent
      .get(SERVER)
      .intercept({ path: "/apis/example.com/v1beta1/widgets" })
      .reply(
        200,
        { items: [] },
        {
          headers: {
            "content-type": "application/json",
            warning: ['299 - "example.com/v1beta1 Widget is deprecated"', '199 - "other", 299 - ""'],
          },
        },
      );
    const warnings: ServerWarning[] = [];
    const t = createTransport(connection(SERVER), { dispatcher: agent, onWarning: (w) => warnings.push(w) });
    await t.request({ path: "/apis/example.com/v1beta1/widgets" });
    expect(warnings).toEqual([{ code: 299, agent: "-", text: "example.com/v1beta1 Widget is deprecated" }]);
  });

  it("receives the warnings of an error response too, before the error is thrown", async () => {
    agent
      .get(SERVER)
      .intercept({ path: "/api/v1/namespaces/default/pods/web" })
      .reply(
        404,
        { kind: "Status", status: "Failure", reason: "NotFound", code: 404, message: 'pods "web" not found' },
        { headers: { "content-type": "application/json", warning: '299 - "careful"' } },
      );
    const texts: string[] = [];
    const t = createTransport(connection(SERVER), {
      dispatcher: agent,
      onWarning: (w) => texts.push(w.text),
    });
    await expect(t.request({ path: "/api/v1/namespaces/default/pods/web" })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(texts).toEqual(["careful"]);
  });
});

describe("a response with many warnings, over a real connection", () => {
  it("is read: up to 10 MiB of headers are accepted, as client-go accepts them (Node's default is 16 KiB)", async () => {
    // 200 warnings of 300 characters: about 60 KiB of headers.
    const texts = Array.from({ length: 200 }, (_, i) => `warning ${i} ${"x".repeat(300)}`);
    const server = await startServer((_req, res) => {
      res.setHeader(
        "warning",
        texts.map((text) => `299 - "${text}"`),
      );
      json(res, 200, { kind: "Status" });
    });
    const pool = new DispatcherPool();
    try {
      const seen: string[] = [];
      const transport = createTransport(connection(server.url), {
        pool,
        onWarning: (warning) => seen.push(warning.text),
      });
      const response = await transport.request({ path: "/api" });
      expect([response.statusCode, response.body]).toEqual([200, { kind: "Status" }]);
      expect(seen).toEqual(texts);
    } finally {
      await pool.close();
      await server.close();
    }
  });
});
