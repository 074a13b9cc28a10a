/**
 * `npm run test:quick` (`jest --filter=./tests/quick-filter.js`): every test file that needs no Pulumi engine and no
 * toolchain built into ~/.cache (the Pulumi CLI, the YAML and Python language hosts, Node runtimes, the SDK
 * generator). Such a file is recognized by what it imports: the shared engine fixture (tests/support/engine.ts,
 * which every engine-level file uses) or the Python toolchain (tests/support/python-env.ts). Everything else runs:
 * the SDK, the CLI, the emulator, the provider in-process, the dynamic-provider host and the native plugin over gRPC.
 */
const fs = require("node:fs");

/** An import of one of the toolchain modules (`from "../support/engine"`, `"../support/python-env"`). */
const TOOLCHAIN_IMPORT = /from\s+["'][./]*support\/(engine|python-env)["']/;

module.exports = (testPaths) => ({
  filtered: testPaths.filter((file) => !TOOLCHAIN_IMPORT.test(fs.readFileSync(file, "utf8"))),
});
