#!/usr/bin/env node
// Provision the TypeScript compilers the package's types are checked with (scripts/matrix.json's `typescript`
// pins) into the cache OUTSIDE the repo (the same root as scripts/ensure-node.js), and print the path of each one's
// tsc.js, one line per requested version (progress goes to stderr):
//
//   node scripts/ensure-typescript.js        # every TypeScript major the matrix pins
//   node scripts/ensure-typescript.js 5      # one major (as pinned), or an exact version: 5.9.3
//
// The repository's own devDependency is one TypeScript major only; a user's project may compile with another, so
// tests/matrix/public-types.test.ts runs each pinned major's tsc on a fresh project (`npm install typescript@<pin>`
// from the npm registry, once, into <cache>/typescript-v<version>/).
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { cacheRoot, installIntoCache } = require("./ensure-node");
const { MATRIX } = require("./matrix");

/** "5" -> the pinned "5.9.3"; "5.9.3" stays. Throws for a major the matrix does not pin. */
function resolveTypeScriptVersion(spec) {
  const s = String(spec);
  if (/^\d+\.\d+\.\d+$/.test(s)) return s;
  const pinned = /^\d+$/.test(s) ? MATRIX.typescript[s] : undefined;
  if (!pinned) {
    throw new Error(
      `ensure-typescript: "${spec}" is neither a major scripts/matrix.json pins (${Object.keys(MATRIX.typescript).join(", ")}) nor an exact version (5.9.3)`,
    );
  }
  return pinned;
}

function installedVersion(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, "node_modules", "typescript", "package.json"), "utf8")).version;
  } catch {
    return undefined;
  }
}

/** The path of TypeScript `spec`'s `lib/tsc.js` (run it with `node`), installing it into the cache first when missing. */
function ensureTypeScript(spec, { onProgress = (line) => process.stderr.write(`${line}\n`), env = process.env } = {}) {
  const version = resolveTypeScriptVersion(spec);
  const dir = path.join(cacheRoot(env), `typescript-v${version}`);
  const tsc = path.join(dir, "node_modules", "typescript", "lib", "tsc.js");
  if (installedVersion(dir) === version && fs.existsSync(tsc)) {
    onProgress(`ensure-typescript: using cached TypeScript ${version} (${tsc})`);
    return tsc;
  }
  const started = Date.now();
  onProgress(`ensure-typescript: installing TypeScript ${version} into ${dir} ...`);
  installIntoCache({
    tool: "ensure-typescript",
    spec: `typescript@${version}`,
    dir,
    env,
    problem: (staging) => {
      const got = installedVersion(staging);
      return got === version ? undefined : `typescript@${version} installed, but its package.json says ${got ?? "nothing"}`;
    },
  });
  onProgress(`ensure-typescript: TypeScript ${version} ready in ${Math.round((Date.now() - started) / 1000)}s`);
  return tsc;
}

module.exports = { ensureTypeScript, resolveTypeScriptVersion };

if (require.main === module) {
  try {
    const specs = process.argv.slice(2);
    for (const spec of specs.length ? specs : Object.keys(MATRIX.typescript)) process.stdout.write(`${ensureTypeScript(spec)}\n`);
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
