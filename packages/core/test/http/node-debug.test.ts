// NODE_DEBUG=kr8s prints exactly one line per exchange (HTTP request or WebSocket upgrade), redacted.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "@kr8s/test-utils/exec";

const child = fileURLToPath(new URL("./fixtures/node-debug-child.ts", import.meta.url));

describe("NODE_DEBUG=kr8s", () => {
  it("prints one line per exchange: retries, refusals and WebSocket upgrades included, nothing secret", async () => {
    const result = await run(process.execPath, [child], {
      env: { ...process.env, NODE_DEBUG: "kr8s" },
      timeoutMs: 30_000,
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stderr.split("\n").filter((line) => /^KR8S \d+: /.test(line));
    const exchanges = lines.map((line) =>
      line.replace(/^KR8S \d+: #\d+\.(\d+) /, "$1 ").replace(/\d+ ms/g, "N ms"),
    );
    expect(exchanges).toEqual([
      expect.stringMatching(/^1 GET http:\/\/127\.0\.0\.1:\d+\/ok -> 200 in N ms$/),
      expect.stringMatching(/^1 GET http:\/\/127\.0\.0\.1:\d+\/retry\?token=<redacted> -> 503 in N ms$/),
      expect.stringMatching(
        /^2 GET http:\/\/127\.0\.0\.1:\d+\/retry\?token=<redacted> -> 200 in N ms \(retried after N ms: HTTP 503 Retry-After\)$/,
      ),
      expect.stringMatching(/^1 GET http:\/\/127\.0\.0\.1:\d+\/missing -> 404 in N ms$/),
      expect.stringMatching(/^1 GET http:\/\/127\.0\.0\.1:\d+\/exec -> 101 in N ms$/),
      expect.stringMatching(/^1 GET http:\/\/127\.0\.0\.1:\d+\/refused failed after N ms: ECONNREFUSED$/),
    ]);
    expect(result.stderr).not.toMatch(/secret/);
  }, 60_000); // a child node process that loads TypeScript sources: seconds on a loaded machine
});
