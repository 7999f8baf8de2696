// A minimal HTTPS client for the harness's own readiness checks. It talks to the API server directly
// with the admin client certificate instead of spawning kubectl for every poll.
import { request } from "node:https";

export interface AdminCredentials {
  readonly server: string;
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: string;
}

export interface HttpsRequestOptions {
  readonly method?: string;
  /** PEM CA the server's certificate must chain to. */
  readonly ca: string;
  /** Client certificate and key (PEM), for mutual TLS. */
  readonly cert?: string;
  readonly key?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON-encoded and sent with `content-type: application/json`. */
  readonly body?: unknown;
  /** @default 5000 */
  readonly timeoutMs?: number;
}

/** One HTTPS request, its whole body read as text. Rejects on connection failures and the timeout. */
export function httpsRequest(url: URL | string, options: HttpsRequestOptions): Promise<ApiResponse> {
  const { method = "GET", ca, cert, key, body, timeoutMs = 5_000 } = options;
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method,
        ca,
        ...(cert === undefined ? {} : { cert }),
        ...(key === undefined ? {} : { key }),
        timeout: timeoutMs,
        headers: {
          accept: "application/json",
          ...(payload === undefined ? {} : { "content-type": "application/json" }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    const shown = typeof url === "string" ? new URL(url).pathname : url.pathname;
    req.on("timeout", () => req.destroy(new Error(`${method} ${shown} timed out after ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(payload);
  });
}

/** A request to the API server as the admin user. */
export function apiRequest(
  creds: AdminCredentials,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 5_000,
): Promise<ApiResponse> {
  return httpsRequest(new URL(path, creds.server), {
    method,
    ca: creds.caPem,
    cert: creds.certPem,
    key: creds.keyPem,
    body,
    timeoutMs,
  });
}

/** GET that never throws: connection errors become status 0 (handy while polling). */
export async function tryGet(creds: AdminCredentials, path: string): Promise<ApiResponse> {
  try {
    return await apiRequest(creds, "GET", path);
  } catch (error) {
    return { status: 0, body: error instanceof Error ? error.message : String(error) };
  }
}
