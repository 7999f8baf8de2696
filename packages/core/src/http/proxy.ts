/**
 * Which proxy (if any) a request to the API server goes through, with the rules kubectl follows: an explicit
 * `proxy-url` always wins (client-go `rest.Config.Proxy`); otherwise Go's `http.ProxyFromEnvironment`, i.e.
 * `golang.org/x/net/http/httpproxy`: `HTTPS_PROXY` for https servers, `HTTP_PROXY` for http ones, unless
 * `NO_PROXY` matches or the host is `localhost` or a loopback IP.
 */
import { BlockList, isIP } from "node:net";
import { domainToASCII } from "node:url";
import { ConnectionError, KubeConfigError } from "../errors.ts";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * A kubeconfig `proxy-url` as client-go validates it (clientcmd `parseProxyURL`): http, https or socks5.
 * `socks5h://` is refused there even though `HTTPS_PROXY=socks5h://…` works (kubectl does the same).
 * @param field where the value came from, e.g. `clusters[prod].proxy-url`
 * @returns the value, unchanged
 * @throws KubeConfigError naming the field and the scheme (never the URL: it may hold a password)
 */
export function checkProxyUrl(value: string, options: { field: string; file?: string | undefined }): string {
  let scheme: string;
  try {
    scheme = new URL(value).protocol.slice(0, -1);
  } catch {
    throw new KubeConfigError("proxy-url is not a URL", options);
  }
  if (scheme === "http" || scheme === "https" || scheme === "socks5") return value;
  throw new KubeConfigError(
    `proxy-url has the unsupported scheme "${scheme}": use http, https or socks5`,
    options,
  );
}

/** Go's `getEnvAny`: the upper-case name wins; an empty value counts as unset. */
function envAny(env: Env, name: string): string {
  return env[name] || env[name.toLowerCase()] || "";
}

/**
 * Go's `parseProxy`: a value without a scheme (`proxy:3128`, `localhost`) means `http://`; a scheme it does
 * not know is kept (and later refused by the connector, like Go's transport refuses it).
 */
function parseProxy(raw: string): string | undefined {
  if (!raw) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  // WHATWG URL gives `proxy:3128` the scheme `proxy:` and no host, as Go's url.Parse does.
  if (!parsed?.host) {
    try {
      return new URL(`http://${raw}`).href.replace(/\/$/, "");
    } catch {
      return undefined;
    }
  }
  return raw;
}

/**
 * The proxy URL to use for `target`, or undefined for a direct connection.
 * @param explicit the cluster's `proxy-url`; used for every request, loopback included (like client-go)
 * @param env where `HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY` (upper case first, then lower case) and
 *   `REQUEST_METHOD` are read
 * @throws ConnectionError for an http server when `HTTP_PROXY` is set in a CGI process (`REQUEST_METHOD`
 *   set): the request could have set that variable (Go's rule, golang.org/s/cgihttpproxy)
 */
export function resolveProxy(
  target: URL,
  explicit: string | undefined,
  env: Env = process.env,
): string | undefined {
  if (explicit) return explicit;
  const secure = target.protocol === "https:" || target.protocol === "wss:";
  let proxy: string | undefined;
  if (secure) {
    proxy = parseProxy(envAny(env, "HTTPS_PROXY"));
  } else if (target.protocol === "http:" || target.protocol === "ws:") {
    proxy = parseProxy(envAny(env, "HTTP_PROXY"));
    if (proxy && env.REQUEST_METHOD) {
      throw new ConnectionError(
        "refusing to use HTTP_PROXY in a CGI environment (REQUEST_METHOD is set): a request may have set it",
        {
          url: target.origin,
          suggestions: [
            "use https:// for the API server, or unset HTTP_PROXY (see golang.org/s/cgihttpproxy)",
          ],
        },
      );
    }
  }
  if (!proxy) return undefined;
  return shouldProxy(target, envAny(env, "NO_PROXY")) ? proxy : undefined;
}

/** Whether a NO_PROXY entry matches a target given as an IP address (IP and CIDR entries). */
type IpMatcher = (ip: string, port: string) => boolean;
/** Whether a NO_PROXY entry matches a target's host (domain entries; an IP target is matched as text too). */
type DomainMatcher = (host: string, port: string) => boolean;

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

