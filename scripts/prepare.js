#!/usr/bin/env node
// npm's `prepare` hook: build dist/ so the package works when installed from a git URL (npm installs the dev
// dependencies in its clone, runs `prepare`, then packs) and right after `npm ci` / `npm install` in a checkout.
// `npm pack` and `npm publish` run `prepack` (a clean build) just before `prepare`: no second build then.
"use strict";
const { spawnSync } = require("node:child_process");

const command = process.env.npm_command;
if (command === "pack" || command === "publish") {
  process.stderr.write(`prepare: dist/ was just built by prepack (npm ${command}); not building again\n`);
  process.exit(0);
}
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const r = spawnSync(npm, ["run", "build"], { stdio: "inherit", shell: process.platform === "win32" });
if (r.error) {
  process.stderr.write(`prepare: could not run \`npm run build\`: ${r.error.message}\n`);
  process.exit(1);
}
process.exit(r.status ?? 1);
