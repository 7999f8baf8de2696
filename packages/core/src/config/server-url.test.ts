// client-go's DefaultServerURL as kubectl v1.32 applies it; each row was checked with `kubectl -v=6 get --raw /version`
// against the same `server:` value (the URL kubectl logs, or its error).
import { describe, expect, it } from "vitest";
import { serverUrl } from "./server-url.ts";

describe("serverUrl", () => {
  it.each([
    ["https://10.0.0.1:6443", "https://10.0.0.1:6443"],
    ["https://10.0.0.1:6443/", "https://10.0.0.1:6443"],
    ["https://API.example:443", "https://API.example:443"],
    ["https://rancher.example/k8s/clusters/c-1", "https://rancher.example/k8s/clusters/c-1"],
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
    // No scheme: kubectl picks http before it has read the cluster's TLS settings.
    ["127.0.0.1:6443", "http://127.0.0.1:6443"],
    ["localhost:6443", "http://localhost:6443"],
    ["[::1]:6443", "http://[::1]:6443"],
    ["127.0.0.1", "http://127.0.0.1"],
    // kubectl drops the query and the fragment.
    ["127.0.0.1:6443?x=y", "http://127.0.0.1:6443"],
    ["https://127.0.0.1:6443#frag", "https://127.0.0.1:6443"],
  ])("%s → %s", (raw, expected) => {
    expect(serverUrl(raw)).toBe(expected);
  });

  it.each([
    "not a url", // kubectl: invalid character " " in host name
    "  https://127.0.0.1:6443", // kubectl: invalid character " " in host name
    "127.0.0.1:6443/prefix", // kubectl: host must be a URL or a host:port pair
    "http//127.0.0.1:6443", // kubectl: host must be a URL or a host:port pair
    "https://", // kubectl: host must be a URL or a host:port pair
    "ftp://127.0.0.1:6443", // kubectl: unsupported protocol scheme "ftp"
    "",
  ])("%j is refused", (raw) => {
    expect(serverUrl(raw)).toBeUndefined();
  });
});
