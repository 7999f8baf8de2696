#!/usr/bin/env -S node --conditions=@kr8s/source
// Runs kr8s from its TypeScript sources with no build step: Node >= 22.18 strips types natively, and the
// `@kr8s/source` condition resolves workspace packages to their src/. oclif is pointed at src/commands,
// its hooks and its help class directly (its own ts-node/tsx path mapping is switched off: neither is needed). The
// oclif.manifest.json a build leaves behind describes dist/, not the sources: the root plugin is loaded
// without it, so a command added since the last build is found.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { execute, Plugin, settings } from "@oclif/core";

settings.enableAutoTranspile = false;
const root = fileURLToPath(new URL("..", import.meta.url));
const pjson = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
pjson.oclif.commands = "./src/commands";
pjson.oclif.hooks = Object.fromEntries(
  Object.entries(pjson.oclif.hooks ?? {}).map(([event, path]) => [
    event,
    path.replace("./dist/", "./src/").replace(/\.c?js$/, ".ts"),
  ]),
);
pjson.oclif.helpClass = "./src/help.ts";
const plugin = new Plugin({ root, pjson, isRoot: true, ignoreManifest: true });
await plugin.load();
await execute({
  dir: import.meta.url,
  loadOptions: { root, pjson, plugins: new Map([[plugin.name, plugin]]) },
});
