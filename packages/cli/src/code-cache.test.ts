// The CLI bundle's loader with a V8 code cache made after a run. Each case runs a separate Node process
// (the cache is written at the process's exit) that loads a small CommonJS "bundle" through code-cache.ts.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "@kr8s/test-utils/exec";
import { beforeEach, describe, expect, test } from "vitest";
import { commandKey } from "./code-cache.ts";

const codeCache = fileURLToPath(new URL("code-cache.ts", import.meta.url));
const sha256 = (data: Uint8Array): Buffer => createHash("sha256").update(data).digest();

/** A function of `statements` statements: about 24 bytes of bytecode each. */
const functionOf = (name: string, statements: number): string => `exports.${name} = function ${name}(n) {
  let total = 0;
${Array.from({ length: statements }, (_, i) => `  total += (n * ${i}) % ${i + 7};`).join("\n")}
  return total;
};`;

/**
 * A bundle with a function large enough that its compiled code shows in the cache's size (`big`), and one
 * whose bytecode is more than CACHE_GROWTH_BYTES (`huge`).
 */
const bundleSource = `exports.value = 42;
${functionOf("big", 200)}
${functionOf("huge", 6000)}
`;

let dir: string;
let bundle: string;
let cacheDir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kr8s-code-cache-"));
  bundle = join(dir, "bundle.cjs");
  cacheDir = join(dir, "cache");
  await writeFile(bundle, bundleSource);
});

/**
 * Loads the bundle in a new Node process (`cache: null`: no cache directory); what `loadWithCodeCache`
 * returned, after checking that the process ended as asked and printed nothing on stderr.
 */
async function load({
  key = "get",
  bundleHash = "h1",
  cache = cacheDir,
  exitCode = 0,
  call = [],
}: {
  key?: string;
  bundleHash?: string;
  cache?: string | null;
  exitCode?: number;
  /** Functions of the bundle to call after loading it. */
  call?: ("big" | "huge")[];
} = {}) {
  const driver = `
    import { createRequire } from "node:module";
    import { loadWithCodeCache } from ${JSON.stringify(codeCache)};
    const file = ${JSON.stringify(bundle)};
    let loaded;
    try {
      loaded = loadWithCodeCache({ file, bundleHash: ${JSON.stringify(bundleHash)},
        cacheDir: ${cache === null ? "undefined" : JSON.stringify(cache)}, key: ${JSON.stringify(key)} });
    } catch (error) {
      let again;
      try { createRequire(file)(file); again = "loaded"; } catch (e) { again = e.message; }
      console.log(JSON.stringify({ error: error.message, again }));
      process.exit(0);
    }
    ${call.map((name) => `loaded.exports.${name}(3);`).join(" ")}
    console.log(JSON.stringify({ cache: loaded.cache, cacheFile: loaded.cacheFile, value: loaded.exports.value,
      required: createRequire(file)(file) === loaded.exports }));
    process.exitCode = ${exitCode};`;
  const result = await run(process.execPath, ["--input-type=module", "-e", driver], { timeoutMs: 30_000 });
  expect(result.stderr).toBe("");
  expect(result.exitCode).toBe(exitCode);
  return JSON.parse(result.stdout) as {
    cache?: string;
    cacheFile?: string;
    value?: number;
    required?: boolean;
    error?: string;
    again?: string;
  };
}

const cacheFileFor = (hash: string, key: string) =>
  join(cacheDir, `kr8s-${hash}-${process.version}-${process.arch}-${key}.v8`);

