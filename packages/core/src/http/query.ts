/** URL building shared by plain requests and WebSockets. */

/** A query parameter value; arrays become repeated keys (`command=a&command=b`). */
export type QueryValue = string | number | boolean | readonly string[] | undefined | null;

/** Query parameters; `undefined`/`null` values are left out. */
export type Query = Readonly<Record<string, QueryValue>>;

/** `server` + `path` + encoded `query`; `path` may already carry a query string. */
export function buildUrl(server: string, path: string, query?: Query): URL {
  const base = server.endsWith("/") ? server.slice(0, -1) : server;
  const url = new URL(base + (path.startsWith("/") ? path : `/${path}`));
  if (query) {
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null) continue;
      if (typeof value === "object") for (const v of value) url.searchParams.append(key, v);
      else url.searchParams.append(key, String(value));
    }
  }
  return url;
}
