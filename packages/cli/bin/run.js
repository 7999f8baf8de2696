#!/usr/bin/env node
// The CLI is one CommonJS bundle (scripts/bundle.ts), compiled with a V8 code cache made after a run
// (src/code-cache.ts), kept beside Node's own compile cache, which is on for this file: NODE_COMPILE_CACHE
// moves both, NODE_DISABLE_COMPILE_CACHE=1 turns both off. Loaded with `require`: see scripts/bundle.ts.
import module from "node:module";

module.enableCompileCache?.();
const { loadCli } = module.createRequire(import.meta.url)("../dist/code-cache.cjs");
const root = new URL("../", import.meta.url);
const argv = process.argv.slice(2);
const cli = loadCli(root, argv);
if (argv[0] === "__complete") {
  // Shell completion runs this on every TAB: answered from oclif.manifest.json without evaluating oclif.
  process.stdout.write(await cli.completion().completeFromManifest(root, argv.slice(1)));
} else {
  const { execute, settings } = cli.oclif();
  // dist/ is compiled: oclif must not look for TypeScript sources next to it (it would in a checkout, where
  // a tsconfig.json sits beside dist/, whenever NODE_ENV is not "production").
  settings.enableAutoTranspile = false;
  await execute({ dir: import.meta.url });
}
