/**
 * Discovery kept on disk between processes, so a CLI run does not pay two discovery requests each time.
 * Our own location (kubectl's `~/.kube/cache/discovery` holds client-go's format, not ours), one directory
 * per server like kubectl's.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import type { DiscoveryData } from "./types.ts";

/** Bumped whenever {@link DiscoveryData} changes shape: an older file is then ignored, not misread. */
const FORMAT = 1;
const FILE = "discovery.json";

interface CacheFile {
  format: number;
  /** When the data was read from the server, ms since the epoch. */
  fetchedAt: number;
  data: DiscoveryData;
}

/** `$XDG_CACHE_HOME/kr8s/discovery`, else `~/.cache/kr8s/discovery`. */
export function defaultDiscoveryCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "kr8s", "discovery");
}

/**
 * The per-server directory: `https://127.0.0.1:6443` → `127.0.0.1_6443`, the way kubectl names its
 * `<host_port>` directories (anything but word characters and dots becomes `_`); a path prefix (clusters
 * behind a proxy such as Rancher's `/k8s/clusters/c-1`) is part of the key.
 */
export function serverCacheKey(server: string): string {
  const url = new URL(server);
  return (url.host + url.pathname.replace(/\/+$/, "")).replace(/[^\w.]/g, "_");
}

function isCacheFile(value: unknown): value is CacheFile {
  if (typeof value !== "object" || value === null) return false;
  const file = value as Partial<CacheFile>;
  return (
    file.format === FORMAT &&
    typeof file.fetchedAt === "number" &&
    typeof file.data === "object" &&
    file.data !== null &&
    Array.isArray(file.data.groups) &&
    Array.isArray(file.data.resources)
  );
}

/** Reads the cached discovery of `server` if it is younger than `ttlMs`; anything unreadable is a miss. */
export async function readDiscoveryCache(
  dir: string,
  server: string,
  ttlMs: number,
  now: number,
): Promise<DiscoveryData | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(join(dir, serverCacheKey(server), FILE), "utf8"));
  } catch {
    return undefined; // missing, unreadable or corrupt: discovery is fetched again and the file rewritten
  }
  if (!isCacheFile(parsed)) return undefined;
  const age = now - parsed.fetchedAt;
  return age >= 0 && age < ttlMs ? parsed.data : undefined;
}

/**
 * Writes the discovery of `server` atomically (a temporary file renamed over the old one), so a reader in
 * another process never sees half a file. Failures are swallowed: the cache is an optimisation.
 */
export async function writeDiscoveryCache(
  dir: string,
  server: string,
  data: DiscoveryData,
  now: number,
): Promise<void> {
  const target = join(dir, serverCacheKey(server));
  const temporary = join(target, `.${FILE}.${process.pid}.${randomBytes(4).toString("hex")}`);
  const file: CacheFile = { format: FORMAT, fetchedAt: now, data };
  try {
    await mkdir(target, { recursive: true, mode: 0o700 });
    await writeFile(temporary, JSON.stringify(file), { mode: 0o600 });
    await rename(temporary, join(target, FILE));
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}
