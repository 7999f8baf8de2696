// A scripted stand-in for the API server's list and watch endpoints, on a local port: each test decides
// what every request gets, and sees every request's query and when each watch stream closed. For wire
// shapes and failure paths the real server will not produce on demand; behaviour is proven on the real one
// in watch.e2e.test.ts.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach } from "vitest";
import { DispatcherPool } from "../../src/http/dispatcher-pool.ts";
import { createTransport, type Transport } from "../../src/http/transport.ts";
import type { RawObject } from "../../src/watch/types.ts";
import { connection, json, startServer } from "../http/helpers.ts";

export { configMaps } from "../resource-refs.ts";

/** One request the fake server received. */
export interface SeenRequest {
  /** `list` or `watch` (from `watch=1`). */
  kind: "list" | "watch";
  query: URLSearchParams;
  path: string;
  /** The request's `Accept` header. */
  accept: string | undefined;
  /** Resolves when the client (or the server) closed this request's connection. */
  closed: Promise<void>;
}

/** What a handler may do with a watch request: send events (or raw bytes), then end or keep it open. */
export interface WatchStream {
  event(type: string, object: RawObject): void;
  raw(text: string): void;
  end(): void;
}

export interface FakeApiServer {
  transport: Transport;
  requests: SeenRequest[];
  /** Watch requests whose connection is still open. */
  readonly openWatches: number;
  close(): Promise<void>;
}

export type FakeHandler = (
  request: SeenRequest,
  reply: { json(status: number, body: unknown): void; stream(): WatchStream },
) => void;

export function configMap(name: string, resourceVersion: string, uid = `uid-${name}`): RawObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: "ns", uid, resourceVersion },
    data: { v: resourceVersion },
  };
}

export function list(resourceVersion: string, items: RawObject[], continueToken?: string): unknown {
  return {
    kind: "ConfigMapList",
    apiVersion: "v1",
    metadata: { resourceVersion, ...(continueToken ? { continue: continueToken } : {}) },
    items,
  };
}

export function status(code: number, reason: string, message: string): RawObject {
  return { kind: "Status", apiVersion: "v1", status: "Failure", code, reason, message };
}

export async function fakeApiServer(handler: FakeHandler): Promise<FakeApiServer> {
  const requests: SeenRequest[] = [];
  let openWatches = 0;
  const server = await startServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const kind = url.searchParams.get("watch") === "1" ? "watch" : "list";
    if (kind === "watch") openWatches++;
    const closed = new Promise<void>((resolve) =>
      res.on("close", () => {
        if (kind === "watch") openWatches--;
        resolve();
      }),
    );
    const request: SeenRequest = {
      kind,
      query: url.searchParams,
      path: url.pathname,
      accept: req.headers.accept,
      closed,
    };
    requests.push(request);
    handler(request, {
      json: (code, body) => json(res, code, body),
      stream() {
        res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
        res.flushHeaders();
        return {
          event: (type, object) => res.write(`${JSON.stringify({ type, object })}\n`),
          raw: (text) => res.write(text),
          end: () => res.end(),
        };
      },
    });
  });
  const pool = new DispatcherPool();
  const transport = createTransport(connection(server.url), {
    pool,
    qps: Infinity,
    retry: { maxRetries: 0 },
  });
  return {
    transport,
    requests,
    get openWatches() {
      return openWatches;
    },
    async close() {
      await transport.close();
      await pool.close();
      await server.close();
    },
  };
}

/** The first `count` values of an async iterable (then leaves it: `break` closes a watch). */
const served: FakeApiServer[] = [];
afterEach(async () => {
  await Promise.all(served.splice(0).map((s) => s.close()));
});

/** A {@link fakeApiServer} closed after the current test. */
export async function serve(handler: FakeHandler): Promise<FakeApiServer> {
  const server = await fakeApiServer(handler);
  served.push(server);
  return server;
}

export async function take<T>(iterable: AsyncIterable<T>, count: number): Promise<T[]> {
  const values: T[] = [];
  if (count === 0) return values;
  for await (const value of iterable) {
    values.push(value);
    if (values.length === count) break;
  }
  return values;
}

/** `[type, name, resourceVersion]` of watch events, for compact assertions. */
export function summary(events: { type: string; object: RawObject }[]): string[][] {
  return events.map(({ type, object }) => [
    type,
    object.metadata?.name ?? "",
    object.metadata?.resourceVersion ?? "",
  ]);
}
