// The provider as one CommonJS file (esbuild): dist/provider/native/bin.js with @pulumi/pulumi, @grpc/grpc-js and
// every other dependency inlined, so it runs with nothing but a node binary (no node_modules).
"use strict";

const path = require("node:path");
const esbuild = require("esbuild");

const REPO = path.join(__dirname, "..", "..");

/**
 * Two swaps make the built tree bundleable:
 * - provider/native/sdk-grpc.js resolves the SDK's gRPC pieces from its install directory at run time (a bundle has
 *   none): the bundle gets sdk-grpc-bundled.js, whose static requires esbuild follows;
 * - sdk/version.js reads package.json at run time: the bundle gets the version and pluginDownloadURL fixed at build
 *   time.
 */
function swaps(version, downloadURL) {
  return {
    name: "dts-plugin-swaps",
    setup(build) {
      build.onResolve({ filter: /^\.\/sdk-grpc$/ }, (args) => ({ path: path.join(args.resolveDir, "sdk-grpc-bundled.js") }));
      build.onLoad({ filter: /[\\/]dist[\\/]sdk[\\/]version\.js$/ }, () => ({
        contents: `"use strict";\nexports.packageVersion = () => ${JSON.stringify(version)};\nexports.pluginDownloadURL = () => ${JSON.stringify(downloadURL)};\n`,
        loader: "js",
      }));
    },
  };
}

/** Writes the bundle to `outfile`; returns esbuild's warnings (as text). */
async function bundle(outfile, version, downloadURL) {
  const result = await esbuild.build({
    absWorkingDir: REPO,
    entryPoints: [path.join(REPO, "dist", "provider", "native", "bin.js")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    logLevel: "silent",
    plugins: [swaps(version, downloadURL)],
  });
  const warnings = await esbuild.formatMessages(result.warnings, { kind: "warning" });
  return warnings;
}

module.exports = { bundle };
