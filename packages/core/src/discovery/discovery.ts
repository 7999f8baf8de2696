/** Discovery of one cluster, cached in memory and on disk: what every kind lookup and verb starts from. */
import type { Transport } from "../http/transport.ts";
import { defaultDiscoveryCacheDir, readDiscoveryCache, writeDiscoveryCache } from "./disk-cache.ts";
import { fetchDiscovery } from "./fetch.ts";
import { apiVersionOf } from "../internal/resource.ts";
import type { APIResource, DiscoveryData } from "./types.ts";

/** kubectl's discovery cache lifetime (6 h, `--cache-dir` entries since kubectl 1.27). */
export const DISCOVERY_TTL_MS = 6 * 60 * 60 * 1000;

/** Options of {@link Discovery}. */
export interface DiscoveryOptions {
  /**
   * Directory of the on-disk cache, `false` for memory only.
   * @default `$XDG_CACHE_HOME/kr8s/discovery` (else `~/.cache/kr8s/discovery`)
   */
  cacheDir?: string | false | undefined;
  /** How long a disk entry is trusted, in ms. @default 6 h (kubectl) */
  ttlMs?: number | undefined;
  /** Clock in ms since the epoch (tests). @default Date.now */
  now?: (() => number) | undefined;
}

/** The discovery data and whether this call read it from the server (so a miss need not refresh again). */
export interface DiscoveryRead {
  readonly data: DiscoveryData;
  readonly fromServer: boolean;
}

/** @internal The discovery of one server, shared by the kind lookups and verbs of an `Api`. */
export class Discovery {
  readonly #transport: Transport;
  readonly #cacheDir: string | false;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #data: DiscoveryData | undefined;
  #inFlight: Promise<DiscoveryData> | undefined;

  constructor(transport: Transport, options: DiscoveryOptions = {}) {
    this.#transport = transport;
    this.#cacheDir = options.cacheDir ?? defaultDiscoveryCacheDir();
    this.#ttlMs = options.ttlMs ?? DISCOVERY_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  /** Memory, else a fresh disk entry, else the server. */
  async read(signal?: AbortSignal): Promise<DiscoveryRead> {
    if (this.#data) return { data: this.#data, fromServer: false };
    if (this.#cacheDir !== false) {
      const cached = await readDiscoveryCache(
        this.#cacheDir,
        this.#transport.server,
        this.#ttlMs,
        this.#now(),
      );
      if (cached) {
        this.#data ??= cached;
        return { data: this.#data, fromServer: false };
      }
    }
    return { data: await this.refresh(signal), fromServer: true };
  }

  /** Reads discovery from the server now (one request at a time: concurrent callers share it). */
  refresh(signal?: AbortSignal): Promise<DiscoveryData> {
    this.#inFlight ??= (async () => {
      try {
        const data = await fetchDiscovery(this.#transport, signal);
        this.#data = data;
        if (this.#cacheDir !== false)
          await writeDiscoveryCache(this.#cacheDir, this.#transport.server, data, this.#now());
        return data;
      } finally {
        this.#inFlight = undefined;
      }
    })();
    return this.#inFlight;
  }
}

/**
 * One entry per resource and group, in its group's most preferred version that serves it: the set
 * `kubectl api-resources` prints (client-go's `ServerPreferredResources`), in discovery order.
 */
export function preferredResources(data: DiscoveryData): APIResource[] {
  const byGroupVersion = new Map<string, APIResource[]>();
  for (const r of data.resources) {
    const key = `${r.group}/${r.version}`;
    const list = byGroupVersion.get(key);
    if (list) list.push(r);
    else byGroupVersion.set(key, [r]);
  }
  const chosen: APIResource[] = [];
  for (const group of data.groups) {
    const seen = new Set<string>();
    for (const version of group.versions) {
      for (const r of byGroupVersion.get(`${group.name}/${version}`) ?? []) {
        if (seen.has(r.name)) continue;
        seen.add(r.name);
        chosen.push(r);
      }
    }
  }
  return chosen;
}

/** Every served `group/version` (`v1` for the core group), sorted as `kubectl api-versions` prints them. */
export function groupVersions(data: DiscoveryData): string[] {
  return data.groups
    .flatMap((g) => g.versions.map((version) => apiVersionOf({ group: g.name, version })))
    .sort();
}