describe("loadWithCodeCache", () => {
  test("the first run compiles the bundle and writes its cache at a successful exit; the next run uses it", async () => {
    const first = await load();
    expect(first).toEqual({ cache: "miss", cacheFile: cacheFileFor("h1", "get"), value: 42, required: true });
    expect(existsSync(cacheFileFor("h1", "get"))).toBe(true);
    expect(await load()).toMatchObject({ cache: "hit", value: 42, required: true });
    expect(await readdir(cacheDir)).toEqual([`kr8s-h1-${process.version}-${process.arch}-get.v8`]);
  });

  test("the cache is made after the run: it holds the functions the run compiled", async () => {
    await load({ key: "idle" });
    await load({ key: "busy", call: ["big"] });
    const idle = (await stat(cacheFileFor("h1", "idle"))).size;
    const busy = (await stat(cacheFileFor("h1", "busy"))).size;
    expect(busy).toBeGreaterThan(idle + 1000);
  });

  test("a run that exits non-zero writes no cache", async () => {
    expect(await load({ exitCode: 1 })).toMatchObject({ cache: "miss", value: 42 });
    expect(existsSync(cacheDir)).toBe(false);
  });

  test("a cache V8 refuses is reported rejected, the bundle still runs, and a new cache replaces it", async () => {
    await load();
    const file = cacheFileFor("h1", "get");
    // Well formed for the header (bytecode size, digest of the rest), but not a V8 code cache.
    const data = Buffer.from("not V8's code cache, about as long as a small one");
    const header = Buffer.concat([(await readFile(file)).subarray(0, 4), sha256(data)]);
    await writeFile(file, Buffer.concat([header, data]));
    expect(await load()).toMatchObject({ cache: "rejected", value: 42, required: true });
    expect(await load()).toMatchObject({ cache: "hit", value: 42 });
  });

  test("a cache damaged on disk (bytes changed inside) is rejected before V8 runs it, and replaced", async () => {
    await load({ call: ["huge"] });
    const file = cacheFileFor("h1", "get");
    const cache = await readFile(file);
    // V8 checks only its own header: changed bytecode would be accepted and run.
    const middle = Math.floor(cache.length / 2);
    for (let at = middle; at < middle + 64; at++) cache[at] = (cache[at] ?? 0) ^ 0xff;
    await writeFile(file, cache);
    expect(await load({ call: ["huge"] })).toMatchObject({ cache: "rejected", value: 42, required: true });
    expect(await load({ call: ["huge"] })).toMatchObject({ cache: "hit", value: 42 });
  });

  test("the cache file is private to its user, like Node's compile cache", async () => {
    await load();
    expect((await stat(cacheFileFor("h1", "get"))).mode & 0o777).toBe(0o600);
  });

  test.each([
    ["too short to hold a cache", "ab"],
    ["something else", "something else entirely"],
  ])("a cache file that is %s is rejected and replaced", async (_, content) => {
    await load();
    await writeFile(cacheFileFor("h1", "get"), content);
    expect(await load()).toMatchObject({ cache: "rejected", value: 42, required: true });
    expect(await load()).toMatchObject({ cache: "hit", value: 42 });
  });

  test("a run that compiles much more than the cache holds writes it again, with both; a like run does not", async () => {
    await load();
    const first = await stat(cacheFileFor("h1", "get"));
    // Another path through the command: its code is compiled now, and the new cache holds it too.
    expect(await load({ call: ["huge"] })).toMatchObject({ cache: "hit" });
    const grown = await stat(cacheFileFor("h1", "get"));
    expect(grown.size).toBeGreaterThan(first.size + 10_000);
    // The same path again, and one that compiles less than CACHE_GROWTH_BYTES more: the cache stays.
    expect(await load({ call: ["huge"] })).toMatchObject({ cache: "hit" });
    expect(await load({ call: ["huge", "big"] })).toMatchObject({ cache: "hit" });
    expect(await stat(cacheFileFor("h1", "get"))).toMatchObject({ size: grown.size, mtimeMs: grown.mtimeMs });
  });

  test("another bundle hash or another command reads and writes its own cache file", async () => {
    await load();
    expect(await load({ key: "version" })).toMatchObject({ cache: "miss" });
    expect(await load({ bundleHash: "h2" })).toMatchObject({ cache: "miss" });
    expect((await readdir(cacheDir)).sort()).toEqual(
      [cacheFileFor("h1", "get"), cacheFileFor("h1", "version"), cacheFileFor("h2", "get")]
        .map((file) => file.slice(cacheDir.length + 1))
        .sort(),
    );
  });

  test("without a cache directory nothing is read or written", async () => {
    expect(await load({ cache: null })).toEqual({ cache: "off", value: 42, required: true });
    expect(existsSync(cacheDir)).toBe(false);
  });

  test("a cache directory that cannot be created does not fail the run and leaves no partial file", async () => {
    const file = join(dir, "a-file");
    await writeFile(file, "");
    expect(await load({ cache: join(file, "cache") })).toMatchObject({ cache: "miss", value: 42 });
    expect((await readdir(dir)).sort()).toEqual(["a-file", "bundle.cjs"]);
  });

  test("a cache file that cannot be replaced does not fail the run and leaves no partial file", async () => {
    // A directory where the cache file goes: the cache is written, but cannot be renamed into place.
    await mkdir(join(cacheFileFor("h1", "get"), "in-the-way"), { recursive: true });
    expect(await load()).toMatchObject({ cache: "miss", value: 42 });
    expect(await readdir(cacheDir)).toEqual([cacheFileFor("h1", "get").slice(cacheDir.length + 1)]);
  });

  test("writing a cache removes other bundles' caches written over a week ago, and nothing else", async () => {
    await load({ key: "version" });
    const weekAndADay = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    const old = join(cacheDir, "kr8s-h0-v22.0.0-x64-get.v8");
    const recent = join(cacheDir, "kr8s-h9-v22.0.0-x64-get.v8");
    const ownOld = cacheFileFor("h1", "version");
    const notOurs = join(cacheDir, "other-tool.v8");
    for (const file of [old, recent, notOurs]) await writeFile(file, "x");
    for (const file of [old, ownOld, notOurs]) await utimes(file, weekAndADay, weekAndADay);
    await load({ key: "get" });
    expect((await readdir(cacheDir)).sort()).toEqual(
      [recent, ownOld, notOurs, cacheFileFor("h1", "get")]
        .map((file) => file.slice(cacheDir.length + 1))
        .sort(),
    );
  });

  test("a bundle that throws while loading leaves no half-loaded module behind", async () => {
    await writeFile(bundle, 'exports.value = 1;\nthrow new Error("boom");\n');
    expect(await load()).toEqual({ error: "boom", again: "boom" });
  });
});

describe("commandKey", () => {
  test.each([
    [["get", "pods"], "get"],
    [["config", "view", "--minify"], "config"],
    [["api-resources"], "api-resources"],
    [["__complete", "get", "po"], "__complete.get"],
    [["__complete", "config", "use-context", ""], "__complete.config"],
    [["__complete", "get", "--help"], "__complete.get"],
    [["__complete"], "__complete._"],
    [["get", "--help"], "get"],
    [["-n", "default", "get", "pods"], "_"],
    [[], "_"],
    [["../../etc/passwd"], "_"],
    [["Get"], "_"],
  ])("%j → %s", (argv, key) => {
    expect(commandKey(argv)).toBe(key);
  });
});
