#!/usr/bin/env node
/**
 * `pulumi-resource-dts`: the plugin executable the Pulumi engine starts (argument: the engine's address).
 * `--schema` prints the package schema instead (for scripts/gen-sdk and reviews).
 */
if (process.argv.includes("--schema")) {
  // Loaded lazily so printing the schema needs no @pulumi/pulumi.
  const { buildSchema } = require("./schema") as typeof import("./schema");
  const { packageVersion } = require("../../sdk/version") as typeof import("../../sdk/version");
  process.stdout.write(`${JSON.stringify(buildSchema(packageVersion(__dirname)), null, 2)}\n`);
} else {
  const { serve } = require("./main") as typeof import("./main");
  serve(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
