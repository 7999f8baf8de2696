#!/usr/bin/env node
// kubectl (1.26 and later) completes a plugin's arguments by running `kubectl_complete-<plugin>` from PATH:
// `kubectl ng get po<TAB>` runs `kubectl_complete-ng get po`, and reads cobra's answer (candidates, then
// `:DIRECTIVE`) — what `kr8s __complete` prints, answered here from oclif.manifest.json without oclif.
import module from "node:module";

module.enableCompileCache?.();
const { loadCli } = module.createRequire(import.meta.url)("../dist/code-cache.cjs");
const root = new URL("../", import.meta.url);
const words = process.argv.slice(2);
const cli = loadCli(root, ["__complete", ...words]);
process.stdout.write(await cli.completion().completeFromManifest(root, words));
