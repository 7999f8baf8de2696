import { defineConfig } from "vitest/config";

// Tests by tier (STYLE.md §11): `*.test.ts` are unit and wire tests; `*.e2e.test.ts` run against the real
// local control plane that the harness global setup starts once per run (or KR8S_TEST_KUBECONFIG).
// Workspace packages resolve to their TypeScript sources (STYLE §3): tests need no build step. Vitest runs
// tests in Vite's SSR environment, which has its own resolve conditions.
const conditions = ["@kr8s/source", "node", "import", "default"];
const resolve = { conditions };
const ssr = { resolve: { conditions, externalConditions: conditions } };
const globalSetup = ["./packages/test-utils/src/vitest-global-setup.ts"];
const packages = ["core", "cli", "objects-crd"];
/** With KR8S_TEST_KUBECONFIG the e2e tests run against that cluster (kind, a cloud cluster…) instead. */
const external = Boolean(process.env.KR8S_TEST_KUBECONFIG);
/** `*.harness.e2e.test.ts`: e2e tests that need the local control plane's users, CA, issuer or kwok. */
const HARNESS_ONLY = "**/*.harness.e2e.test.ts";

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
        e2eProject(name, `${name}:e2e`, ["**/*.disruptive.e2e.test.ts", HARNESS_ONLY]),
        // Tests that need what only the local control plane has (its static token user, its CA key, its
        // OIDC issuer, kwok's simulated exec): the same kind of test, run only against that cluster.
        ...(external ? [] : [e2eProject(name, `${name}:e2e-harness`, [], [HARNESS_ONLY])]),
      ]),
      // The harness tests validate the local control plane itself (kwok simulation, static users, CA), so
      // they run only when it is the cluster under test, not against KR8S_TEST_KUBECONFIG.
      ...(external ? [] : [harnessProject(), disruptiveProject()]),
    ],
  },
});

/**
 * End-to-end tests of one package against the cluster under test: `include` (default: every
 * `*.e2e.test.ts`) minus `exclude`.
 */
function e2eProject(name: string, projectName: string, exclude: string[], include = ["**/*.e2e.test.ts"]) {
  return {
    resolve,
    ssr,
    test: {
      name: projectName,
      root: `./packages/${name}`,
      include: include.flatMap((glob) => [`src/${glob}`, `test/${glob}`]),
      exclude: [...exclude, "**/node_modules/**"],
      globalSetup: globalSetup.map((p) => `../../${p}`),
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  };
}

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
