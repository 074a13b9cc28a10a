#!/usr/bin/env node
/**
 * `pulumi-resource-dts`: the plugin executable the Pulumi engine starts (argument: the engine's address).
 * `--schema` prints the package schema instead (for scripts/gen-sdk and reviews), `--version` the version.
 */
if (process.argv.includes("--schema") || process.argv.includes("--version")) {
  // Loaded lazily so printing the schema needs no @pulumi/pulumi.
  const { buildSchema } = require("./schema") as typeof import("./schema");
  const { packageVersion } = require("../../sdk/version") as typeof import("../../sdk/version");
  const version = packageVersion(__dirname);
  process.stdout.write(process.argv.includes("--schema") ? `${JSON.stringify(buildSchema(version), null, 2)}\n` : `${version}\n`);
} else {
  const { serve } = require("./main") as typeof import("./main");
  serve(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
