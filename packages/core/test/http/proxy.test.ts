import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { resolveConnection } from "../../src/config/resolve.ts";
import type { KubeConfigObject } from "../../src/config/kubeconfig.ts";
import { ConnectionError, KubeConfigError } from "../../src/errors.ts";
import { DispatcherPool } from "../../src/http/dispatcher-pool.ts";
import { resolveProxy, shouldProxy } from "../../src/http/proxy.ts";
import { createTransport } from "../../src/http/transport.ts";
import type { Certs, TestServer } from "./helpers.ts";
import { connection, json, makeCerts, startServer } from "./helpers.ts";
import type { TestProxy } from "./proxies.ts";
import { startConnectProxy, startSocksProxy } from "./proxies.ts";

// Go's own cases, from golang.org/x/net/http/httpproxy/proxy_test.go (UseProxyTests, at port 80).
const goNoProxy =
  "foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, 192.168.1.2:81, 192.168.1.3:80, 10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:2]:443, [2001:db8::52:0:3]:80, 2002:db8:a::45/64";
const goUseProxy: [host: string, proxied: boolean][] = [
  ["localhost", false],
  ["127.0.0.1", false],
  ["127.0.0.2", false],
  ["[::1]", false],
  ["[::2]", true],
  ["192.168.1.1", false],
  ["192.168.1.2", true],
  ["192.168.1.3", false],
  ["192.168.1.4", true],
  ["10.0.0.2", false],
  ["[2001:db8::52:0:1]", false],
  ["[2001:db8::52:0:2]", true],
  ["[2001:db8::52:0:3]", false],
  ["[2002:db8:a::123]", false],
  ["[fe80::424b:c8be:1643:a1b6]", true],
  ["barbaz.net", true],
  ["www.barbaz.net", false],
  ["foobar.com", false],
  ["www.foobar.com", false],
  ["foofoobar.com", true],
  ["baz.com", true],
  ["localhost.net", true],
  ["local.localhost", true],
  ["barbarbaz.net", true],
  ["wildcard.io", true],
  ["nested.wildcard.io", false],
  ["awildcard.io", true],
];

