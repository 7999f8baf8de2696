// createConnector against a scripted proxy on loopback: the CONNECT request it writes (Host, credentials,
// IPv6 targets), what it does with each answer (bytes after the 200, a refusal, silence) and how a TLS
// handshake that never completes ends. The end-to-end proxy behaviour (real tunnels to a TLS server) is in
// proxy.test.ts.
import { once } from "node:events";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConnectionError } from "../../src/errors.ts";
import { type ConnectorOptions, type ConnectTarget, createConnector } from "../../src/http/connector.ts";
import { type Certs, makeCerts, unusedPort } from "./helpers.ts";
import { startSocksProxy, type TestProxy } from "./proxies.ts";

interface Scripted {
  port: number;
  /** The request head of each connection, as received. */
  heads: string[];
  /** Resolves when the n-th connection (0-based) has been closed by the client. */
  closed(index: number): Promise<void>;
}

const servers: { server: Server; sockets: Set<Socket> }[] = [];
afterEach(async () => {
  for (const { server, sockets } of servers.splice(0)) {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A TCP server that reads one request head per connection and answers with `answer` (or nothing). */
async function scripted(answer: string | undefined, host = "127.0.0.1"): Promise<Scripted> {
  const heads: string[] = [];
  const closes: Promise<void>[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    closes.push(once(socket, "close").then(() => undefined));
    socket.on("error", () => undefined);
    let head = "";
    socket.on("data", (chunk: Buffer) => {
      head += chunk.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      heads.push(head);
      if (answer !== undefined) socket.write(answer);
    });
  });
  servers.push({ server, sockets });
  server.listen(0, host);
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    heads,
    closed: async (index) => {
      while (closes[index] === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
      await closes[index];
    },
  };
}

const options = (proxyUrl?: string, extra: Partial<ConnectorOptions> = {}): ConnectorOptions => ({
  tls: { rejectUnauthorized: true },
  ...(proxyUrl === undefined ? {} : { proxyUrl }),
  connectTimeoutMs: 5_000,
  tlsHandshakeTimeoutMs: 5_000,
  ...extra,
});

function connect(connectorOptions: ConnectorOptions, target: ConnectTarget): Promise<Socket> {
  return new Promise((resolve, reject) => {
    createConnector(connectorOptions)(target, (error, socket) => {
      if (error) reject(error);
      else resolve(socket);
    });
  });
}

const plain = (hostname: string, port: number): ConnectTarget => ({ hostname, protocol: "http:", port });
const ESTABLISHED = "HTTP/1.1 200 Connection Established\r\n\r\n";

describe("the CONNECT request", () => {
  it("names the target in the request line and the Host header, and sends no credentials unless the URL has some", async () => {
    const proxy = await scripted(ESTABLISHED);
    const socket = await connect(options(`http://127.0.0.1:${proxy.port}`), plain("api.example.test", 6443));
    socket.destroy();
    const [head] = proxy.heads;
    expect(head?.split("\r\n")[0]).toBe("CONNECT api.example.test:6443 HTTP/1.1");
    expect(head).toMatch(/\r\nhost: api\.example\.test:6443\r\n/i);
    expect(head).not.toMatch(/proxy-authorization/i);
  });

  it("brackets an IPv6 target, and reaches a proxy at an IPv6 address", async () => {
    const proxy = await scripted(ESTABLISHED, "::1");
    const socket = await connect(options(`http://[::1]:${proxy.port}`), plain("[fd00::1]", 6443));
    socket.destroy();
    expect(proxy.heads[0]?.split("\r\n")[0]).toBe("CONNECT [fd00::1]:6443 HTTP/1.1");
    expect(proxy.heads[0]).toMatch(/\r\nhost: \[fd00::1\]:6443\r\n/i);
  });

  it("hands over the bytes the proxy sent right after its 200", async () => {
    const proxy = await scripted(`${ESTABLISHED}hello from the server`);
    const socket = await connect(options(`http://127.0.0.1:${proxy.port}`), plain("api.example.test", 80));
    let received = "";
    socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    expect(received).toBe("hello from the server");
  });
});

describe("a proxy that will not tunnel", () => {
  it("a refusal names the proxy, the target and the status, suggests what to check, and closes the connection", async () => {
    const proxy = await scripted("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
    const url = `http://127.0.0.1:${proxy.port}`;
    const error = (await connect(options(url), plain("api.example.test", 6443)).catch(
      (e: unknown) => e,
    )) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe(
      `the proxy ${url} refused to connect to api.example.test:6443 (403 Forbidden)`,
    );
    expect(error.url).toBe(url);
    expect(error.suggestions).toEqual([
      "check that the proxy allows connections to the API server's host and port",
    ]);
    await proxy.closed(0);
  });

  it("a 407 to a URL with only a password says the credentials were refused, without the password", async () => {
    const proxy = await scripted("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
    const error = (await connect(
      options(`http://:s3cret@127.0.0.1:${proxy.port}`),
      plain("api.example.test", 6443),
    ).catch((e: unknown) => e)) as ConnectionError;
    expect(error.message).toBe(
      `the proxy http://127.0.0.1:${proxy.port} refused the credentials in its URL (407 Proxy Authentication Required)`,
    );
    expect(proxy.heads[0]).toMatch(
      new RegExp(`proxy-authorization: Basic ${Buffer.from(":s3cret").toString("base64")}`, "i"),
    );
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain("s3cret");
  });

  it("a proxy that never answers CONNECT fails after the connect timeout", async () => {
    const proxy = await scripted(undefined);
    const url = `http://127.0.0.1:${proxy.port}`;
    const error = (await connect(
      options(url, { connectTimeoutMs: 200 }),
      plain("api.example.test", 6443),
    ).catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(error.message).toBe(`the proxy ${url} did not answer CONNECT in time`);
    expect(error.code).toBe("ETIMEDOUT");
    await proxy.closed(0);
  });

  it("an answer that comes before the timeout keeps the tunnel open after it", async () => {
    const proxy = await scripted(ESTABLISHED);
    const socket = await connect(
      options(`http://127.0.0.1:${proxy.port}`, { connectTimeoutMs: 100 }),
      plain("api.example.test", 80),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(socket.destroyed).toBe(false);
    socket.destroy();
  });
});

describe("a SOCKS5 proxy that cannot reach the target", () => {
  let proxy: TestProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it("says the proxy refused to connect to it (not that credentials were refused), naming both", async () => {
    proxy = await startSocksProxy();
    const closedPort = await unusedPort();
    const error = (await connect(options(proxy.url), plain("127.0.0.1", closedPort)).catch(
      (e: unknown) => e,
    )) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(
      new RegExp(
        `^the proxy ${proxy.url.replaceAll(".", "\\.")} refused to connect to 127\\.0\\.0\\.1:${closedPort} \\(`,
      ),
    );
    expect(error.suggestions).toEqual([
      "check that the proxy allows connections to the API server's host and port",
    ]);
  });
});

describe("proxy URLs the connector cannot use", () => {
  it("a scheme other than http, https, socks5 or socks5h", async () => {
    const error = (await connect(
      options("ftp://user:pw@proxy.example:2121"),
      plain("api.example.test", 6443),
    ).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe("unsupported proxy scheme ftp: in ftp://user@proxy.example:2121");
    expect(error.url).toBe("ftp://user@proxy.example:2121");
    expect(error.suggestions).toEqual([
      "use an http://, https:// or socks5:// proxy URL (proxy-url, HTTPS_PROXY)",
    ]);
  });

  it("a value that is not a URL, without echoing it", () => {
    let error: unknown;
    try {
      createConnector(options("http://user:pw@[bad"));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toBe("the proxy URL is not a valid URL");
    expect((error as ConnectionError).suggestions).toEqual([
      "check proxy-url in the kubeconfig, or HTTPS_PROXY / HTTP_PROXY",
    ]);
    expect(JSON.stringify(error)).not.toContain("pw@");
  });
});

describe("TLS to the API server", () => {
  let certs: Certs;
  // openssl takes seconds on a loaded machine: not within one test's time.
  beforeAll(() => {
    certs = makeCerts();
  }, 60_000);

  it("a handshake that never completes fails after tlsHandshakeTimeoutMs and closes the connection", async () => {
    const server = await scripted(undefined);
    const error = (await connect(options(undefined, { tlsHandshakeTimeoutMs: 200 }), {
      hostname: "127.0.0.1",
      protocol: "https:",
      port: server.port,
    }).catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(error.message).toBe("TLS handshake timed out after 200 ms");
    expect(error.code).toBe("ERR_TLS_HANDSHAKE_TIMEOUT");
    await server.closed(0);
  });

  it("a handshake that completes in time keeps the connection open past tlsHandshakeTimeoutMs", async () => {
    const sockets = new Set<Socket>();
    const server = createTlsServer({
      cert: certs.serverCert,
      key: certs.serverKey,
    });
    server.on("secureConnection", (socket) => sockets.add(socket));
    servers.push({ server, sockets });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const socket = await connect(
      {
        ...options(undefined, { tlsHandshakeTimeoutMs: 100 }),
        tls: { rejectUnauthorized: true, ca: certs.ca },
      },
      { hostname: "127.0.0.1", protocol: "https:", port: (server.address() as AddressInfo).port },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(socket.destroyed).toBe(false);
    socket.destroy();
  });
});
