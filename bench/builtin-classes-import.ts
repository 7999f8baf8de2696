// What the built-in kind classes cost at import: the built `@kr8s/core` (dist/, as users and the CLI load it),
// each measurement in a fresh Node process, with and without Node's compile cache (the CLI enables it).
// Decides eager vs lazy registration of the built-ins (objects/builtins.ts); see packages/core/README.md.
//
//   node bench/builtin-classes-import.ts   (build first: pnpm run build)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { printTable } from "./support.ts";

const RUNS = 15;
const dist = new URL("../packages/core/dist/", import.meta.url);
const apiObject = new URL("objects/api-object.js", dist).href;
const builtins = new URL("objects/builtins.js", dist).href;
const index = new URL("index.js", dist).href;

// CPU time (ms, the whole process: user + system) of importing the base class alone, then every built-in class
// on top of it, then the rest of the package's public door. CPU time rather than wall time because benchmarks
// here run on a shared, loaded machine, where wall time mostly measures the wait for a core.
const child = `
const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
const c0 = cpu();
await import(${JSON.stringify(apiObject)});
const c1 = cpu();
const { builtinClasses } = await import(${JSON.stringify(builtins)});
const c2 = cpu();
await import(${JSON.stringify(index)});
const c3 = cpu();
console.log(JSON.stringify({ classes: builtinClasses.length, builtins: c2 - c1, all: c3 - c0 }));
`;

interface Sample {
  classes: number;
  builtins: number;
  all: number;
}

function sample(env: NodeJS.ProcessEnv): Sample {
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", child], { encoding: "utf8", env });
  if (result.status !== 0) throw new Error(`the import child failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Sample;
}

const median = (values: number[]): number =>
  values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const range = (values: number[]): string =>
  `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;

function measure(env: NodeJS.ProcessEnv): string[] {
  const samples = Array.from({ length: RUNS }, () => sample(env));
  const builtinMs = samples.map((s) => s.builtins);
  const allMs = samples.map((s) => s.all);
  return [
    String(samples[0]?.classes),
    median(builtinMs).toFixed(1),
    range(builtinMs),
    median(allMs).toFixed(1),
    ((median(builtinMs) / median(allMs)) * 100).toFixed(1),
  ];
}

function main(): void {
  if (!existsSync(fileURLToPath(builtins)))
    throw new Error("@kr8s/core is not built: run `pnpm run build` first (npm run bench does)");
  const cacheDir = mkdtempSync(join(tmpdir(), "kr8s-compile-cache-"));
  try {
    const { NODE_COMPILE_CACHE: _ignored, ...plain } = process.env;
    const cached = { ...plain, NODE_COMPILE_CACHE: cacheDir };
    sample(cached); // fills the cache
    printTable(`Importing the built-in classes, median of ${RUNS} fresh processes; node ${process.version}`, [
      ["compile cache", "classes", "built-ins CPU ms", "range", "@kr8s/core CPU ms", "% of it"],
      ["off", ...measure(plain)],
      ["on", ...measure(cached)],
    ]);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

main();
