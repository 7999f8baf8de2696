/**
 * The cache behind `api()`: one shared connection per configuration kubectl would see right now, handed out
 * as reference-counted leases so that one holder's `close()` never breaks another's.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { kubeConfigLocations } from "./config/kubeconfig.ts";
import type { ResolveConnectionOptions } from "./config/resolve.ts";
import { ConnectionError } from "./errors.ts";
import type { Transport } from "./http/transport.ts";

/**
 * Variables `resolveConnection` reads (kubeconfig locations, home directory, in-cluster detection), taken
 * from the `env` option when given, else from `process.env`.
 */
const CONFIGURATION_VARIABLES = [
  "KUBECONFIG",
  "HOME",
  "USERPROFILE",
  "KUBERNETES_SERVICE_HOST",
  "KUBERNETES_SERVICE_PORT",
] as const;

/** Variables the transport reads from `process.env` to choose a proxy (http/proxy.ts), in both cases. */
const PROXY_VARIABLES = ["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"].flatMap((name) => [
  name,
  name.toLowerCase(),
]);

/**
 * What makes two `api()` calls share a client: the options (independent of key order; a kubeconfig object
 * by its content), the environment kubectl would read, and the content of the kubeconfig files kubectl
 * would read. kubectl reads all three afresh on every run; so does every `api()` call, so a changed
 * `KUBECONFIG`, home directory or edited kubeconfig file gives a new client, while clients already handed
 * out keep the configuration they were created with.
 *
 * Files a kubeconfig points to (certificates, token files) are not part of the key: the credential sources
 * re-read client certificates and token files themselves.
 */
export async function clientCacheKey(options: ResolveConnectionOptions & object): Promise<string> {
  const env = options.env ?? process.env;
  return JSON.stringify(
    canonical({
      options,
      configuration: pick(env, CONFIGURATION_VARIABLES),
      proxy: pick(process.env, PROXY_VARIABLES),
      files: await kubeConfigFileDigests(options),
    }),
  );
}

/** `[path, sha256 of the content or null when unreadable]` for each file `resolveConnection` would read. */
async function kubeConfigFileDigests(options: ResolveConnectionOptions): Promise<[string, string | null][]> {
  const { kubeconfig, url, env, homeDir } = options;
  // An explicit URL skips the kubeconfig; a kubeconfig object is already keyed by its content.
  if (url !== undefined) return [];
  if (kubeconfig !== undefined && typeof kubeconfig !== "string" && !Array.isArray(kubeconfig)) return [];
  const { files } = kubeConfigLocations({
    ...(kubeconfig === undefined ? {} : { kubeconfig: kubeconfig as string | readonly string[] }),
    ...(env === undefined ? {} : { env }),
    ...(homeDir === undefined ? {} : { homeDir }),
  });
  return Promise.all(
    files.map(async (file): Promise<[string, string | null]> => {
      try {
        return [
          file,
          createHash("sha256")
            .update(await readFile(file))
            .digest("hex"),
        ];
      } catch {
        // Missing or unreadable: resolveConnection reports it (or skips a missing KUBECONFIG entry).
        return [file, null];
      }
    }),
  );
}

function pick(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/** A cached value and the number of leases on it that have not been released. */
interface Entry<T> {
  readonly value: Promise<T>;
  leases: number;
}

/**
 * Values created once per key and shared by reference count: {@link RefCountedCache.lease} takes one
 * reference, the returned `release` gives it back, and the last release disposes of the value and forgets
 * it, so the next lease creates a new one. A creation that fails is forgotten at once.
 */
export class RefCountedCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #dispose: (value: T) => Promise<void>;

  constructor(dispose: (value: T) => Promise<void>) {
    this.#dispose = dispose;
  }

  /**
   * The value for `key` (created by `create` when there is none) and the function that releases this
   * lease. Calling `release` more than once releases once.
   */
  async lease(key: string, create: () => Promise<T>): Promise<{ value: T; release: () => Promise<void> }> {
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      const created: Entry<T> = { value: create(), leases: 0 };
      this.#entries.set(key, created);
      created.value.catch(() => this.#forget(key, created));
      entry = created;
    }
    // Counted before awaiting: a release by another holder meanwhile must not dispose of it under us.
    entry.leases++;
    let value: T;
    try {
      value = await entry.value;
    } catch (error) {
      entry.leases--;
      throw error;
    }
    const leased = entry;
    let released = false;
    const release = async (): Promise<void> => {
      if (released) return;
      released = true;
      if (--leased.leases > 0) return;
      this.#forget(key, leased);
      await this.#dispose(value);
    };
    return { value, release };
  }

  #forget(key: string, entry: Entry<T>): void {
    if (this.#entries.get(key) === entry) this.#entries.delete(key);
  }
}

/**
 * One holder's view of a shared transport: `close()` releases this holder's lease only (idempotent), and
 * after it this view refuses requests while other holders carry on.
 */
export function leaseTransport(shared: Transport, release: () => Promise<void>): Transport {
  let closed = false;
  const ensureOpen = (): void => {
    if (!closed) return;
    throw new ConnectionError(`this client of ${shared.server} was closed`, {
      url: shared.server,
      suggestions: ["call api() again for a client to use after close()"],
    });
  };
  const close = (): Promise<void> => {
    closed = true;
    return release();
  };
  return {
    server: shared.server,
    request: (async (options: Parameters<Transport["request"]>[0]) => {
      ensureOpen();
      return shared.request(options);
    }) as Transport["request"],
    openWebSocket: async (path, options) => {
      ensureOpen();
      return shared.openWebSocket(path, options);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
