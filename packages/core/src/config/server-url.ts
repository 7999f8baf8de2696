/**
 * The API server URL kubectl derives from a kubeconfig `server` (or `--server`), following client-go's
 * `rest.DefaultServerURL`:
 * - a value with a scheme and a host (`https://10.0.0.1:6443/prefix`) is used as it is, without its query
 *   or fragment;
 * - anything else is read as `host[:port]` and gets `http://`. client-go picks the scheme before it has
 *   merged the cluster's TLS settings (`rest.IsConfigTransportTLS` runs on a config without them), so
 *   kubectl v1.32 speaks plain HTTP to `server: 10.0.0.1:6443` even when `certificate-authority-data` or
 *   `insecure-skip-tls-verify` is set (checked with `kubectl -v=6`), and sends no credentials;
 * - a `host:port` followed by a path, or a value that is no URL at all, is refused (kubectl: "host must be
 *   a URL or a host:port pair", or a parse error when connecting).
 * kr8s also refuses schemes other than http and https, which kubectl only rejects when it connects.
 */

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;

/**
 * `raw` as the base URL kubectl would use (no trailing slash), or undefined when it is neither an
 * http(s) URL nor a `host[:port]`.
 * @example serverUrl("127.0.0.1:6443") // "http://127.0.0.1:6443"
 */
export function serverUrl(raw: string): string | undefined {
  // Go's url.Parse refuses spaces that WHATWG URL parsing would trim away.
  if (raw === "" || /\s/.test(raw)) return undefined;
  let text = raw;
  let url = SCHEME.test(raw) ? parse(raw) : undefined;
  if (url === undefined || url.host === "") {
    text = `http://${raw}`;
    url = parse(text);
    if (url === undefined || url.pathname !== "/") return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  // The text as written (WHATWG serialisation would drop `:443` and lower-case the host), minus the query
  // and fragment, which kubectl drops too.
  return text.replace(/[?#].*$/, "").replace(/\/+$/, "");
}

function parse(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
