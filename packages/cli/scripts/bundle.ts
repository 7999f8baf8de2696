// Bundles the CLI for start-up speed (bench/cli-startup.ts): most of a short command's time was Node finding,
// reading and compiling some 500 files (@kr8s/core, undici, yaml, oclif). Each command and hook stays a file
// of its own at the path oclif's manifest names (dist/commands/get.js), sharing code-split chunks, so
// `kr8s get` loads the get command and what it imports, and the streaming code only when a command streams.
// Everything is bundled, @kr8s/core included: a plugin loaded next to the CLI has its own copy of core in any
// case (it resolves @kr8s/core from where it is installed), so nothing may rely on one shared copy.
import { globSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

/**
 * Sends @kr8s/core's `import … from "undici"` to scripts/undici-slim.mjs, which loads only the parts of undici
 * core uses at start-up; that module itself reaches the real undici (resolved from core, which depends on it).
 */
function slimUndici(): Plugin {
  const slim = fileURLToPath(new URL("undici-slim.mjs", import.meta.url));
  const fromCore = createRequire(fileURLToPath(new URL("../../core/package.json", import.meta.url)));
  const undiciDir = dirname(fromCore.resolve("undici/package.json"));
  return {
    name: "slim-undici",
    setup(build) {
      build.onResolve({ filter: /^undici(\/.*)?$/ }, ({ path, importer }) => {
        if (importer !== slim) return path === "undici" ? { path: slim } : undefined;
        return {
          path:
            path === "undici" ? join(undiciDir, "index.js") : join(undiciDir, path.slice("undici/".length)),
        };
      });
    },
  };
}

const entryPoints = [
  "src/index.ts",
  // bin/run.js's and bin/kubectl_complete-ng.js's shell-completion path, which does not load oclif.
  "src/completion/run.ts",
  ...globSync("src/{commands,hooks}/**/*.ts").filter((file) => !file.endsWith(".test.ts")),
];

await build({
  entryPoints,
  outdir: "dist",
  outbase: "src",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  // Workspace packages from their sources, as in the tests: one bundling pass over everything.
  conditions: ["@kr8s/source"],
  // oclif loads TypeScript only to run a plugin from its .ts sources (bin/run.js turns that off); bundled,
  // the compiler would be 11 MB of dead weight.
  external: ["typescript"],
  // Class names are user-visible (oclif's command ids, error names).
  keepNames: true,
  sourcemap: true,
  // oclif is CommonJS: its `require` calls need a `require` in the ES module bundle.
  banner: {
    js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);',
  },
  plugins: [slimUndici()],
  logLevel: "warning",
});
