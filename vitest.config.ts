import { defineConfig } from "vitest/config";

// Tests by tier (STYLE.md §11): `*.test.ts` are unit and wire tests; `*.e2e.test.ts` run against the real
// local control plane that the harness global setup starts once per run (or KR8S_TEST_KUBECONFIG).
// Workspace packages resolve to their TypeScript sources (STYLE §3): tests need no build step. Vitest runs
// tests in Vite's SSR environment, which has its own resolve conditions.
const conditions = ["@kr8s/source", "node", "import", "default"];
const resolve = { conditions };
const ssr = { resolve: { conditions, externalConditions: conditions } };
const globalSetup = ["./scripts/cluster/vitest-global-setup.ts"];
const packages = ["core", "cli", "objects-crd"];

export default defineConfig({
  test: {
    projects: [
      ...packages.flatMap((name) => [
        {
          resolve,
          ssr,
          test: {
            name: `${name}:unit`,
            root: `./packages/${name}`,
            include: ["src/**/*.test.ts", "test/**/*.test.ts"],
            exclude: ["**/*.e2e.test.ts", "**/node_modules/**"],
          },
        },
        {
          resolve,
          ssr,
          test: {
            name: `${name}:e2e`,
            root: `./packages/${name}`,
            include: ["src/**/*.e2e.test.ts", "test/**/*.e2e.test.ts"],
            exclude: ["**/*.disruptive.e2e.test.ts", "**/node_modules/**"],
            globalSetup: globalSetup.map((p) => `../../${p}`),
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        },
      ]),
      // The harness tests validate the local control plane itself (kwok simulation, static users, CA), so
      // they run only when it is the cluster under test, not against KR8S_TEST_KUBECONFIG.
      ...(process.env.KR8S_TEST_KUBECONFIG ? [] : [harnessProject(), disruptiveProject()]),
    ],
  },
});

function harnessProject() {
  return {
    resolve,
    ssr,
    test: {
      name: "harness",
      root: "./test/harness",
      include: ["**/*.e2e.test.ts"],
      globalSetup: globalSetup.map((p) => `../../${p}`),
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  };
}

/**
 * Tests that take the local control plane's API server away (kill and restart it). They run in a vitest
 * invocation of their own, after every other e2e test (see `test:e2e` in package.json).
 */
function disruptiveProject() {
  return {
    resolve,
    ssr,
    test: {
      name: "disruptive",
      root: ".",
      include: ["packages/*/test/**/*.disruptive.e2e.test.ts"],
      globalSetup,
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  };
}
