/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  testTimeout: 60000,
  reporters: ["default", "<rootDir>/tests/summary-reporter.js"],
  // Never call the ECS metadata address (100.100.100.200) from the credentials chain.
  setupFiles: ["<rootDir>/tests/setup-env.js"],
};
