// The dispatcher pool: which settings make two clients share connections (the key), which TLS options a
// cluster's settings become, and that the timeouts a caller sets are the ones the connections keep.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import {
  DispatcherPool,
  type DispatcherKeyInput,
  dispatcherKey,
  tlsConnectOptions,
} from "../../src/http/dispatcher-pool.ts";

const CA = "-----BEGIN CERTIFICATE-----\nca-one\n-----END CERTIFICATE-----\n";

describe("tlsConnectOptions", () => {
  it("verifies with the cluster's CA, sends tls-server-name, and offers a client certificate only as a pair", () => {
    expect(
      tlsConnectOptions({ ca: CA, insecureSkipTLSVerify: false, serverName: "api.internal" }, "C", "K"),
    ).toStrictEqual({ rejectUnauthorized: true, ca: CA, servername: "api.internal", cert: "C", key: "K" });
    expect(tlsConnectOptions({ insecureSkipTLSVerify: false }, "C", undefined)).toStrictEqual({
      rejectUnauthorized: true,
    });
    expect(tlsConnectOptions({ insecureSkipTLSVerify: false }, undefined, "K")).toStrictEqual({
      rejectUnauthorized: true,
    });
  });

  it("skipping verification drops the CA, as client-go does", () => {
    expect(tlsConnectOptions({ ca: CA, insecureSkipTLSVerify: true })).toStrictEqual({
      rejectUnauthorized: false,
    });
  });
});

describe("dispatcherKey", () => {
  const base: DispatcherKeyInput = {
    server: "https://api.example:6443/some/path",
    tls: { ca: CA, insecureSkipTLSVerify: false, serverName: "api.internal" },
    clientCertificate: "CERT-PEM",
    clientKey: "KEY-PEM",
    proxyUrl: "http://user:proxy-secret@proxy:3128",
    settings: {
      connectTimeoutMs: 1,
      tlsHandshakeTimeoutMs: 2,
      headersTimeoutMs: 3,
      bodyTimeoutMs: 4,
      keepAliveTimeoutMs: 5,
      connections: 6,
    },
  };

  it("is the same for the same origin and settings (the path does not count)", () => {
    expect(dispatcherKey({ ...base, server: "https://api.example:6443/other" })).toBe(dispatcherKey(base));
  });

  it("differs when anything that shapes a connection differs", () => {
    const variants: DispatcherKeyInput[] = [
      { ...base, server: "https://api.example:6444" },
      { ...base, tls: { ...base.tls, ca: CA.replace("one", "two") } },
      { ...base, tls: { ...base.tls, insecureSkipTLSVerify: true } },
      { ...base, tls: { ...base.tls, serverName: "other.internal" } },
      { ...base, clientCertificate: "CERT-2" },
      { ...base, clientKey: "KEY-2" },
      { ...base, proxyUrl: "http://user:other@proxy:3128" },
      { ...base, proxyUrl: undefined },
      ...Object.keys(base.settings ?? {}).map((name) => ({
        ...base,
        settings: { ...base.settings, [name]: 99 },
      })),
    ];
    const keys = new Set([dispatcherKey(base), ...variants.map(dispatcherKey)]);
    expect(keys.size).toBe(variants.length + 1);
  });

  it("holds no secret: certificates, keys and the proxy URL only as hashes", () => {
    const key = dispatcherKey(base);
    for (const secret of ["CERT-PEM", "KEY-PEM", "proxy-secret", "ca-one"]) expect(key).not.toContain(secret);
  });
});

describe("DispatcherPool", () => {
  let server: Server | undefined;
  const pool = new DispatcherPool();
  afterEach(async () => {
    await pool.close();
    server?.closeAllConnections();
    server?.close();
    server = undefined;
  });

  async function slowServer(headersAfterMs: number, bodyAfterMs: number): Promise<string> {
    server = createServer((_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("a");
        setTimeout(() => res.end("b"), bodyAfterMs);
      }, headersAfterMs);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const input = (url: string, settings: DispatcherKeyInput["settings"]): DispatcherKeyInput => ({
    server: url,
    tls: { insecureSkipTLSVerify: false },
    settings,
  });

  // undici checks these timeouts about once a second: the server waits longer than that.
  it("keeps the headers timeout it was given", async () => {
    const url = await slowServer(2_500, 0);
    const { dispatcher } = pool.acquire(input(url, { headersTimeoutMs: 100 }));
    await expect(request(url, { dispatcher })).rejects.toMatchObject({ code: "UND_ERR_HEADERS_TIMEOUT" });
  });

  it("keeps the body timeout it was given", async () => {
    const url = await slowServer(0, 2_500);
    const { dispatcher } = pool.acquire(input(url, { bodyTimeoutMs: 100 }));
    const response = await request(url, { dispatcher });
    await expect(response.body.text()).rejects.toMatchObject({ code: "UND_ERR_BODY_TIMEOUT" });
  });

  it("shares one dispatcher per key and closes it with the last release", async () => {
    const url = await slowServer(0, 0);
    const first = pool.acquire(input(url, {}));
    const second = pool.acquire(input(url, {}));
    expect(second.dispatcher).toBe(first.dispatcher);
    expect(pool.size).toBe(1);
    await pool.release(first.key);
    expect(pool.size).toBe(1);
    await pool.release(second.key);
    expect(pool.size).toBe(0);
    await expect(request(url, { dispatcher: first.dispatcher })).rejects.toMatchObject({
      code: expect.stringMatching(/^UND_ERR_(CLOSED|DESTROYED)$/) as unknown,
    });
  });
});
