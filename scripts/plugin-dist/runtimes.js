// The Node.js runtime of each target, from the npm registry (`npm pack node-<os>-<arch>@<version>`: npm checks the
// tarball's integrity), cached outside the repo like scripts/ensure-node.js: <cache>/plugin-runtimes/<pkg>-<version>/.
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { cacheRoot } = require("../ensure-node");

/** The path of the target's node binary (downloaded into the cache the first time). */
function ensureRuntime(target, version, { log = (l) => process.stderr.write(`${l}\n`) } = {}) {
  const dir = path.join(cacheRoot(), "plugin-runtimes", `${target.npm}-${version}`);
  const bin = path.join(dir, path.basename(target.nodePath));
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const staging = `${dir}.tmp-${process.pid}-${Date.now()}`;
  fs.mkdirSync(staging, { recursive: true });
  try {
    const started = Date.now();
    log(`plugin-dist: fetching ${target.npm}@${version} (the ${target.name} runtime) into ${dir} ...`);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const pack = spawnSync(npm, ["pack", `${target.npm}@${version}`, "--json", "--pack-destination", staging, "--loglevel=error"], {
      encoding: "utf8",
      env: { ...process.env, npm_config_update_notifier: "false" },
      timeout: 15 * 60 * 1000,
    });
    if (pack.error || pack.status !== 0) {
      throw new Error(
        `plugin-dist: \`npm pack ${target.npm}@${version}\` failed (${pack.error?.message ?? `exit ${pack.status}`}): ${(pack.stderr || "").slice(-2000)}\n` +
          `Check that npm reaches its registry and that the package has this version (\`npm view ${target.npm} versions\`); the pin is NODE_VERSION in scripts/plugin-dist/targets.js.`,
      );
    }
    const tgz = path.join(staging, JSON.parse(pack.stdout)[0].filename);
    const tar = spawnSync("tar", ["xzf", tgz, "-C", staging, `package/${target.nodePath}`], { encoding: "utf8" });
    if (tar.status !== 0) throw new Error(`plugin-dist: ${target.npm}@${version} has no ${target.nodePath}: ${tar.stderr}`);
    fs.renameSync(path.join(staging, "package", target.nodePath), path.join(staging, path.basename(target.nodePath)));
    fs.rmSync(path.join(staging, "package"), { recursive: true, force: true });
    fs.rmSync(tgz);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    log(`plugin-dist: ${target.npm}@${version} ready in ${Math.round((Date.now() - started) / 1000)}s`);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    // A parallel build put it in place first: use that one.
    if (!fs.existsSync(bin)) throw e;
  }
  return bin;
}

module.exports = { ensureRuntime };
