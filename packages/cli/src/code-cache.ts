// Loads the CLI's CommonJS bundle (dist/cli.cjs, scripts/bundle.ts) through a V8 code cache made *after* a
// run. Node's own compile cache (`module.enableCompileCache`) stores a module's code as it is right after
// compiling it: the top-level code only. Every function V8 compiles lazily (which is nearly all of oclif,
// yaml, undici and core that a command runs) is parsed and compiled again on every start. A cache made at the
// end of a successful run holds those functions too: `kr8s get pods` spends about 28 % less CPU
// (bench/cli-startup.ts, README "Start-up").
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { getHeapCodeStatistics } from "node:v8";
import { Script, constants as vmConstants } from "node:vm";
import type * as Completion from "./completion/run.ts";
import type * as PackageEntry from "./index.ts";

/** What `loadWithCodeCache` loaded, and how its code cache was used. */
export interface LoadedBundle {
  /** The bundle's `module.exports`. */
  exports: Record<string, unknown>;
  /** The cache file read (and, after a first successful run, written); undefined when caching is off. */
  cacheFile: string | undefined;
  /**
   * `"hit"`: V8 accepted the cache; `"rejected"`: a file was there, but too short, damaged or refused by V8;
   * `"miss"`: none; `"off"`: no cache directory.
   */
  cache: "hit" | "rejected" | "miss" | "off";
}

/**
 * The cache file's name part for a command line: each command keeps its own cache (the functions `get` runs
 * are not the ones `config view` runs); shell completion (`__complete`) one per completed command
 * (completing `config` reads only the manifest, completing `get` asks the cluster). Anything other than a
 * plain command word is `_`. Different paths through one command (`--help`, `-o json`) share its cache,
 * which grows to hold them (see {@link loadWithCodeCache}).
 */
export function commandKey(argv: readonly string[]): string {
  const word = (arg: string | undefined): string =>
    arg !== undefined && /^[a-z_][a-z_-]{0,40}$/.test(arg) ? arg : "_";
  return argv[0] === "__complete" ? `__complete.${word(argv[1])}` : word(argv[0]);
}

/**
 * Runs the CommonJS file `file` (as `require` would, and registered in `require.cache`, so that a later
 * `require(file)` returns the same exports) with a V8 code cache kept in `cacheDir`.
 *
 * The cache file's name holds `bundleHash` (the bundle's content hash, written at build time), Node's
 * version and architecture, and the command key: a rebuilt bundle or another Node never reads a stale cache
 * (V8 itself only compares the source's length and its own flags). It is written at the exit of a run that
 * exited 0, when there was none, when V8 rejected it, or when the run compiled well beyond what the cache
 * held (see {@link CACHE_GROWTH_BYTES}: `version --client` first, then `version`, which reads the kubeconfig
 * and talks to the server): a cache made after a run holds what the run found in it and what it compiled
 * besides, so it grows to cover the paths a command takes. It is written atomically (a temporary file
 * renamed), and a failure to write it is ignored: the cache is an optimisation, never a reason to fail.
 *
 * @param cacheDir - where cache files go; `undefined` turns caching off (Node's compile cache disabled).
 */
export function loadWithCodeCache({
  file,
  bundleHash,
  cacheDir,
  key,
}: {
  file: string;
  bundleHash: string;
  cacheDir: string | undefined;
  key: string;
}): LoadedBundle {
  const cacheFile =
    cacheDir === undefined
      ? undefined
      : join(cacheDir, `kr8s-${bundleHash}-${process.version}-${process.arch}-${key}.v8`);
  let stored: StoredCache | undefined;
  if (cacheFile !== undefined) {
    try {
      stored = parseCacheFile(readFileSync(cacheFile));
    } catch {
      // No cache yet (or unreadable): compile from the source, and write one at exit.
    }
  }
  const cachedData = stored?.data;
  const script = new Script(Module.wrap(readFileSync(file, "utf8")), {
    filename: file,
    ...(cachedData === undefined ? {} : { cachedData }),
    // A computed `import()` left in the bundle (oclif loading a plugin) goes to Node's own loader.
    importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const cache =
    cacheFile === undefined
      ? "off"
      : stored === undefined
        ? "miss"
        : cachedData === undefined || script.cachedDataRejected === true
          ? "rejected"
          : "hit";

  const bundle = new Module(file);
  bundle.filename = file;
  bundle.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(
    dirname(file),
  );
  const requireCache = (Module as unknown as { _cache: Record<string, Module> })._cache;
  requireCache[file] = bundle;
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: Module,
    filename: string,
    dirname: string,
  ) => void;
  try {
    wrapper.call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, dirname(file));
  } catch (error) {
    delete requireCache[file];
    throw error;
  }
  bundle.loaded = true;

  if (cacheFile !== undefined) {
    process.once("exit", (code) => {
      if (code !== 0) return;
      const bytecode = getHeapCodeStatistics().bytecode_and_metadata_size;
      if (cache === "hit" && bytecode < (stored?.bytecode ?? 0) + CACHE_GROWTH_BYTES) return;
      writeCache(cacheFile, script, bytecode, `kr8s-${bundleHash}-`);
    });
  }
  return { exports: bundle.exports as Record<string, unknown>, cacheFile, cache };
}