function defaultPort(url: URL): string {
  if (url.port) return url.port;
  return url.protocol === "https:" || url.protocol === "wss:" ? "443" : "80";
}

function family(ip: string): "ipv4" | "ipv6" {
  return isIP(ip) === 4 ? "ipv4" : "ipv6";
}

// BlockList matches an IPv4-mapped IPv6 address (::ffff:a01:203) as its IPv4 address, as Go's net.IP does.
function sameIp(a: string, b: string): boolean {
  const list = new BlockList();
  list.addAddress(a, family(a));
  return list.check(b, family(b));
}

/** Go's `net.SplitHostPort`, enough for NO_PROXY entries: `host:port` or `[v6]:port`. */
function splitHostPort(entry: string): { host: string; port: string } | undefined {
  const bracketed = /^\[([^\]]*)\]:(\d*)$/.exec(entry);
  if (bracketed) return { host: bracketed[1] ?? "", port: bracketed[2] ?? "" };
  const colon = entry.lastIndexOf(":");
  if (colon < 0 || entry.indexOf(":") !== colon || entry.includes("[")) return undefined;
  return { host: entry.slice(0, colon), port: entry.slice(colon + 1) };
}

function cidrMatcher(entry: string): IpMatcher | undefined {
  const slash = entry.indexOf("/");
  if (slash < 0) return undefined;
  const network = entry.slice(0, slash);
  const lengthText = entry.slice(slash + 1);
  const version = isIP(network);
  const length = Number(lengthText);
  if (!version || !/^\d+$/.test(lengthText) || length > (version === 4 ? 32 : 128)) return undefined;
  const list = new BlockList();
  list.addSubnet(network, length, family(network));
  return (ip) => list.check(ip, family(ip));
}

/** Go's `config.init`: one matcher per NO_PROXY entry (comma-separated; malformed entries are ignored). */
function noProxyMatchers(noProxy: string): { all: boolean; ip: IpMatcher[]; domain: DomainMatcher[] } {
  const ip: IpMatcher[] = [];
  const domain: DomainMatcher[] = [];
  for (const raw of noProxy.split(",")) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === "*") return { all: true, ip: [], domain: [] };
    const cidr = cidrMatcher(entry);
    if (cidr) {
      ip.push(cidr);
      continue;
    }
    const split = splitHostPort(entry);
    if (split && !split.host) continue;
    let host = split ? stripBrackets(split.host) : entry;
    const entryPort = split?.port ?? "";
    if (isIP(host)) {
      const address = host;
      ip.push((target, port) => sameIp(address, target) && (!entryPort || entryPort === port));
      continue;
    }
    // `*.y.com` is `.y.com`; `y.com` matches itself and its subdomains; `.y.com` only subdomains.
    if (host.startsWith("*.")) host = host.slice(1);
    const matchHost = !host.startsWith(".");
    if (matchHost) host = `.${host}`;
    const suffix = domainToASCII(host.slice(1)) ? `.${domainToASCII(host.slice(1))}` : host;
    domain.push(
      (target, port) =>
        (target.endsWith(suffix) || (matchHost && target === suffix.slice(1))) &&
        (!entryPort || entryPort === port),
    );
  }
  return { all: false, ip, domain };
}

/**
 * False when the request to `target` must go direct: `NO_PROXY` matches (Go's rules: `y.com` matches `y.com`
 * and `x.y.com`, `.y.com` and `*.y.com` only `x.y.com`, `*` everything, IPs and CIDRs, each optionally
 * with `:port`), or the host is `localhost` or a loopback IP. Other names under `.localhost` are proxied,
 * as kubectl does.
 */
export function shouldProxy(target: URL, noProxy: string): boolean {
  const host = stripBrackets(target.hostname).toLowerCase();
  const port = defaultPort(target);
  if (host === "localhost") return false;
  const ip = isIP(host) ? host : undefined;
  if (ip && isLoopback(ip)) return false;
  const matchers = noProxyMatchers(noProxy);
  if (matchers.all) return false;
  if (ip && matchers.ip.some((m) => m(ip, port))) return false;
  return !matchers.domain.some((m) => m(host, port));
}

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

function isLoopback(ip: string): boolean {
  return loopback.check(ip, family(ip));
}
