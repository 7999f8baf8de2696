import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The vitest configuration Stryker runs for `pnpm mutate` (stryker.config.mjs): the core unit project
// only. Stryker copies the repository into a sandbox but links node_modules back to the checkout, and
// node_modules/@kr8s/core points at the checkout's unmutated sources; the alias sends `@kr8s/core`
// imports to this copy's sources so tests that import the package see the mutant too.
const coreSources = fileURLToPath(new URL("./packages/core/src/index.ts", import.meta.url));
const conditions = ["@kr8s/source", "node", "import", "default"];

export default defineConfig({
  resolve: { conditions, alias: [{ find: /^@kr8s\/core$/, replacement: coreSources }] },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    name: "core:unit",
    root: "./packages/core",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/*.e2e.test.ts", "**/node_modules/**"],
    // A mutant run shares the machine with another worker: a slow test must not count as a kill.
    testTimeout: 30_000,
  },
});
