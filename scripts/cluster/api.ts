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

export function apiRequest(
  creds: AdminCredentials,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 5_000,
): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      new URL(path, creds.server),
      {
        method,
        ca: creds.caPem,
        cert: creds.certPem,
        key: creds.keyPem,
        timeout: timeoutMs,
        headers: {
          accept: "application/json",
          ...(payload === undefined ? {} : { "content-type": "application/json" }),
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
    req.on("timeout", () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(payload);
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
