#!/usr/bin/env node
// `npm run plugin:dist`: the release archives of the native plugin, one per target, under dist/plugins/:
//   pulumi-resource-dts-v<version>-<os>-<arch>.tar.gz   (the names `pulumi plugin install` downloads)
// Each is self-contained: the provider bundled into one file (bundle.js) plus the target's Node.js runtime from the
// npm registry (runtimes.js), as a single executable (sea.js) or, for macOS, the signed node beside the bundle with a
// /bin/sh launcher (targets.js says why). Needs `npm run build` first (package.json's script does it).
//
//   node scripts/plugin-dist/index.js [target ...]     (default: every target; e.g. linux-amd64)
"use strict";

const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { bundle } = require("./bundle");
const { ensureRuntime } = require("./runtimes");
const { seaBlob, seaExecutable } = require("./sea");
const { writeTarGz } = require("./tar");
const { NODE_VERSION, TARGETS, archiveName, hostTarget } = require("./targets");

const REPO = path.join(__dirname, "..", "..");
const OUT = path.join(REPO, "dist", "plugins");

/** The macOS launcher: the node and the bundle beside it, whatever the current directory or PATH. */
const LAUNCHER = `#!/bin/sh
# pulumi-resource-dts: the bundled provider run by the Node.js runtime shipped beside it (no Node.js on PATH needed).
# Shell built-ins only: the engine may start it with a PATH that has no dirname.
case "$0" in */*) dir=\${0%/*} ;; *) dir=. ;; esac
exec "$dir/node" "$dir/pulumi-resource-dts.js" "$@"
`;

async function main(names) {
  const started = Date.now();
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
  const version = pkg.version;
  const targets = names.length ? names.map((n) => TARGETS.find((t) => t.name === n) ?? fail(`unknown target ${n}`)) : TARGETS;
  if (!fs.existsSync(path.join(REPO, "dist", "provider", "native", "bin.js"))) fail("dist/provider/native/bin.js is missing: run `npm run build` first");

  fs.rmSync(OUT, { recursive: true, force: true });
  const work = path.join(OUT, ".work");
  fs.mkdirSync(work, { recursive: true });
  const bundlePath = path.join(work, "pulumi-resource-dts.js");
  const warnings = await bundle(bundlePath, version, pkg.pulumi?.pluginDownloadURL);
  for (const w of warnings) process.stderr.write(w);
  let blob;
  const lines = [];
  for (const target of targets) {
    const node = ensureRuntime(target, NODE_VERSION);
    let entries;
    if (target.layout === "sea") {
      blob ??= seaBlob(ensureRuntime(hostTarget(), NODE_VERSION), bundlePath);
      const exe = path.join(work, `${target.name}-${target.exe}`);
      await seaExecutable(node, blob, exe);
      entries = [{ name: target.exe, file: exe, executable: true }];
    } else {
      entries = [
        { name: "pulumi-resource-dts", data: LAUNCHER, executable: true },
        { name: "node", file: node, executable: true },
        { name: "pulumi-resource-dts.js", file: bundlePath, executable: false },
      ];
    }
    const archive = path.join(OUT, archiveName(version, target));
    writeTarGz(archive, entries);
    const bytes = fs.readFileSync(archive);
    lines.push(`${crypto.createHash("sha256").update(bytes).digest("hex")}  ${path.basename(archive)}`);
    process.stderr.write(`plugin-dist: ${path.basename(archive)} ${(bytes.length / 1e6).toFixed(1)} MB (${target.layout}, Node ${NODE_VERSION})\n`);
  }
  fs.rmSync(work, { recursive: true, force: true });
  fs.writeFileSync(path.join(OUT, "SHA256SUMS"), `${lines.join("\n")}\n`);
  process.stderr.write(`plugin-dist: ${targets.length} archive(s) in dist/plugins/ in ${Math.round((Date.now() - started) / 1000)}s\n`);
}

function fail(message) {
  process.stderr.write(`plugin-dist: ${message}\n`);
  process.exit(1);
}

main(process.argv.slice(2)).catch((e) => fail(e.stack || e.message));
