/** `kubectl proxy`'s defaults, apart from the proxy code (proxy.ts) that the package's index loads on first use. */

/** kubectl proxy's defaults (`kubectl/pkg/proxy/proxy_server.go`). */
export const PROXY_DEFAULTS = {
  port: 8001,
  address: "127.0.0.1",
  apiPrefix: "/",
  acceptPaths: "^.*",
  rejectPaths: "^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach",
  acceptHosts: "^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$",
  rejectMethods: "^$",
} as const;
