// A Node single-executable application (https://nodejs.org/api/single-executable-applications.html): the bundle as
// a blob, made by the build machine's node of the same version, injected with postject into a copy of the target's
// node binary. No code cache and no snapshot in the blob: those are machine code for the build machine, and Node
// requires both off for a blob that another platform runs.
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { inject } = require("postject");

const SENTINEL_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/** The SEA blob of `bundlePath`, written beside it. */
function seaBlob(hostNode, bundlePath) {
  const dir = path.dirname(bundlePath);
  const blob = path.join(dir, "sea-prep.blob");
  const config = path.join(dir, "sea-config.json");
  fs.writeFileSync(config, JSON.stringify({ main: bundlePath, output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false }));
  const r = spawnSync(hostNode, ["--experimental-sea-config", config], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`plugin-dist: ${hostNode} --experimental-sea-config failed (exit ${r.status}): ${r.stderr}`);
  return blob;
}

/** Writes `out`: the target's node with the blob injected. */
async function seaExecutable(targetNode, blob, out) {
  fs.copyFileSync(targetNode, out);
  fs.chmodSync(out, 0o755);
  await inject(out, "NODE_SEA_BLOB", fs.readFileSync(blob), { sentinelFuse: SENTINEL_FUSE });
}

module.exports = { seaBlob, seaExecutable };
