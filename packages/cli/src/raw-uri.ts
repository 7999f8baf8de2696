/**
 * Go's `url.ParseRequestURI` as kubectl's `get --raw` applies it: an absolute path (`/api/v1/pods?limit=1`)
 * or an absolute URL; nothing else.
 */
import { quote } from "./printers/go-template/fmt.ts";

/**
 * What Go's `url.ParseRequestURI` finds wrong with `uri`, in its words (`parse "version": invalid URI for
 * request`, `parse "/%zz": invalid URL escape "%zz"`), or undefined when it parses.
 */
export function requestUriProblem(uri: string): string | undefined {
  const reason = problemOf(uri);
  return reason === undefined ? undefined : `parse ${quote(uri)}: ${reason}`;
}

function problemOf(uri: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- Go refuses exactly the ASCII control characters
  if (/[\x00-\x1f\x7f]/.test(uri)) return "net/url: invalid control character in URL";
  if (uri.startsWith(":")) return "missing protocol scheme";
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(uri)?.[0];
  let rest = scheme ? uri.slice(scheme.length) : uri;
  const query = rest.indexOf("?");
  if (query >= 0) rest = rest.slice(0, query);
  if (!scheme && !rest.startsWith("/")) return "invalid URI for request";
  // With a scheme, `//host` comes before the path; only the path is unescaped.
  if (scheme && rest.startsWith("//")) {
    const slash = rest.indexOf("/", 2);
    rest = slash < 0 ? "" : rest.slice(slash);
  }
  const bad = /%(?![0-9A-Fa-f]{2})/.exec(rest);
  if (bad) return `invalid URL escape ${quote(rest.slice(bad.index, bad.index + 3))}`;
  return undefined;
}
