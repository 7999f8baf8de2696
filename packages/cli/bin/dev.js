#!/usr/bin/env -S node --conditions=@kr8s/source
// Runs kr8s from its TypeScript sources with no build step: Node >= 22.18 strips types natively, and the
// `@kr8s/source` condition resolves workspace packages to their src/. oclif is pointed at src/commands
// and its hooks directly (its own ts-node/tsx path mapping is switched off: neither is needed).
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { execute, settings } from "@oclif/core";

settings.enableAutoTranspile = false;
const root = fileURLToPath(new URL("..", import.meta.url));
const pjson = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
pjson.oclif.commands = "./src/commands";
pjson.oclif.hooks = Object.fromEntries(
  Object.entries(pjson.oclif.hooks ?? {}).map(([event, path]) => [
    event,
    path.replace("./dist/", "./src/").replace(/\.js$/, ".ts"),
  ]),
);
await execute({ dir: import.meta.url, loadOptions: { root, pjson } });