// Go's ProxyForURL cases (env → request URL → proxy). Go's "[1000::%25.example.com]" row is left out: a
// WHATWG URL cannot hold that host.
const goProxyForUrl: [env: Record<string, string>, request: string, proxy: string | undefined][] = [
  [{ HTTP_PROXY: "127.0.0.1:8080" }, "http://example.com", "http://127.0.0.1:8080"],
  [{ HTTP_PROXY: "cache.corp.example.com:1234" }, "http://example.com", "http://cache.corp.example.com:1234"],
  [{ HTTP_PROXY: "cache.corp.example.com" }, "http://example.com", "http://cache.corp.example.com"],
  [{ HTTP_PROXY: "localhost" }, "http://example.com", "http://localhost"],
  [{ HTTP_PROXY: "https://cache.corp.example.com" }, "http://example.com", "https://cache.corp.example.com"],
  [{ HTTP_PROXY: "http://127.0.0.1:8080" }, "http://example.com", "http://127.0.0.1:8080"],
  [{ HTTP_PROXY: "https://127.0.0.1:8080" }, "http://example.com", "https://127.0.0.1:8080"],
  [{ HTTP_PROXY: "socks5://127.0.0.1" }, "http://example.com", "socks5://127.0.0.1"],
  [{ HTTP_PROXY: "foo://host" }, "http://example.com", "foo://host"],
  [
    { HTTP_PROXY: "http.proxy.tld", HTTPS_PROXY: "secure.proxy.tld" },
    "http://insecure.tld/",
    "http://http.proxy.tld",
  ],
  [
    { HTTP_PROXY: "http.proxy.tld", HTTPS_PROXY: "secure.proxy.tld" },
    "https://secure.tld/",
    "http://secure.proxy.tld",
  ],
  [
    { HTTP_PROXY: "http.proxy.tld", HTTPS_PROXY: "https://secure.proxy.tld" },
    "https://secure.tld/",
    "https://secure.proxy.tld",
  ],
  [{ HTTP_PROXY: "http.proxy.tld" }, "https://secure.tld/", undefined],
  [{ HTTP_PROXY: "http.proxy.tld" }, "ftp://insecure.tld/", undefined],
  [
    { HTTPS_PROXY: "https://secure.proxy.tld", REQUEST_METHOD: "GET" },
    "https://secure.tld/",
    "https://secure.proxy.tld",
  ],
  [{}, "http://example.com", undefined],
  [{ NO_PROXY: "example.com", HTTP_PROXY: "proxy" }, "http://example.com/", undefined],
  [{ NO_PROXY: ".example.com", HTTP_PROXY: "proxy" }, "http://example.com/", "http://proxy"],
  [{ NO_PROXY: "ample.com", HTTP_PROXY: "proxy" }, "http://example.com/", "http://proxy"],
  [{ NO_PROXY: "example.com", HTTP_PROXY: "proxy" }, "http://foo.example.com/", undefined],
  [{ NO_PROXY: ".foo.com", HTTP_PROXY: "proxy" }, "http://example.com/", "http://proxy"],
  [{ NO_PROXY: ".示例.com", HTTP_PROXY: "proxy" }, "http://www.示例.com", undefined],
  [{ NO_PROXY: "xn--fsq092h.com", HTTP_PROXY: "proxy" }, "http://www.示例.com", undefined],
  [{ NO_PROXY: "示例.com", HTTP_PROXY: "proxy" }, "http://www.xn--fsq092h.com", undefined],
  // The cases of issue 6, as kubectl behaves: `.vm` does not match `vm`; only `localhost` itself is exempt.
  [{ HTTPS_PROXY: "http://p:3128", NO_PROXY: ".vm" }, "https://vm:6443", "http://p:3128"],
  [{ HTTPS_PROXY: "http://p:3128" }, "https://kube.localhost:6443", "http://p:3128"],
  [{ HTTPS_PROXY: "http://p:3128", NO_PROXY: "*.vm" }, "https://vm:6443", "http://p:3128"],
  [{ HTTPS_PROXY: "http://p:3128", NO_PROXY: "vm" }, "https://vm:6443", undefined],
  [{ HTTPS_PROXY: "http://p:3128", NO_PROXY: "api.vm:6443" }, "https://api.vm:6443", undefined],
  [{ HTTPS_PROXY: "http://p:3128", NO_PROXY: "api.vm:443" }, "https://api.vm:6443", "http://p:3128"],
  [{ HTTPS_PROXY: "http://p:3128", NO_PROXY: "10.0.0.0/8" }, "https://10.1.2.3:6443", undefined],
  [{ HTTPS_PROXY: "http://p:3128", NO_PROXY: "10.0.0.0/8" }, "https://[::ffff:10.1.2.3]:6443", undefined],
  [{ HTTPS_PROXY: "http://p:3128", NO_PROXY: "::ffff:10.1.2.3" }, "https://10.1.2.3:6443", undefined],
  [{ HTTPS_PROXY: "http://p:3128" }, "https://[::ffff:127.0.0.1]:6443", undefined],
  [{ HTTPS_PROXY: "http://p:3128", NO_PROXY: "api.vm other.vm" }, "https://api.vm", "http://p:3128"],
];