/**
 * How much more bytecode (bytes, V8's `bytecode_and_metadata_size` at exit) a run must have than the run
 * that made the cache before it writes the cache again: 64 KiB. Runs of one command line differ by a few KB;
 * a command that takes another path (a `version` after a `version --client`) by hundreds.
 */
export const CACHE_GROWTH_BYTES = 64 * 1024;

/**
 * A cache file: the bytecode size of the run that wrote it (uint32 LE), the SHA-256 of the rest, then V8's
 * code cache. The digest is ours because V8 (in release builds) checks only the cache's header (its version
 * and flags, the source's length), not its contents: a cache damaged on disk would be accepted, run as
 * bytecode, and crash every later run of the command (found by flipping bytes of a cache file). Hashing
 * `get`'s 1.5 MB cache takes about 2 ms of CPU.
 */
const HEADER_BYTES = 4 + 32;

interface StoredCache {
  /** V8's code cache; undefined when the file is too short or damaged (it is then written again). */
  data: Buffer | undefined;
  /** The bytecode size (bytes) of the run that wrote it. */
  bytecode: number;
}

const sha256 = (data: Uint8Array): Buffer => createHash("sha256").update(data).digest();

function parseCacheFile(file: Buffer): StoredCache {
  const data = file.subarray(HEADER_BYTES);
  if (file.length <= HEADER_BYTES || !sha256(data).equals(file.subarray(4, HEADER_BYTES)))
    return { data: undefined, bytecode: 0 };
  return { data, bytecode: file.readUInt32LE(0) };
}

/** Other bundles' cache files older than this are removed when a cache is written (ms): a week. */
const STALE_CACHE_MS = 7 * 24 * 3600 * 1000;

/**
 * Writes the code cache of `script` to `cacheFile` and removes other bundles' caches (an older kr8s's) that
 * were written over a week ago: not at once, so that two installed versions used in turn do not keep
 * evicting each other's.
 */
function writeCache(cacheFile: string, script: Script, bytecode: number, ownPrefix: string): void {
  const dir = dirname(cacheFile);
  const partial = `${cacheFile}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    const data = script.createCachedData();
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt32LE(Math.min(bytecode, 0xffffffff));
    sha256(data).copy(header, 4);
    // Private, like Node's own compile cache: code another user could change would run as this one.
    writeFileSync(partial, Buffer.concat([header, data]), { mode: 0o600 });
    renameSync(partial, cacheFile);
    const staleBefore = Date.now() - STALE_CACHE_MS;
    for (const name of readdirSync(dir)) {
      if (!name.startsWith("kr8s-") || !name.endsWith(".v8") || name.startsWith(ownPrefix)) continue;
      const other = join(dir, name);
      if (statSync(other).mtimeMs < staleBefore) rmSync(other, { force: true });
    }
  } catch {
    // A read-only or full disk: the next run compiles again, as it would without the cache.
    try {
      rmSync(partial, { force: true });
    } catch {
      // Nothing more to do.
    }
  }
}

/** What dist/cli.cjs exports (scripts/bundle.ts): each part evaluated on its first call. */
export interface CliBundle {
  /** oclif and the package entry (src/index.ts). */
  oclif(): typeof PackageEntry;
  /** Shell completion from oclif's manifest, without oclif. */
  completion(): typeof Completion;
}

/**
 * Loads the CLI's bundle of the package at `root` (the directory of its package.json) for the command line
 * `argv` (the arguments after the binary), with its code cache in Node's compile cache directory: enable
 * that first (`module.enableCompileCache()`); without it, the bundle loads without a code cache.
 */
export function loadCli(root: URL, argv: readonly string[]): CliBundle {
  const { bundleHash } = JSON.parse(readFileSync(new URL("dist/cli.json", root), "utf8")) as {
    bundleHash: string;
  };
  return loadWithCodeCache({
    file: fileURLToPath(new URL("dist/cli.cjs", root)),
    bundleHash,
    cacheDir: Module.getCompileCacheDir?.(),
    key: commandKey(argv),
  }).exports as unknown as CliBundle;
}
