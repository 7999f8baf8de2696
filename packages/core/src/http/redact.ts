/** Removal of secrets from anything the HTTP layer shows (debug events, error messages). */

const SECRET_QUERY = /(^|_|-)(token|access_token|id_token|refresh_token|password|secret)$/i;
// Not the public `REDACTED` of config/edit.ts: that one is kubectl's `config view` placeholder.
const REDACTED = "<redacted>";
// The API server also accepts a bearer token as a WebSocket subprotocol (browsers cannot set headers).
const BEARER_PROTOCOL = /(base64url\.bearer\.authorization\.k8s\.io\.)[^,\s]*/g;

/** The URL with token-like query parameters (and any userinfo) replaced by `<redacted>`. */
export function redactUrl(url: URL | string): string {
  const u = new URL(url);
  if (u.password) u.password = REDACTED;
  if ([...u.searchParams.keys()].some((key) => SECRET_QUERY.test(key))) {
    const redacted = new URLSearchParams();
    for (const [key, value] of u.searchParams)
      redacted.append(key, SECRET_QUERY.test(key) ? REDACTED : value);
    u.search = redacted.toString();
  }
  // URLs percent-encode `<` and `>` (in the query and the userinfo); keep the marker readable.
  return u.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
}

/**
 * Headers with credentials replaced: `Authorization: Bearer <redacted>`, proxy and cookie headers, and a
 * bearer token offered as a WebSocket subprotocol.
 */
export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (lower === "authorization" || lower === "proxy-authorization") {
      const scheme = String(value).split(" ", 1)[0];
      out[name] = scheme && scheme !== String(value) ? `${scheme} ${REDACTED}` : REDACTED;
    } else if (lower === "cookie" || lower === "set-cookie") {
      out[name] = REDACTED;
    } else if (lower === "sec-websocket-protocol") {
      const redact = (v: string): string => v.replace(BEARER_PROTOCOL, `$1${REDACTED}`);
      out[name] = Array.isArray(value) ? value.map(redact) : redact(value);
    } else {
      out[name] = value;
    }
  }
  return out;
}
