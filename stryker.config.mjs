// @ts-check
// Mutation testing of the connection layer: `pnpm mutate` (README, "Mutation testing"). Not part of
// `npm test`: a run takes tens of minutes. Reports go to reports/mutation/ (git-ignored).
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // Named, not discovered: under pnpm the runner is not a sibling of @stryker-mutator/core.
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.mutation.config.ts" },
  mutate: [
    "packages/core/src/http/**/*.ts",
    "packages/core/src/config/**/*.ts",
    "!packages/core/src/**/*.test.ts",
  ],
  coverageAnalysis: "perTest",
  // Two cores are shared with other work; each worker runs one test file at a time.
  concurrency: 2,
  // event-recorder keeps one file per tested mutant, so an interrupted run still shows what it found.
  reporters: ["clear-text", "progress", "html", "json", "event-recorder"],
  eventReporter: { baseDir: "reports/mutation/events" },
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // Later runs re-test only the mutants whose code or covering tests changed (`pnpm mutate --force`
  // re-tests everything).
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  thresholds: { high: 85, low: 70, break: null },
};
