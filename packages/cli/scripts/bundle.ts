// Bundles the CLI for start-up speed (bench/cli-startup.ts): most of a short command's time was Node finding,
// reading and compiling some 500 files (@kr8s/core, undici, yaml, oclif), and then V8 compiling again, on
// every run, each function the command calls. The CLI is one CommonJS file, dist/cli.cjs, that bin/run.js
// loads through a V8 code cache made after a run (src/code-cache.ts); oclif's manifest names one small file
// per command (dist/commands/get.cjs) that hands over the command's class from the bundle, whose code is
// evaluated on first use. Everything is bundled, @kr8s/core included: a plugin loaded next to the CLI has its
// own copy of core in any case (it resolves @kr8s/core from where it is installed), so nothing may rely on
// one shared copy.
import { createHash } from "node:crypto";
import { existsSync, globSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions, type Plugin } from "esbuild";

/** @kr8s/core's package.json: undici is its dependency, not the CLI's. */
const coreManifest = fileURLToPath(new URL("../../core/package.json", import.meta.url));
/** The CLI's package.json, and its directory: the build runs from it (`pnpm run build`). */
const cliManifest = fileURLToPath(new URL("../package.json", import.meta.url));
const packageRoot = fileURLToPath(new URL("../", import.meta.url));

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
 * undici's `require('node:assert')` (in 33 of its files) resolved to scripts/lazy-assert.cjs, which loads
 * node:assert only when an assertion fails: loading it costs every command about 1 ms.
 */
function lazyAssertForUndici(): Plugin {
  const shim = fileURLToPath(new URL("lazy-assert.cjs", import.meta.url));
  const undiciDir = dirname(createRequire(coreManifest).resolve("undici/package.json"));
  return {
    name: "lazy-assert-for-undici",
    setup(build) {
      build.onResolve({ filter: /^node:assert$/ }, ({ importer }) =>
        importer.startsWith(undiciDir + sep) ? { path: shim } : undefined,
      );
    },
  };
}

/**
 * `await import("node:https")` (core loads some built-ins on first use) stays an `import()` in a CommonJS
 * bundle, and code run through `vm.Script` (src/code-cache.ts) can make one only through Node's experimental
 * vm loader, which prints a warning on the user's stderr: in the CLI's bundle it is a `require` instead.
 */
