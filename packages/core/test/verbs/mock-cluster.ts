// A MockAgent that serves aggregated discovery from the fixture and records every other request, for
// wire tests of the verbs.
import { MockAgent } from "undici";
import { api, type Api, type Registry } from "../../src/index.ts";
import { aggregated, CORE, GROUPS, type FixtureGroups } from "./discovery-fixture.ts";

export const SERVER = "https://k8s.test:6443";
export const JSON_HEADERS = { "content-type": "application/json" };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export type Responder = (request: RecordedRequest) => { status: number; body: unknown } | undefined;

export interface MockCluster {
  agent: MockAgent;
  k: Api;
  /** Requests other than discovery, in order. */
  requests: RecordedRequest[];
  /** How many discovery requests (`/api`, `/apis`) were served. */
  discoveryRequests: () => number;
  /** Answers for non-discovery requests; the first responder that answers wins. */
  respond: (responder: Responder) => void;
  /** Serve other discovery documents from now on. */
  setDiscovery: (core: FixtureGroups, groups: FixtureGroups) => void;
}

function headerRecord(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2)
      out[String(headers[i]).toLowerCase()] = String(headers[i + 1]);
  } else if (headers && typeof headers === "object") {
    for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = String(v);
  }
  return out;
}

export async function mockCluster(
  options: { discoveryCacheDir?: string | false; registry?: Registry } = {},
): Promise<MockCluster> {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const requests: RecordedRequest[] = [];
  const responders: Responder[] = [];
  let discovery = 0;
  let core = CORE;
  let groups = GROUPS;
  agent
    .get(SERVER)
    .intercept({ path: () => true, method: () => true })
    .reply((opts) => {
      const request: RecordedRequest = {
        method: opts.method,
        path: opts.path,
        headers: headerRecord(opts.headers),
        body:
          typeof opts.body === "string"
            ? opts.body
            : opts.body
              ? Buffer.from(opts.body as Uint8Array).toString()
              : undefined,
      };
      if (request.path === "/api" || request.path === "/apis") {
        discovery++;
        return {
          statusCode: 200,
          data: JSON.stringify(aggregated(request.path === "/api" ? core : groups)),
          responseOptions: {
            headers: {
              "content-type": "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
            },
          },
        };
      }
      requests.push(request);
      for (const responder of responders) {
        const answer = responder(request);
        if (answer)
          return {
            statusCode: answer.status,
            data: JSON.stringify(answer.body),
            responseOptions: { headers: JSON_HEADERS },
          };
      }
      return {
        statusCode: 200,
        data: JSON.stringify({ kind: "Echo", metadata: { name: "echo" } }),
        responseOptions: { headers: JSON_HEADERS },
      };
    })
    .persist();
  const k = await api({
    url: SERVER,
    namespace: "default",
    dispatcher: agent,
    discoveryCacheDir: options.discoveryCacheDir ?? false,
    ...(options.registry ? { registry: options.registry } : {}),
  });
  return {
    agent,
    k,
    requests,
    discoveryRequests: () => discovery,
    respond: (responder) => responders.push(responder),
    setDiscovery: (c, g) => {
      core = c;
      groups = g;
    },
  };
}
