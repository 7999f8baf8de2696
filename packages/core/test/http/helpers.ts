/** Test helpers for the HTTP layer: fake credential sources, throwaway certificates, local servers. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { ServerOptions } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConnectionConfig, CredentialSource, Credentials } from "../../src/config/types.ts";

/** A credential source serving `tokens[generation - 1]`, refreshing on invalidate while tokens remain. */
export interface FakeCredentials extends CredentialSource {
  readonly refreshes: number;
  readonly gets: number;
}

export function fakeCredentials(
  tokens: string[],
  extra: Omit<Credentials, "generation" | "token"> = {},
): FakeCredentials {
  let generation = 1;
  let refreshes = 0;
  let gets = 0;
  return {
    id: "fake",
    get refreshes() {
      return refreshes;
    },
    get gets() {
      return gets;
    },
    get() {
      gets++;
      const token = tokens[Math.min(generation, tokens.length) - 1];
      return Promise.resolve({ ...extra, ...(token === undefined ? {} : { token }), generation });
    },
    invalidate(gen) {
      if (gen < generation) return true; // someone already refreshed: retry with the current one
      if (generation >= tokens.length) return false;
      generation++;
      refreshes++;
      return true;
    },
  };
}

export function connection(server: string, overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    server,
    namespace: "default",
    tls: { insecureSkipTLSVerify: false },
    credentials: fakeCredentials(["token-1"]),
    ...overrides,
  };
}

export interface Certs {
  dir: string;
  ca: string;
  otherCa: string;
  /** Issued for 127.0.0.1 / localhost. */
  serverCert: string;
  serverKey: string;
  /** Issued only for kube.internal. */
  namedCert: string;
  namedKey: string;
  /** Issued only for the IP 10.9.9.9 (a `tls-server-name` that is an IP). */
  ipCert: string;
  ipKey: string;
  /** CN=alice, signed by `ca`. */
  clientCert: string;
  clientKey: string;
  /** CN=bob, signed by `ca`. */
  client2Cert: string;
  client2Key: string;
  cleanup(): void;
}

/** A CA, server and client certificates made with openssl in a temporary directory. */
export function makeCerts(): Certs {
  const dir = mkdtempSync(join(tmpdir(), "kr8s-http-test-"));
  const run = (...args: string[]): void => {
    execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  };
  const key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  run(
    "req",
    "-x509",
    ...key,
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "2",
    "-subj",
    "/CN=kr8s-test-ca",
  );
  run(
    "req",
    "-x509",
    ...key,
    "-keyout",
    "other.key",
    "-out",
    "other.crt",
    "-days",
    "2",
    "-subj",
    "/CN=other-ca",
  );
  const issue = (name: string, cn: string, ext: string): void => {
    writeFileSync(join(dir, `${name}.ext`), ext);
    run("req", ...key, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`);
    run(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      `${name}.crt`,
      "-days",
      "2",
      "-extfile",
      `${name}.ext`,
    );
  };
  issue(
    "server",
    "kube-apiserver",
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
  );
  issue("named", "kube-apiserver", "subjectAltName=DNS:kube.internal\nextendedKeyUsage=serverAuth\n");
  issue("ip", "kube-apiserver", "subjectAltName=IP:10.9.9.9\nextendedKeyUsage=serverAuth\n");
  issue("client", "alice", "extendedKeyUsage=clientAuth\n");
  issue("client2", "bob", "extendedKeyUsage=clientAuth\n");
  const read = (f: string): string => readFileSync(join(dir, f), "utf8");
  return {
    dir,
    ca: read("ca.crt"),
    otherCa: read("other.crt"),
    serverCert: read("server.crt"),
    serverKey: read("server.key"),
    namedCert: read("named.crt"),
    namedKey: read("named.key"),
    ipCert: read("ip.crt"),
    ipKey: read("ip.key"),
    clientCert: read("client.crt"),
    clientKey: read("client.key"),
    client2Cert: read("client2.crt"),
    client2Key: read("client2.key"),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  url: string;
  server: Server;
  close: () => Promise<void>;
}

/** An HTTP (or, with `tls`, HTTPS) server on 127.0.0.1, port 0. */
export async function startServer(handler: Handler, tls?: ServerOptions): Promise<TestServer> {
  const server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nobody listens on. */
export async function unusedPort(): Promise<number> {
  const s = await startServer(() => undefined);
  const port = Number(new URL(s.url).port);
  await s.close();
  return port;
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/**
 * A one-context kubeconfig (JSON, which kubectl reads too) for `server` and `user`, in a temporary
 * directory that `user` may also put files in (a token file, a plugin's marker).
 */
export function writeKubeconfig(
  server: string,
  user: Record<string, unknown> | ((dir: string) => Record<string, unknown>),
): { path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "kr8s-kubeconfig-"));
  const path = join(dir, "config");
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "stub", cluster: { server } }],
    users: [{ name: "user", user: typeof user === "function" ? user(dir) : user }],
    contexts: [{ name: "stub", context: { cluster: "stub", user: "user" } }],
    "current-context": "stub",
  };
  writeFileSync(path, JSON.stringify(config));
  return { path, dir };
}

/** What a stub server saw: method, path and headers of each request. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
}

/** An HTTP server on 127.0.0.1 that records every request and answers with `answer(n)` (1-based per path). */
export async function recordingServer(
  answer: (
    n: number,
    req: IncomingMessage,
  ) => { status: number; headers?: Record<string, string>; body?: string },
): Promise<TestServer & { seen: SeenRequest[]; count(path: string): number }> {
  const seen: SeenRequest[] = [];
  const count = (path: string): number => seen.filter((r) => r.path === path).length;
  const server = await startServer((req, res) => {
    const path = req.url ?? "";
    seen.push({ method: req.method ?? "", path, headers: req.headers });
    req.resume();
    req.on("end", () => {
      const { status, headers = {}, body = "{}" } = answer(count(path), req);
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body);
    });
  });
  return Object.assign(server, { seen, count });
}
