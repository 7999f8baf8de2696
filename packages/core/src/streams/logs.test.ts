// Wire tests of logs() against a local HTTP server standing in for the API server: the query it sends and
// how a followed stream resumes after its connection is cut.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import { api } from "../api.ts";
import { normalizeTimestamp, logs } from "./logs.ts";

const pod = {
  metadata: { name: "p", namespace: "default" },
  spec: { containers: [{ name: "app" }, { name: "sidecar" }] },
  status: { containerStatuses: [{ name: "app", restartCount: 0 }] },
};

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** Serves the pod; `log` answers each log request (the nth, from 0). */
async function server(log: (req: IncomingMessage, n: number, res: ServerResponse) => void) {
  let n = 0;
  const queries: URLSearchParams[] = [];
  const s = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/api/v1/namespaces/default/pods/p") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(pod));
      return;
    }
    if (url.pathname === "/api/v1/namespaces/default/pods/p/log") {
      queries.push(url.searchParams);
      log(req, n++, res);
      return;
    }
    res.writeHead(404).end();
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  const k = await api({ url: `http://127.0.0.1:${port}`, namespace: "default", discoveryCacheDir: false });
  return { k, queries };
}

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of iterable) out.push(line);
  return out;
}

describe("logs", () => {
  test("sends PodLogOptions as the query and yields lines", async () => {
    const { k, queries } = await server((_req, _n, res) => res.end("one\ntwo\nthree"));
    const lines = await collect(
      logs(k, "p", {
        container: "sidecar",
        tailLines: 2,
        sinceSeconds: 60,
        limitBytes: 100,
        timestamps: true,
      }),
    );
    expect(lines).toEqual(["one", "two", "three"]);
    expect(Object.fromEntries(queries[0] ?? [])).toEqual({
      container: "sidecar",
      tailLines: "2",
      sinceSeconds: "60",
      limitBytes: "100",
      timestamps: "true",
    });
  });

  test("a followed stream cut mid-way resumes from the last timestamp without losing or repeating lines", async () => {
    const { k, queries } = await server((_req, n, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      if (n === 0) {
        // Two lines share a timestamp; the cut comes right after the first of them.
        res.write("2024-01-01T00:00:01.5Z a\n2024-01-01T00:00:02.25Z b\n");
        setImmediate(() => res.socket?.destroy());
        return;
      }
      // The server resumes at whole seconds: it sends a and b again, then b's twin and what follows.
      res.end(
        "2024-01-01T00:00:01.5Z a\n2024-01-01T00:00:02.25Z b\n2024-01-01T00:00:02.25Z b-twin\n2024-01-01T00:00:03Z c\n",
      );
    });
    const lines = await collect(logs(k, "p", { follow: true }));
    expect(lines).toEqual(["a", "b", "b-twin", "c"]);
    expect(queries).toHaveLength(2);
    expect(queries[0]?.get("timestamps")).toBe("true");
    expect(queries[1]?.get("sinceTime")).toBe("2024-01-01T00:00:02Z");
  });

  test("a stream that is not followed is not resumed: the cut is an error", async () => {
    const { k, queries } = await server((_req, _n, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("a\n");
      setImmediate(() => res.socket?.destroy());
    });
    await expect(collect(logs(k, "p"))).rejects.toMatchObject({ code: "KR8S_CONNECTION" });
    expect(queries).toHaveLength(1);
  });

  test("several containers are prefixed like kubectl --prefix", async () => {
    const { k } = await server((req, _n, res) => {
      const container = new URL(req.url ?? "", "http://x").searchParams.get("container");
      res.end(`from ${container}\n`);
    });
    const lines = await collect(logs(k, "p", { allContainers: true }));
    expect(lines.sort()).toEqual(["[pod/p/app] from app", "[pod/p/sidecar] from sidecar"]);
  });

  test("leaving the loop of a followed fan-out closes every stream at once", async () => {
    const open = new Set<ServerResponse>();
    const { k } = await server((req, _n, res) => {
      const container = new URL(req.url ?? "", "http://x").searchParams.get("container");
      res.writeHead(200, { "content-type": "text/plain" });
      res.write(`2024-01-01T00:00:00Z from ${container}\n`);
      open.add(res);
      res.on("close", () => open.delete(res));
      // …and nothing more: a followed stream that stays open.
    });
    const seen: string[] = [];
    for await (const line of logs(k, "p", { allContainers: true, follow: true })) {
      seen.push(line);
      if (seen.length === 2) break;
    }
    expect(seen.sort()).toEqual(["[pod/p/app] from app", "[pod/p/sidecar] from sidecar"]);
    await expect.poll(() => open.size).toBe(0);
  });

  test("a container the pod lacks, and previous logs of a container that never restarted", async () => {
    const { k, queries } = await server((_req, _n, res) => res.end());
    await expect(collect(logs(k, "p", { container: "nope" }))).rejects.toThrow(
      'container "nope" is not valid for pod "p"',
    );
    await expect(collect(logs(k, "p", { previous: true }))).rejects.toThrow(
      'container "app" of pod "p" has never restarted, so it has no previous logs',
    );
    expect(queries).toHaveLength(0);
  });

  test("normalizeTimestamp pads the fraction so timestamps compare as strings", () => {
    expect(normalizeTimestamp("2024-01-01T00:00:01Z")).toBe("2024-01-01T00:00:01.000000000Z");
    expect(normalizeTimestamp("2024-01-01T00:00:01.5Z")).toBe("2024-01-01T00:00:01.500000000Z");
    expect(normalizeTimestamp("2024-01-01T02:00:01.5+02:00")).toBe("2024-01-01T00:00:01.500000000Z");
  });
});
