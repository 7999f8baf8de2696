#!/usr/bin/env node
// Node's on-disk compile cache (Node >= 22.1) roughly halves start-up after the first run: most of a
// short command's time is spent compiling undici and oclif (bench/cli-startup.ts).
import module from "node:module";

module.enableCompileCache?.();
const { execute } = await import("@oclif/core");
await execute({ dir: import.meta.url });
