/**
 * Which proxy (if any) a request to the API server goes through, with the rules of Go's
 * `http.ProxyFromEnvironment` that kubectl uses: an explicit `proxy-url` always wins; otherwise
 * `HTTPS_PROXY` (for https servers) or `HTTP_PROXY` (for http servers), lower-case variants too, unless
 * `NO_PROXY` matches. Like Go, `localhost` and loopback addresses are never sent to an environment proxy.
 */
import { isIP } from "node:net";

type Env = Readonly<Record<string, string | undefined>>;

function envValue(env: Env, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** The proxy URL to use for `target`, or undefined for a direct connection. */
export function resolveProxy(
  target: URL,
  explicit: string | undefined,
  env: Env = process.env,
): string | undefined {
  if (explicit) return explicit;
  const raw =
    target.protocol === "https:" || target.protocol === "wss:"
      ? envValue(env, "HTTPS_PROXY")
      : envValue(env, "HTTP_PROXY");
  if (!raw) return undefined;
  if (!shouldProxy(target, envValue(env, "NO_PROXY") ?? "")) return undefined;
  // Go accepts `host:port` without a scheme and then means http://.
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
}

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

function defaultPort(url: URL): string {
  if (url.port) return url.port;
  return url.protocol === "https:" || url.protocol === "wss:" ? "443" : "80";
}

/** False when `NO_PROXY` (or the loopback rule) says to connect directly. */
export function shouldProxy(target: URL, noProxy: string): boolean {
  const host = stripBrackets(target.hostname).toLowerCase();
  const port = defaultPort(target);
  if (host === "localhost" || host.endsWith(".localhost")) return false;
  if (isLoopback(host)) return false;
  for (let entry of noProxy.split(/[\s,]+/)) {
    entry = entry.trim().toLowerCase();
    if (!entry) continue;
    if (entry === "*") return false;
    if (entry.includes("/")) {
      if (isIP(host) && inCidr(host, entry)) return false;
      continue;
    }
    let entryPort: string | undefined;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
    if (m) {
      entry = stripBrackets(m[1] ?? entry);
      entryPort = m[2];
    }
    if (entryPort !== undefined && entryPort !== port) continue;
    if (isIP(entry)) {
      if (entry === host) return false;
      continue;
    }
    const domain = entry.startsWith("*.") ? entry.slice(1) : entry;
    if (domain.startsWith(".")) {
      if (host.endsWith(domain) || host === domain.slice(1)) return false;
    } else if (host === domain || host.endsWith(`.${domain}`)) return false;
  }
  return true;
}

function isLoopback(host: string): boolean {
  if (isIP(host) === 4) return host.startsWith("127.");
  if (isIP(host) === 6) return host === "::1" || /^::ffff:127\./.test(host);
  return false;
}

function ipToBigInt(ip: string): { value: bigint; bits: number } | undefined {
  const v = isIP(ip);
  if (v === 4) {
    const parts = ip.split(".").map(Number);
    return { value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n), bits: 32 };
  }
  if (v === 6) {
    const [head = "", tail = ""] = ip.includes("::") ? ip.split("::") : [ip, ""];
    const h = head ? head.split(":") : [];
    const t = tail ? tail.split(":") : [];
    const groups = [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
    return { value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || "0", 16)), 0n), bits: 128 };
  }
  return undefined;
}

function inCidr(ip: string, cidr: string): boolean {
  const [net = "", lenText = ""] = cidr.split("/");
  const a = ipToBigInt(ip);
  const b = ipToBigInt(net);
  const len = Number(lenText);
  if (!a || !b || a.bits !== b.bits || !Number.isInteger(len) || len < 0 || len > a.bits) return false;
  const shift = BigInt(a.bits - len);
  return a.value >> shift === b.value >> shift;
}
