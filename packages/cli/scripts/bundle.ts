// Bundles the CLI for start-up speed (bench/cli-startup.ts): most of a short command's time was Node finding,
// reading and compiling some 500 files (@kr8s/core, undici, yaml, oclif). Each command and hook stays a file
// of its own at the path oclif's manifest names (dist/commands/get.js), sharing code-split chunks, so
// `kr8s get` loads the get command and what it imports, and the streaming code only when a command streams.
// Everything is bundled, @kr8s/core included: a plugin loaded next to the CLI has its own copy of core in any
// case (it resolves @kr8s/core from where it is installed), so nothing may rely on one shared copy.
import { globSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

/** @kr8s/core's package.json: undici is its dependency, not the CLI's. */
const coreManifest = fileURLToPath(new URL("../../core/package.json", import.meta.url));

/**
 * Sends @kr8s/core's `import … from "undici"` to scripts/undici-slim.mjs, which loads only the parts of undici
 * core uses at start-up; that module itself reaches the real undici (resolved from core, which depends on it).
 */
function slimUndici(): Plugin {
  const slim = fileURLToPath(new URL("undici-slim.mjs", import.meta.url));
  const fromCore = createRequire(coreManifest);
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

/**
 * One edit to a file of a bundled package: `find` must occur in it exactly once (else the build fails, so an
 * upgrade that moves the code is noticed instead of silently undoing the edit).
 */
interface StartupEdit {
  /** The file, relative to the package's root. */
  file: string;
  find: string;
  replace: string;
}

/**
 * An edit of `file` that loads `module` when one of `members` of its binding is first read, not when `file`
 * loads. `members: "default"` is for a binding made with `__importDefault` (TypeScript's default import).
 */
function lazyRequire(
  file: string,
  binding: string,
  module: string,
  members: readonly string[] | "default",
): StartupEdit {
  if (members === "default") {
    const load = `__importDefault(require("${module}"))`;
    return {
      file,
      find: `const ${binding} = ${load};`,
      replace: `const ${binding} = { get default() { return ${load}.default; } };`,
    };
  }
  const getters = members.map((member) => `get ${member}() { return require("${module}").${member}; }`);
  return {
    file,
    find: `const ${binding} = require("${module}");`,
    replace: `const ${binding} = { ${getters.join(", ")} };`,
  };
}

/**
 * Work oclif does at every start that kr8s's bundle does not need (bench/cli-startup.ts measures it):
 * - `lib/index.js` checks the Node version against @oclif/core's own `engines`, reading its package.json
 *   through `__dirname`, which an ES module bundle has not: the check always throws (and is ignored) after
 *   evaluating all of semver, 5-10 ms.
 * - `Plugin.load` sorts the commands with `localeCompare`, whose first call starts ICU's collator: 13-30 ms.
 *   kr8s's command ids are lower-case ASCII letters, `-`, `:` and `_` (`__complete`), which sort the same
 *   in code-unit order (test/command-ids.test.ts); oclif's help lists commands in its own (code-unit) order
 *   anyway.
 * - Modules oclif requires at the top of a file for a path kr8s's start does not take, loaded when first
 *   used instead: the Node built-ins `node:readline` (the parser, for an argument read from stdin) and
 *   `node:child_process` (the shell's name on Windows), about 7 ms each; tinyglobby (finding commands when
 *   there is no manifest), minimatch (plugin patterns), ejs (help templates), lilconfig (an `.oclifrc`).
 * - `Config.load` imports wsl-utils for its `isWsl` (the platform in oclif's user agent), which loads
 *   child_process and PowerShell helpers besides; is-wsl, where that value comes from, is imported instead.
 */
const oclifEdits: StartupEdit[] = [
  { file: "lib/index.js", find: "\ncheckNodeVersion();\n", replace: "\n" },
  {
    file: "lib/config/plugin.js",
    find: ".sort((a, b) => a.id.localeCompare(b.id));",
    replace: ".sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));",
  },
  lazyRequire("lib/parser/parse.js", "node_readline_1", "node:readline", ["createInterface"]),
  lazyRequire("lib/util/os.js", "node_child_process_1", "node:child_process", ["execSync"]),
  lazyRequire("lib/config/plugin.js", "tinyglobby_1", "tinyglobby", ["glob"]),
  lazyRequire("lib/config/plugin-loader.js", "minimatch_1", "minimatch", ["minimatch"]),
  lazyRequire("lib/config/config.js", "ejs_1", "ejs", "default"),
  lazyRequire("lib/help/util.js", "ejs_1", "ejs", "default"),
  lazyRequire("lib/util/read-pjson.js", "lilconfig_1", "lilconfig", ["lilconfig"]),
  {
    file: "lib/util/os.js",
    find: "return (await import('wsl-utils')).isWsl ?",
    replace: "return (await import('is-wsl')).default ?",
  },
];

/**
 * undici's HTTP/1.1 client requires its HTTP/2 client at the top, which loads `node:http2` (about 17 ms of
 * CPU). @kr8s/core never allows HTTP/2 (undici offers it in ALPN only with `allowH2`), so it is required on
 * the first HTTP/2 connection instead.
 */
const undiciEdits: StartupEdit[] = [
  {
    file: "lib/dispatcher/client.js",
    find: "const connectH2 = require('./client-h2.js')\n",
    replace: "const connectH2 = (client, socket) => require('./client-h2.js')(client, socket)\n",
  },
];

/**
 * Applies `edits` to the files of the npm package `pkg` as esbuild loads them. `from` is the package.json of
 * the workspace package that depends on it (default: the CLI's). `imports` names packages an edited file
 * imports that are not `pkg`'s own dependencies, each with the dependency of `pkg` it is resolved from
 * (is-wsl: a dependency of wsl-utils).
 */
function editPackage({
  pkg,
  from = fileURLToPath(new URL("../package.json", import.meta.url)),
  edits,
  imports = {},
}: {
  pkg: string;
  from?: string;
  edits: readonly StartupEdit[];
  imports?: Readonly<Record<string, string>>;
}): Plugin {
  const pjson = createRequire(from).resolve(`${pkg}/package.json`);
  const root = dirname(pjson);
  const fromPkg = createRequire(pjson);
  const byPath = new Map<string, StartupEdit[]>();
  for (const edit of edits) {
    const path = join(root, edit.file);
    byPath.set(path, [...(byPath.get(path) ?? []), edit]);
  }
  return {
    name: `edit-${pkg}`,
    setup(build) {
      const unused = new Set(byPath.keys());
      build.onLoad({ filter: /\.js$/ }, async ({ path }) => {
        const fileEdits = byPath.get(path);
        if (!fileEdits) return undefined;
        unused.delete(path);
        let contents = await readFile(path, "utf8");
        for (const { file, find, replace } of fileEdits) {
          const at = contents.indexOf(find);
          if (at < 0 || contents.includes(find, at + 1))
            throw new Error(`${pkg}/${file}: expected ${JSON.stringify(find)} exactly once`);
          contents = contents.replace(find, () => replace);
        }
        return { contents, loader: "js" };
      });
      for (const [name, via] of Object.entries(imports)) {
        build.onResolve({ filter: new RegExp(`^${name}$`) }, ({ importer }) =>
          byPath.has(importer) ? { path: createRequire(fromPkg.resolve(via)).resolve(name) } : undefined,
        );
      }
      build.onEnd(() => {
        if (unused.size > 0) throw new Error(`${pkg}: edited files not bundled: ${[...unused].join(", ")}`);
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
  // Less for Node to read, decode and parse at every start (`get pods`: about 5 % of its CPU time and 3 MiB).
  // Identifiers keep their names, so stack traces (`-v=6` and up) stay readable; the source maps locate them.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  // oclif is CommonJS: its `require` calls need a `require` in the ES module bundle.
  banner: {
    js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);',
  },
  plugins: [
    slimUndici(),
    editPackage({ pkg: "@oclif/core", edits: oclifEdits, imports: { "is-wsl": "wsl-utils" } }),
    editPackage({ pkg: "undici", from: coreManifest, edits: undiciEdits }),
  ],
  logLevel: "warning",
});
