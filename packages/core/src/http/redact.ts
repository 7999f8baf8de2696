/** Removal of secrets from anything the HTTP layer shows (debug events, error messages). */

const SECRET_QUERY = /(^|_|-)(token|access_token|id_token|refresh_token|password|secret)$/i;
export const REDACTED = "<redacted>";

/** The URL with token-like query parameters (and any userinfo) replaced by `<redacted>`. */
export function redactUrl(url: URL | string): string {
  const u = new URL(url);
  if (u.password) u.password = REDACTED;
  if (![...u.searchParams.keys()].some((key) => SECRET_QUERY.test(key))) return u.toString();
  const redacted = new URLSearchParams();
  for (const [key, value] of u.searchParams) redacted.append(key, SECRET_QUERY.test(key) ? REDACTED : value);
  u.search = redacted.toString();
  // URLSearchParams percent-encodes `<` and `>`; keep the marker readable.
  return u.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
}

/** Headers with credentials replaced: `Authorization: Bearer <redacted>`, proxy and cookie headers too. */
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
    } else {
      out[name] = value;
    }
  }
  return out;
}
