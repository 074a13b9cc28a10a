/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  testTimeout: 60000,
  // Most files wait on child processes (the Pulumi CLI and hosts, the emulator's clock, real timeouts) far longer
  // than they compute, so more workers than cores shortens the run (CONTRIBUTING.md "Tests" has the figures). The
  // shared caches they provision are built under a lock (scripts/ensure-*, gen-sdk). JEST_WORKERS=1 runs in band.
  maxWorkers: Number(process.env.JEST_WORKERS) || 3,
  // The longest files first, from jest's cache or else tests/durations.json (a fresh clone has no cache).
  testSequencer: "<rootDir>/tests/sequencer.js",
  reporters: ["default", "<rootDir>/tests/summary-reporter.js"],
  // Never call the ECS metadata address (100.100.100.200) from the credentials chain.
  setupFiles: ["<rootDir>/tests/setup-env.js"],
};
