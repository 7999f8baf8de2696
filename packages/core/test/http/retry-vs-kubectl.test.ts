// kubectl v1.32 and kr8s against the same stub API server: the same answers must cost the same number of
// exchanges (client-go's retry policy). Each row is one answer the stub gives to every request.
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { run } from "@kr8s/test-utils/exec";
import { DispatcherPool } from "../../src/http/dispatcher-pool.ts";
import { createTransport } from "../../src/http/transport.ts";
import { connection, recordingServer, writeKubeconfig } from "./helpers.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

type Row = [name: string, status: number, headers: Record<string, string>];
const rows: Row[] = [
  ["503 without Retry-After", 503, {}],
  ["500 with Retry-After: 0", 500, { "retry-after": "0" }],
  ["429 with Retry-After: 0", 429, { "retry-after": "0" }],
  ["404 with Retry-After: 0", 404, { "retry-after": "0" }],
  ["503 with an HTTP-date Retry-After", 503, { "retry-after": "Wed, 21 Oct 2065 07:28:00 GMT" }],
  // Not a POST: `kubectl create --raw` sends its body as a stream, which client-go never replays; the
  // POST rule (retried like GET when the server sends Retry-After) is pinned in retry.test.ts.
];

describe("number of exchanges, kubectl vs kr8s", () => {
  it.each(rows)("%s", async (_name, status, headers) => {
    const stub = await recordingServer(() => ({ status, headers, body: "nope" }));
    const kubeconfig = writeKubeconfig(stub.url, {});
    const pool = new DispatcherPool();
    cleanups.push(
      () => stub.close(),
      () => pool.close(),
      () => rmSync(kubeconfig.dir, { recursive: true, force: true }),
    );
    const result = await run(
      referenceKubectl,
      ["--kubeconfig", kubeconfig.path, "get", "--raw", "/kubectl"],
      {
        timeoutMs: 30_000,
      },
    );
    expect(result.exitCode).toBe(1);

    const transport = createTransport(connection(stub.url), { pool });
    await expect(transport.request({ path: "/kr8s" })).rejects.toMatchObject({
      statusCode: status,
    });
    expect(stub.count("/kr8s")).toBe(stub.count("/kubectl"));
    expect(stub.count("/kubectl")).toBeGreaterThan(0);
  });
});
