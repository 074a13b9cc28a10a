#!/usr/bin/env node
// `npm run matrix:bump`: move the pins of scripts/matrix.json to the newest releases on the npm registry, and
// rewrite README.md's "Versions" table to match. Then run `npm run test:matrix` (or `npm test`) and commit.
//
// - node.<major>:      the newest <major>.x of node-<os>-<arch> (the package scripts/ensure-node.js installs)
// - pulumi.newest:     the newest @pulumi/pulumi 3.x (not a pre-release)
// - pulumi.node20:     kept: the last @pulumi/pulumi for Node 20 (newer ones declare engines node >= 22)
// - typescript.<major>, typesNode.<major>: the newest release of that major
//
// `--dry-run` prints the changes without writing. Each look-up is one `npm view <package> versions`.
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { MATRIX, MATRIX_PATH, replaceVersionsTable } = require("./matrix");
const { platformPackage } = require("./ensure-node");

const README = path.join(__dirname, "..", "README.md");

/** Every version of `pkg` on the registry. */
function versionsOf(pkg) {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["view", pkg, "versions", "--json"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new Error(`matrix-bump: \`npm view ${pkg} versions\` failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr}`);
  }
  const list = JSON.parse(r.stdout);
  return Array.isArray(list) ? list : [list];
}

function compare(a, b) {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/** The newest release (not a pre-release) whose major is `major`. */
function newest(versions, major, pkg) {
  const of = versions.filter((v) => /^\d+\.\d+\.\d+$/.test(v) && v.split(".")[0] === String(major)).sort(compare);
  if (!of.length) throw new Error(`matrix-bump: ${pkg} has no ${major}.x release`);
  return of[of.length - 1];
}

/**
 * The matrix with every pin moved to the newest release, given a look-up `versionsOf(pkg)` -> all versions, and
 * the list of changes ("node.24: 24.22.3 -> 24.23.0").
 */
function bumped(matrix, versionsOf, nodePkg = platformPackage()) {
  const next = JSON.parse(JSON.stringify(matrix));
  const node = versionsOf(nodePkg);
  for (const major of Object.keys(next.node)) next.node[major] = newest(node, major, nodePkg);
  next.pulumi.newest = newest(versionsOf("@pulumi/pulumi"), 3, "@pulumi/pulumi");
  const ts = versionsOf("typescript");
  for (const major of Object.keys(next.typescript)) next.typescript[major] = newest(ts, major, "typescript");
  const types = versionsOf("@types/node");
  for (const major of Object.keys(next.typesNode)) next.typesNode[major] = newest(types, major, "@types/node");
  const changes = [];
  for (const table of ["node", "pulumi", "typescript", "typesNode"]) {
    for (const [k, v] of Object.entries(next[table])) {
      if (matrix[table][k] !== v) changes.push(`${table}.${k}: ${matrix[table][k]} -> ${v}`);
    }
  }
  return { next, changes };
}

function main() {
  const dryRun = process.argv.includes("--dry-run");
  const { next, changes } = bumped(MATRIX, versionsOf);
  if (!changes.length) {
    process.stdout.write("matrix-bump: every pin is already the newest release\n");
    return;
  }
  process.stdout.write(changes.map((c) => `  ${c}\n`).join(""));
  if (dryRun) {
    process.stdout.write("matrix-bump: --dry-run, nothing written\n");
    return;
  }
  fs.writeFileSync(MATRIX_PATH, `${JSON.stringify(next, null, 2)}\n`);
  fs.writeFileSync(README, replaceVersionsTable(fs.readFileSync(README, "utf8"), next));
  process.stdout.write(
    "matrix-bump: wrote scripts/matrix.json and README.md's Versions table.\n" +
      "Next: `npm run test:matrix` (provisions the new runtimes), then update README's peer-dependency note if\n" +
      "@pulumi/pulumi moved, add a CHANGELOG line, and commit.\n",
  );
}

module.exports = { bumped, newest, compare };

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
