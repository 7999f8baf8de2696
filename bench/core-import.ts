// What importing `@kr8s/core` costs, as shipped (one esbuild bundle plus code-split chunks for what loads on
// first use) against the same sources as one file per module (what `tsc` emits, how the package shipped
// before: the 53 built-in kind classes alone were 53 modules, and the cost was per module, not per class). Each sample is a fresh Node process; CPU
// time (user + system) rather than wall time, because benchmarks here run on a shared, loaded machine where
// wall time mostly measures the wait for a core. With and without Node's compile cache (the CLI enables it).
//
//   node bench/core-import.ts   (needs nothing built: it builds both forms into a temporary directory)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { printTable } from "./support.ts";

const RUNS = 15;
const core = fileURLToPath(new URL("../packages/core/", import.meta.url));
const root = fileURLToPath(new URL("../", import.meta.url));
/** A dependency's executable: esbuild is core's, TypeScript the workspace root's. */
const bin = (name: "esbuild" | "tsc"): string =>
  join(name === "esbuild" ? core : root, "node_modules", ".bin", name);

/** Builds `variant` of core into `dir` (inside packages/core, so its dependencies resolve). */
function build(dir: string, variant: "bundle" | "modules"): void {
  const [command, args] =
    variant === "bundle"
      ? // The same flags as packages/core's `build` script.
        [
          bin("esbuild"),
          [
            "src/index.ts",
            "--bundle",
            "--splitting",
            "--format=esm",
            "--platform=node",
            "--target=node22",
            "--packages=external",
            "--keep-names",
            `--outdir=${dir}`,
            "--log-level=warning",
          ],
        ]
      : [
          bin("tsc"),
          [
            "-p",
            "tsconfig.build.json",
            "--outDir",
            dir,
            "--declaration",
            "false",
            "--declarationMap",
            "false",
            "--sourceMap",
            "false",
          ],
        ];
  const result = spawnSync(command, args, { cwd: core, encoding: "utf8" });
  if (result.error) throw result.error;
  if (result.status !== 0)
    throw new Error(`building the ${variant} form failed: ${result.stdout}${result.stderr}`);
}

// The child imports the package's door and reports the CPU time it took.
const child = (index: string): string => `
const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
const c0 = cpu();
await import(${JSON.stringify(index)});
console.log(JSON.stringify({ ms: cpu() - c0 }));
`;

function sample(index: string, env: NodeJS.ProcessEnv): number {
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", child(index)], {
    encoding: "utf8",
    env,
  });
  if (result.status !== 0) throw new Error(`the import child failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { ms: number }).ms;
}

const median = (values: number[]): number =>
  values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

function measure(index: string, env: NodeJS.ProcessEnv): number {
  sample(index, env); // fills the compile cache when it is on
  return median(Array.from({ length: RUNS }, () => sample(index, env)));
}

function main(): void {
  const work = mkdtempSync(join(core, ".bench-import-"));
  const cacheDir = mkdtempSync(join(tmpdir(), "kr8s-compile-cache-"));
  try {
    const forms = {
      bundle: join(work, "bundle"),
      modules: join(work, "modules"),
    };
    build(forms.bundle, "bundle");
    build(forms.modules, "modules");
    const { NODE_COMPILE_CACHE: _ignored, ...plain } = process.env;
    const rows: string[][] = [
      ["compile cache", "bundle (shipped) CPU ms", "one file per module CPU ms", "bundle / modules"],
    ];
    for (const [label, env] of [
      ["off", plain],
      ["on", { ...plain, NODE_COMPILE_CACHE: cacheDir }],
    ] as const) {
      const bundle = measure(join(forms.bundle, "index.js"), env);
      const modules = measure(join(forms.modules, "index.js"), env);
      rows.push([label, bundle.toFixed(1), modules.toFixed(1), (bundle / modules).toFixed(2)]);
    }
    printTable(`Importing @kr8s/core, median of ${RUNS} fresh processes; node ${process.version}`, rows);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

main();