describe("resolveProxy (Go's http.ProxyFromEnvironment and httpproxy rules)", () => {
  it.each(goUseProxy)("NO_PROXY=<Go's list>: %s is proxied: %s", (host, proxied) => {
    expect(shouldProxy(new URL(`http://${host}:80`), goNoProxy)).toBe(proxied);
  });

  it.each(goUseProxy)("NO_PROXY=*: %s is never proxied", (host) => {
    expect(shouldProxy(new URL(`http://${host}:80`), "*")).toBe(false);
  });

  it("a malformed NO_PROXY entry (':1') is ignored", () => {
    expect(shouldProxy(new URL("http://example.com"), ":1")).toBe(true);
  });

  it.each(goProxyForUrl)("%o for %s → %s", (env, request, proxy) => {
    expect(resolveProxy(new URL(request), undefined, env)).toBe(proxy);
  });

  // Rows beyond Go's tables, each what Go's httpproxy does with the same input.
  const moreNoProxy: [noProxy: string, url: string, proxied: boolean][] = [
    // The scheme's default port is the port an entry's `:port` is compared with.
    ["api.example:443", "https://api.example", false],
    ["api.example:443", "wss://api.example", false],
    ["api.example:80", "https://api.example", true],
    ["api.example:80", "http://api.example", false],
    ["api.example:80", "ws://api.example", false],
    ["api.example:443", "http://api.example", true],
    // Entries are trimmed and compared without case.
    [" other.example ,  API.Example ", "https://api.example", false],
    // An IP or CIDR entry never matches a host name.
    ["10.1.2.3", "https://api.example", true],
    ["10.0.0.0/8", "https://api.example", true],
    // CIDRs: a prefix length as long as the address is valid; anything else is not a CIDR.
    ["10.1.2.3/32", "https://10.1.2.3", false],
    ["2001:db8::1/128", "https://[2001:db8::1]", false],
    ["10.0.0.0/33", "https://10.1.2.3", true],
    ["2001:db8::/129", "https://[2001:db8::1]", true],
    ["10.0.0.0/", "https://10.1.2.3", true],
    ["10.0.0.0/8x", "https://10.1.2.3", true],
    ["10.0.0.0/x8", "https://10.1.2.3", true],
    // A bracketed IPv6 entry with a port; text around it makes it no address at all.
    ["[2001:db8::1]:6443", "https://[2001:db8::1]:6443", false],
    ["[2001:db8::1]:6443", "https://[2001:db8::1]:443", true],
    ["x[2001:db8::1]:6443", "https://[2001:db8::1]:6443", true],
    ["[2001:db8::1]:64x", "https://[2001:db8::1]:64", true],
    // Internationalised names match in their ASCII (punycode) form.
    ["bücher.example", "https://bücher.example", false],
    [".bücher.example", "https://www.bücher.example", false],
  ];
  it.each(moreNoProxy)("NO_PROXY=%s: %s is proxied: %s", (noProxy, url, proxied) => {
    expect(shouldProxy(new URL(url), noProxy)).toBe(proxied);
  });

  it("WebSocket URLs use the proxy of their HTTP scheme (ws → HTTP_PROXY, wss → HTTPS_PROXY)", () => {
    const env = { HTTP_PROXY: "http://plain:1", HTTPS_PROXY: "http://secure:2" };
    expect(resolveProxy(new URL("ws://api.example:8080/x"), undefined, env)).toBe("http://plain:1");
    expect(resolveProxy(new URL("wss://api.example:6443/x"), undefined, env)).toBe("http://secure:2");
  });

  it("HTTP_PROXY in a CGI process (REQUEST_METHOD set) is refused for http servers, like Go", () => {
    const error = ((): unknown => {
      try {
        return resolveProxy(new URL("http://example.com"), undefined, {
          HTTP_PROXY: "http://10.1.2.3:8080",
          REQUEST_METHOD: "GET",
        });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toMatch(/refusing to use HTTP_PROXY in a CGI environment/);
    expect((error as ConnectionError).url).toBe("http://example.com");
    expect((error as ConnectionError).suggestions).toEqual([
      "use https:// for the API server, or unset HTTP_PROXY (see golang.org/s/cgihttpproxy)",
    ]);
  });

  it("the upper-case variable wins over the lower-case one; an empty one counts as unset", () => {
    const target = new URL("https://api.corp.example:6443");
    expect(
      resolveProxy(target, undefined, { HTTPS_PROXY: "http://upper:1", https_proxy: "http://lower:2" }),
    ).toBe("http://upper:1");
    expect(resolveProxy(target, undefined, { HTTPS_PROXY: "", https_proxy: "http://lower:2" })).toBe(
      "http://lower:2",
    );
    const both = { HTTPS_PROXY: "http://p:1", NO_PROXY: "other.example", no_proxy: "corp.example" };
    expect(resolveProxy(target, undefined, both)).toBe("http://p:1");
    expect(
      resolveProxy(target, undefined, { HTTPS_PROXY: "http://p:1", no_proxy: "corp.example" }),
    ).toBeUndefined();
  });

  it("an explicit proxy-url wins, even for loopback and NO_PROXY", () => {
    expect(
      resolveProxy(new URL("https://127.0.0.1:6443"), "socks5://proxy:1080", {
        HTTPS_PROXY: "http://other:1",
        NO_PROXY: "*",
      }),
    ).toBe("socks5://proxy:1080");
  });
});

describe("proxy-url in a kubeconfig (client-go's parseProxyURL)", () => {
  const kubeconfig = (proxyUrl: string): KubeConfigObject => ({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "prod", cluster: { server: "https://10.0.0.1:6443", "proxy-url": proxyUrl } }],
    contexts: [{ name: "c", context: { cluster: "prod" } }],
    "current-context": "c",
  });

  it.each(["http://p:3128", "https://p:3128", "socks5://u:pw@p:1080"])("accepts %s", async (proxyUrl) => {
    const conn = await resolveConnection({ kubeconfig: kubeconfig(proxyUrl) });
    expect(conn.proxyUrl).toBe(proxyUrl);
  });

  it.each(["socks5h://u:secret-pw@p:1080", "socks4://p:1080", "ftp://p"])(
    "refuses %s like kubectl, naming the field and the scheme but not the URL",
    async (proxyUrl) => {
      const error = (await resolveConnection({ kubeconfig: kubeconfig(proxyUrl) }).catch(
        (e: unknown) => e,
      )) as KubeConfigError;
      expect(error).toBeInstanceOf(KubeConfigError);
      expect(error.field).toBe("clusters[prod].proxy-url");
      expect(error.message).toContain(`unsupported scheme "${new URL(proxyUrl).protocol.slice(0, -1)}"`);
      expect(error.message).not.toContain("secret-pw");
    },
  );

  it("refuses a value that is not a URL", async () => {
    await expect(resolveConnection({ kubeconfig: kubeconfig("not a url") })).rejects.toThrow(
      "proxy-url is not a URL (clusters[prod].proxy-url)",
    );
  });
});

describe("through proxies, with end-to-end TLS to the server", () => {
  let certs: Certs;
  let target: TestServer;
  let proxies: TestProxy[] = [];
  const pool = new DispatcherPool();
  const warnings: Error[] = [];
  const onWarning = (warning: Error): void => {
    warnings.push(warning);
  };

  beforeAll(async () => {
    process.on("warning", onWarning);
    certs = makeCerts();
    target = await startServer((req, res) => json(res, 200, { path: req.url }), {
      key: certs.serverKey,
      cert: certs.serverCert,
    });
    const wss = new WebSocketServer({ server: target.server as never });
    wss.on("connection", (ws) => ws.send("hello"));
  });
  afterEach(async () => {
    await Promise.all(proxies.map((p) => p.close()));
    proxies = [];
  });
  afterAll(async () => {
    process.off("warning", onWarning);
    await pool.close();
    await target.close();
    certs.cleanup();
  });

  async function use(proxy: Promise<TestProxy>): Promise<TestProxy> {
    const started = await proxy;
    proxies.push(started);
    return started;
  }

  function through(proxyUrl: string, ca = certs.ca): ReturnType<typeof createTransport> {
    return createTransport(connection(target.url, { tls: { ca, insecureSkipTLSVerify: false }, proxyUrl }), {
      pool,
      retry: { maxRetries: 0 },
    });
  }

  async function firstMessage(t: ReturnType<typeof createTransport>): Promise<string> {
    const { socket } = await t.openWebSocket("/exec");
    const message = await new Promise<string>((resolve) =>
      socket.once("message", (data: Buffer) => resolve(String(data))),
    );
    socket.close();
    return message;
  }

  const targetHost = (): string => new URL(target.url).host;

  it("http:// proxy: requests and WebSockets tunnel with CONNECT, in plain TCP to the proxy", async () => {
    const proxy = await use(startConnectProxy());
    const t = through(proxy.url);
    await expect(t.request({ path: "/api" })).resolves.toMatchObject({ body: { path: "/api" } });
    expect(await firstMessage(t)).toBe("hello");
    expect(proxy.tunnels).toEqual([targetHost(), targetHost()]);
    await t.close();
  });

  it("https:// proxy: TLS to the proxy (verified with the cluster's CA, like Go), then TLS to the server", async () => {
    const proxy = await use(startConnectProxy({ tls: { key: certs.serverKey, cert: certs.serverCert } }));
    const t = through(proxy.url);
    await expect(t.request({ path: "/api" })).resolves.toMatchObject({ body: { path: "/api" } });
    expect(await firstMessage(t)).toBe("hello");
    expect(proxy.tunnels).toEqual([targetHost(), targetHost()]);
    await t.close();
  });

  it("socks5:// and socks5h:// proxies: requests and WebSockets, no warning printed", async () => {
    for (const scheme of ["socks5", "socks5h"]) {
      const proxy = await use(startSocksProxy());
      const t = through(proxy.url.replace(/^socks5/, scheme));
      await expect(t.request({ path: "/api" })).resolves.toMatchObject({ body: { path: "/api" } });
      expect(await firstMessage(t)).toBe("hello");
      expect(proxy.tunnels).toEqual([targetHost(), targetHost()]);
      await t.close();
    }
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });

  it("a SOCKS5 proxy gets the host name unresolved (socks5:// and socks5h:// alike, as in Go)", async () => {
    const byName = target.url.replace("127.0.0.1", "localhost");
    for (const scheme of ["socks5", "socks5h"]) {
      const proxy = await use(startSocksProxy());
      const t = createTransport(
        connection(byName, {
          tls: { ca: certs.ca, insecureSkipTLSVerify: false },
          proxyUrl: proxy.url.replace(/^socks5/, scheme),
        }),
        { pool },
      );
      await expect(t.request({ path: "/api" })).resolves.toMatchObject({ statusCode: 200 });
      expect(proxy.tunnels).toEqual([new URL(byName).host]);
      await t.close();
    }
  });

  it("credentials in the proxy URL are sent, percent-decoded (CONNECT Basic and SOCKS5 user/password)", async () => {
    const credentials = { username: "al ice", password: "p@ss:word" };
    const userinfo = `${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}@`;
    const connect = await use(startConnectProxy({ credentials }));
    const socks = await use(startSocksProxy({ credentials }));
    for (const proxy of [connect, socks]) {
      const t = through(proxy.url.replace("://", `://${userinfo}`));
      await expect(t.request({ path: "/api" })).resolves.toMatchObject({ statusCode: 200 });
      expect(await firstMessage(t)).toBe("hello");
      await t.close();
    }
    expect(socks.credentials).toEqual(["al ice:p@ss:word", "al ice:p@ss:word"]);
    const basic = `Basic ${Buffer.from("al ice:p@ss:word").toString("base64")}`;
    expect(connect.credentials).toEqual([basic, basic]);
  });

  it("a proxy refusing the credentials (407 / SOCKS5 auth failure) → ConnectionError naming the proxy without its password", async () => {
    const credentials = { username: "alice", password: "right" };
    const connect = await use(startConnectProxy({ credentials }));
    const socks = await use(startSocksProxy({ credentials }));
    for (const proxy of [connect, socks]) {
      const proxyUrl = proxy.url.replace("://", "://alice:wrong-secret@");
      const shown = proxy.url.replace("://", "://alice@");
      const t = through(proxyUrl);
      for (const attempt of [() => t.request({ path: "/api" }), () => t.openWebSocket("/exec")]) {
        const error = (await attempt().catch((e: unknown) => e)) as ConnectionError;
        expect(error).toBeInstanceOf(ConnectionError);
        expect(error.message).toContain(`the proxy ${shown} refused the credentials in its URL`);
        expect(`${error.message} ${error.suggestions.join(" ")} ${String(error.url)}`).not.toContain(
          "wrong-secret",
        );
      }
      await t.close();
    }
    // Without credentials the message says that the proxy wants some, and where to put them.
    const t = through(connect.url);
    const refused = (await t.request({ path: "/api" }).catch((e: unknown) => e)) as ConnectionError;
    expect(refused.message).toBe(
      `the proxy ${connect.url} requires credentials (407 Proxy Authentication Required)`,
    );
    expect(refused.url).toBe(connect.url);
    expect(refused.suggestions).toEqual([
      `put the proxy's user and password in its URL, http://user:password@${new URL(connect.url).host} (proxy-url in the kubeconfig, or HTTPS_PROXY / HTTP_PROXY)`,
    ]);
    await t.close();
    // A user name alone is credentials given: sent as `alice:`, and refused as such.
    const userOnly = through(connect.url.replace("://", "://alice@"));
    await expect(userOnly.request({ path: "/api" })).rejects.toThrow(
      `the proxy ${connect.url.replace("://", "://alice@")} refused the credentials in its URL`,
    );
    expect(connect.credentials.at(-1)).toBe(`Basic ${Buffer.from("alice:").toString("base64")}`);
    await userOnly.close();
  });

  it("the API server's certificate is verified through every kind of proxy", async () => {
    const kinds = [
      await use(startConnectProxy()),
      await use(startConnectProxy({ tls: { key: certs.serverKey, cert: certs.serverCert } })),
      await use(startSocksProxy()),
    ];
    for (const proxy of kinds) {
      // The https proxy is verified with the cluster CA too, so only the server's verification can fail here:
      // the proxy's certificate is trusted through `ca`, which below is the *other* CA for the server only.
      const t = proxy.url.startsWith("https")
        ? createTransport(
            connection(target.url, { tls: { insecureSkipTLSVerify: false }, proxyUrl: proxy.url }),
            { pool, retry: { maxRetries: 0 } },
          )
        : through(proxy.url, certs.otherCa);
      const error = (await t.request({ path: "/api" }).catch((e: unknown) => e)) as ConnectionError;
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error.message).toMatch(/cannot verify the TLS certificate|self-signed|unable to verify/i);
      await t.close();
    }
  });

  it("a proxy URL that is not a URL → ConnectionError that does not echo it", async () => {
    const t = through("http://user:secret-pw@[bad");
    const error = (await t.request({ path: "/api" }).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe("the proxy URL is not a valid URL");
    expect(error.cause).toBeUndefined();
    await t.close();
  });

  it("an unsupported proxy scheme → ConnectionError naming it", async () => {
    const t = through("socks4://127.0.0.1:1080");
    await expect(t.request({ path: "/api" })).rejects.toThrow(/unsupported proxy scheme socks4:/);
    await expect(t.openWebSocket("/exec")).rejects.toThrow(/unsupported proxy scheme socks4:/);
    await t.close();
  });
});
