#!/usr/bin/env node
// Node's on-disk compile cache (Node >= 22.1) roughly halves start-up after the first run: most of a
// short command's time is spent compiling undici and oclif (bench/cli-startup.ts). oclif comes from the
// CLI's own bundle (scripts/bundle.ts), the copy its commands extend.
import module from "node:module";

module.enableCompileCache?.();
if (process.argv[2] === "__complete") {
  // Shell completion runs this on every TAB: answered from oclif.manifest.json without loading oclif.
  const { completeFromManifest } = await import("../dist/completion/run.js");
  process.stdout.write(await completeFromManifest(new URL("../", import.meta.url), process.argv.slice(3)));
} else {
  const { execute, settings } = await import("../dist/index.js");
  // dist/ is compiled: oclif must not look for TypeScript sources next to it (it would in a checkout, where
  // a tsconfig.json sits beside dist/, whenever NODE_ENV is not "production").
  settings.enableAutoTranspile = false;
  await execute({ dir: import.meta.url });
}
