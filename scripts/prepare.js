#!/usr/bin/env node
// npm's `prepare` hook: build dist/ so the package works when installed from a git URL (npm installs the dev
// dependencies in its clone, runs `prepare`, then packs) and right after `npm ci` / `npm install` in a checkout.
//
// - `npm pack` and `npm publish` run `prepack` (a clean, strict build) just before `prepare`: no second build then.
// - Otherwise a type error elsewhere in the tree must not make `npm install` fail while tsc still emitted every
//   entry point (tsc emits despite type errors): that is reported as a warning. A missing entry point fails.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ENTRY_POINTS = ["provider/index.js", "sdk/index.js", "emulator/index.js", "emulator/bin.js", "cli/index.js", "cli/api.js"];

const command = process.env.npm_command;
if (command === "pack" || command === "publish") {
  process.stderr.write(`prepare: dist/ was just built by prepack (npm ${command}); not building again\n`);
  process.exit(0);
}
const root = path.join(__dirname, "..");
const started = Date.now();
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const r = spawnSync(npm, ["run", "build"], { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
if (r.error) {
  process.stderr.write(`prepare: could not run \`npm run build\`: ${r.error.message}\n`);
  process.exit(1);
}
const missing = ENTRY_POINTS.filter((f) => {
  const p = path.join(root, "dist", f);
  return !fs.existsSync(p) || fs.statSync(p).mtimeMs < started - 1000;
});
if (missing.length) {
  process.stderr.write(`prepare: the build did not produce ${missing.map((f) => `dist/${f}`).join(", ")} (exit ${r.status})\n`);
  process.exit(r.status || 1);
}
if (r.status !== 0) {
  process.stderr.write(
    "prepare: warning: tsc reported errors (above) but emitted dist/; `npm run build`, `npm test` and `npm pack` fail " + "until they are fixed\n",
  );
}
process.exit(0);