function builtinImportsAsRequire(): Plugin {
  return {
    name: "builtin-imports-as-require",
    setup(build) {
      build.onResolve({ filter: /^node:/ }, ({ path, kind }) =>
        kind === "dynamic-import" ? { path, namespace: "builtin-require" } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: "builtin-require" }, ({ path }) => ({
        contents: `module.exports = require(${JSON.stringify(path)});`,
        loader: "js",
      }));
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
  lazyRequire("lib/ux/supports-color.js", "supports_color_1", "supports-color", ["stdout", "stderr"]),
  lazyRequire("lib/performance.js", "node_perf_hooks_1", "node:perf_hooks", [
    "performance",
    "PerformanceObserver",
  ]),
  {
    file: "lib/logger.js",
    find: 'const debug_1 = __importDefault(require("debug"));',
    replace:
      'const debug_1 = process.env.DEBUG ? __importDefault(require("debug")) : { default: () => () => {} };',
  },
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
  {
    file: "lib/dispatcher/client.js",
    find: "const http = require('node:http')\n",
    replace: "",
  },
  {
    file: "lib/dispatcher/client.js",
    find: `const getDefaultNodeMaxHeaderSize = http &&
  http.maxHeaderSize &&
  Number.isInteger(http.maxHeaderSize) &&
  http.maxHeaderSize > 0
  ? () => http.maxHeaderSize
  : () => { throw new InvalidArgumentError('http module not available or http.maxHeaderSize invalid') }`,
    replace: `const getDefaultNodeMaxHeaderSize = () => {
  const size = require('node:http').maxHeaderSize
  if (Number.isInteger(size) && size > 0) return size
  throw new InvalidArgumentError('http module not available or http.maxHeaderSize invalid')
}`,
  },
  {
    file: "lib/core/util.js",
    find: "const { IncomingMessage } = require('node:http')\n",
    replace: "",
  },
  {
    file: "lib/core/util.js",
    find: "if (Object.getPrototypeOf(stream).constructor === IncomingMessage) {",
    replace:
      "if (Object.getPrototypeOf(stream).constructor?.name === 'IncomingMessage' && Object.getPrototypeOf(stream).constructor === require('node:http').IncomingMessage) {",
  },
];

/**
 * The package.json of the package `pkg` as `from` (a package.json) resolves it; for a package whose
 * "exports" hides its package.json, the directory of its main file that holds one.
 */
function packageJsonOf(pkg: string, from: string): string {
  const resolveFrom = createRequire(from);
  try {
    return resolveFrom.resolve(`${pkg}/package.json`);
  } catch {
    for (let dir = dirname(resolveFrom.resolve(pkg)); dir !== dirname(dir); dir = dirname(dir)) {
      if (existsSync(join(dir, "package.json"))) return join(dir, "package.json");
    }
    throw new Error(`${pkg}: no package.json found from ${from}`);
  }
}

/**
 * ansis (oclif's colours) ships a regular expression with a raw U+009B (the C1 control sequence introducer)
 * in it: escaped, the CLI's bundle stays ASCII (see the check at the end).
 */
const ansisEdits: StartupEdit[] = [
  { file: "index.js", find: "/[\u001b\u009b][", replace: "/[\\u001b\\u009b][" },
];

/**
 * Applies `edits` to the files of the npm package `pkg` as esbuild loads them. `from` is the package.json of
 * the workspace package that depends on it (default: the CLI's). `imports` names packages an edited file
 * imports that are not `pkg`'s own dependencies, each with the dependency of `pkg` it is resolved from
 * (is-wsl: a dependency of wsl-utils).
 */
function editPackage({
  pkg,
  from = cliManifest,
  edits,
  imports = {},
}: {
  pkg: string;
  from?: string;
  edits: readonly StartupEdit[];
  imports?: Readonly<Record<string, string>>;
}): Plugin {
  const pjson = packageJsonOf(pkg, from);
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

/** Options both builds share. */
const common = {
  bundle: true,
  platform: "node",
  target: "node22",
  // Workspace packages from their sources, as in the tests: one bundling pass over everything.
  conditions: ["@kr8s/source"],
  // Class names are user-visible (oclif's command ids, error names).
  keepNames: true,
  // Less for Node to read, decode and parse at every start (`get pods`: about 5 % of its CPU time and 3 MiB).
  // Identifiers keep their names, so stack traces (`-v=6` and up) stay readable; the source maps locate them.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  logLevel: "warning",
} satisfies BuildOptions;

/** A command's or hook's id from its source file: src/commands/config/view.ts is `config:view`. */
const idOf = (file: string, dir: "commands" | "hooks"): string =>
  relative(`src/${dir}`, file).replace(/\.ts$/, "").split(sep).join(":");
const sourcesIn = (dir: "commands" | "hooks"): string[] =>
  globSync(`src/${dir}/**/*.ts`)
    .filter((file) => !file.endsWith(".test.ts"))
    .sort();

// 1. What bin/run.js and bin/kubectl_complete-ng.js load the bundle with. CommonJS too, `require`d: an ES
//    module's `import` of a Node built-in makes Node build an ES module facade of it (all of node:fs's
//    exports, for one function), several ms at every start.
await build({
  ...common,
  entryPoints: ["src/code-cache.ts"],
  outfile: "dist/code-cache.cjs",
  format: "cjs",
});

// 2. The CLI, one CommonJS file: oclif, @kr8s/core, undici, yaml, every command and shell completion.
//    CommonJS, because it is loaded through `vm.Script` with a V8 code cache made after a run
//    (src/code-cache.ts), which an ES module cannot be. Nothing in it is evaluated before it is asked for:
//    esbuild wraps what a `require` reaches in a lazy initialiser, so `oclif()` evaluates oclif and the
//    package entry, `completion()` the completion code (a TAB does not evaluate oclif), `commands.get()` the
//    get command, and the modules core and the commands import with `await import()` wait for that call.
const commandSources = sourcesIn("commands");
const hookSources = sourcesIn("hooks");
const lazyExports = (files: string[], dir: "commands" | "hooks"): string =>
  files.map((file) => `  ${JSON.stringify(idOf(file, dir))}: () => require("./${file}").default,`).join("\n");
await build({
  ...common,
  stdin: {
    contents: [
      `export const oclif = () => require("./src/index.ts");`,
      `export const completion = () => require("./src/completion/run.ts");`,
      `export const help = () => require("./src/help.ts").default;`,
      `export const commands = {\n${lazyExports(commandSources, "commands")}\n};`,
      `export const hooks = {\n${lazyExports(hookSources, "hooks")}\n};`,
    ].join("\n"),
    resolveDir: packageRoot,
    sourcefile: "cli-entry.ts",
    loader: "ts",
  },
  outfile: "dist/cli.cjs",
  format: "cjs",
  // Licence comments go to dist/cli.cjs.LEGAL.txt: some are not ASCII (below).
  legalComments: "linked",
  // oclif loads TypeScript only to run a plugin from its .ts sources (bin/run.js turns that off); bundled,
  // the compiler would be 11 MB of dead weight.
  external: ["typescript"],
  plugins: [
    builtinImportsAsRequire(),
    slimUndici(),
    lazyAssertForUndici(),
    editPackage({ pkg: "@oclif/core", edits: oclifEdits, imports: { "is-wsl": "wsl-utils" } }),
    editPackage({ pkg: "undici", from: coreManifest, edits: undiciEdits }),
    editPackage({ pkg: "ansis", from: packageJsonOf("@oclif/core", cliManifest), edits: ansisEdits }),
  ],
});

// 3. What finds the bundle: the files oclif's manifest names (dist/commands/get.cjs: one line handing over the
//    command from the bundle; CommonJS, so that oclif `require`s them: an `import()` from the bundle would need
//    Node's experimental vm loader), the package's ES module entry (the same exports), and the bundle's
//    content hash, which names its code cache (a rebuilt bundle never reads an older one's cache).
const stub = async (file: string, dir: "commands" | "hooks"): Promise<void> => {
  const target = join("dist", relative("src", file)).replace(/\.ts$/, ".cjs");
  const bundle = relative(dirname(target), "dist/cli.cjs").split(sep).join("/");
  await mkdir(dirname(target), { recursive: true });
  await writeFile(
    target,
    `"use strict";\nexports.default = require(${JSON.stringify(bundle)}).${dir}[${JSON.stringify(idOf(file, dir))}]();\n`,
  );
};
await Promise.all([
  ...commandSources.map((file) => stub(file, "commands")),
  ...hookSources.map((file) => stub(file, "hooks")),
  // package.json's oclif.helpClass, loaded only when help is printed.
  writeFile("dist/help.cjs", `"use strict";\nexports.default = require("./cli.cjs").help();\n`),
]);
const entryExports = Object.keys(await import("../src/index.ts"));
await writeFile(
  "dist/index.js",
  `import cli from "./cli.cjs";\n\nexport const { ${entryExports.join(", ")} } = cli.oclif();\n`,
);
const cliBundle = await readFile("dist/cli.cjs");
// One character outside ASCII and Node decodes the whole file as UTF-8 into a two-byte string: reading it took
// 13 ms of CPU instead of 6 at every start (V8 then compiles a string twice the size). esbuild escapes non-ASCII
// characters in strings, but not in regular expression literals: write those with \u escapes.
const nonAscii = cliBundle.findIndex((byte) => byte > 0x7f);
if (nonAscii >= 0) {
  const around = cliBundle.subarray(Math.max(0, nonAscii - 60), nonAscii + 20).toString("utf8");
  throw new Error(`dist/cli.cjs is not ASCII at byte ${nonAscii}: ${JSON.stringify(around)}`);
}
const bundleHash = createHash("sha256").update(cliBundle).digest("hex").slice(0, 16);
await writeFile("dist/cli.json", `${JSON.stringify({ bundleHash })}\n`);
