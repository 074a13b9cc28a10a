// Helpers shared by `npm run demo` (scripts/demo.js), examples/pipeline.sh's callers and the e2e tests
// (tests/support/pulumi-project.ts): provision the Pulumi CLI, build an isolated local-backend environment, link a
// program's node_modules to this checkout, and run commands with their output captured (and optionally streamed).
//
// Plain CommonJS (no build step) so the demo runs with `node scripts/demo.js` right after `npm run build`.
"use strict";

const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/** The repository root (this file lives in <repo>/scripts). */
const REPO_ROOT = path.resolve(__dirname, "..");

/** The Pulumi CLI version this project pins (scripts/ensure-pulumi builds it). */
const PULUMI_VERSION = "3.248.0";

/**
 * Run scripts/ensure-pulumi and return the bin directory holding `pulumi`, `pulumi-language-nodejs` and the
 * `pulumi-resource-pulumi-nodejs` shim. Progress (the first build takes minutes) goes to `onProgress` line by line
 * (default: this process's stderr). Throws with the script's output when it fails: a missing CLI is an error,
 * never a reason to skip.
 */
function ensurePulumi(options = {}) {
  const onProgress = options.onProgress || ((line) => process.stderr.write(`${line}\n`));
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi")], {
      cwd: REPO_ROOT,
      env: { ...process.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    lineSplitter(child.stderr, (line) => {
      err += `${line}\n`;
      onProgress(line);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const lines = out.trim().split("\n").filter(Boolean);
      const bin = lines[lines.length - 1];
      if (code !== 0 || !bin || !fs.existsSync(path.join(bin, "pulumi"))) {
        reject(new Error(`scripts/ensure-pulumi failed (exit ${code}); the Pulumi CLI v${PULUMI_VERSION} is required.\n` + `stdout:\n${out}\nstderr:\n${err}`));
        return;
      }
      resolve(bin);
    });
  });
}

/**
 * Environment for running the Pulumi CLI against an isolated local (file://) backend under `workDir`:
 * `<workDir>/.state` holds the stacks, `<workDir>/.home` is PULUMI_HOME. No update checks, no plugin downloads,
 * no ECS metadata calls, and no ambient Alibaba Cloud credentials (so credentials come from stack config only,
 * unless `keepCloudCredentials` is set).
 */
function pulumiEnv({ binDir, workDir, passphrase = "e2e-passphrase", extra = {}, keepCloudCredentials = false }) {
  const env = { ...process.env };
  if (!keepCloudCredentials) {
    for (const k of Object.keys(env)) {
      if (/^ALIBABA_CLOUD_|^ALICLOUD_/.test(k)) delete env[k];
    }
  }
  // A parent `pulumi` (or the automation API) must not leak its engine/stack into ours.
  for (const k of Object.keys(env)) {
    if (/^PULUMI_/.test(k)) delete env[k];
  }
  fs.mkdirSync(path.join(workDir, ".state"), { recursive: true });
  fs.mkdirSync(path.join(workDir, ".home"), { recursive: true });
  return {
    ...env,
    PATH: `${binDir}${path.delimiter}${env.PATH || ""}`,
    PULUMI_HOME: path.join(workDir, ".home"),
    PULUMI_BACKEND_URL: `file://${path.join(workDir, ".state")}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
    NO_COLOR: "1",
    ...extra,
  };
}

/** Create (or replace) a symlink `link` -> `target`. */
function symlinkForce(target, link) {
  fs.mkdirSync(path.dirname(link), { recursive: true });
  try {
    // Already right (also when a parallel test made it a moment ago): leave it.
    if (fs.readlinkSync(link) === target) return;
  } catch {
    /* missing, or not a link */
  }
  try {
    const st = fs.lstatSync(link);
    if (st.isSymbolicLink() || st.isFile()) fs.unlinkSync(link);
    else fs.rmSync(link, { recursive: true, force: true });
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
  }
  try {
    fs.symlinkSync(target, link, "dir");
  } catch (e) {
    if (!(e.code === "EEXIST" && fs.readlinkSync(link) === target)) throw e;
  }
}

/**
 * Make a program directory resolve `pulumi-dts-objects` (this checkout, as its package.json's
 * `"pulumi-dts-objects": "file:../.."` would) and `@pulumi/pulumi` from its own node_modules, with symlinks
 * instead of an npm install. With `withTypeScript`, also link `typescript` and `@types/node` (needed when the
 * program lives outside the repo, where Pulumi would otherwise fall back to its vendored TypeScript 3.8).
 *
 * Research §11: the serialized provider does `require("pulumi-dts-objects/sdk")` from the program directory, so
 * this link is what makes the provider load there.
 */
function linkProgramDeps(programDir, { withTypeScript = false } = {}) {
  const nm = path.join(programDir, "node_modules");
  symlinkForce(REPO_ROOT, path.join(nm, "pulumi-dts-objects"));
  symlinkForce(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"), path.join(nm, "@pulumi", "pulumi"));
  if (withTypeScript) {
    symlinkForce(path.join(REPO_ROOT, "node_modules", "typescript"), path.join(nm, "typescript"));
    symlinkForce(path.join(REPO_ROOT, "node_modules", "@types", "node"), path.join(nm, "@types", "node"));
  }
  return nm;
}

/** Check that `npm run build` produced what programs load. */
function assertBuilt() {
  const need = ["dist/provider/index.js", "dist/sdk/index.js", "dist/emulator/index.js"];
  const missing = need.filter((p) => !fs.existsSync(path.join(REPO_ROOT, p)));
  if (missing.length) {
    throw new Error(`missing ${missing.join(", ")}: run \`npm run build\` first`);
  }
}

/**
 * Throw when dist/ is missing or older than a source file of sdk/, provider/ or emulator/ (programs load the
 * package from dist/, so a stale build would test old code). Run `npm run build` to fix.
 */
function assertFreshBuild() {
  assertBuilt();
  const stale = [];
  // sdk/ is in folders (sdk/wire, sdk/client, ...) and provider/ has native/: walk every level.
  const walk = (dir) => {
    const src = path.join(REPO_ROOT, dir);
    if (!fs.existsSync(src)) return;
    for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
      const name = entry.name;
      if (entry.isDirectory()) {
        walk(`${dir}/${name}`);
        continue;
      }
      if (!name.endsWith(".ts") || name.endsWith(".d.ts")) continue;
      const js = path.join(REPO_ROOT, "dist", dir, name.replace(/\.ts$/, ".js"));
      const srcTime = fs.statSync(path.join(src, name)).mtimeMs;
      if (!fs.existsSync(js) || fs.statSync(js).mtimeMs + 1000 < srcTime) stale.push(`${dir}/${name}`);
    }
  };
  for (const dir of ["sdk", "provider", "emulator"]) walk(dir);
  if (stale.length) {
    throw new Error(`dist/ is older than ${stale.slice(0, 5).join(", ")}${stale.length > 5 ? ", ..." : ""}: run \`npm run build\` first`);
  }
}

/** Call `onLine` for each complete line of a stream (and the trailing partial line at the end). */
function lineSplitter(stream, onLine) {
  let buf = "";
  stream.setEncoding("utf8");
  stream.on("data", (d) => {
    buf += d;
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      onLine(buf.slice(0, i).replace(/\r$/, ""));
      buf = buf.slice(i + 1);
    }
  });
  stream.on("end", () => {
    if (buf) onLine(buf);
    buf = "";
  });
}

/**
 * Run a command; resolves (never rejects for a non-zero exit) with {code, signal, stdout, stderr, output,
 * durationMs}. `output` interleaves both streams in arrival order. `onLine(line, stream)` sees each line as it
 * comes (for streaming to a terminal). `timeoutMs` kills the process group.
 */
function run(command, args, { cwd, env, input, onLine, timeoutMs } = {}) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["pipe", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    let output = "";
    let timer;
    let timedOut = false;
    if (timeoutMs) {
      timer = setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          /* already gone */
        }
      }, timeoutMs);
    }
    lineSplitter(child.stdout, (line) => {
      stdout += `${line}\n`;
      output += `${line}\n`;
      if (onLine) onLine(line, "stdout");
    });
    lineSplitter(child.stderr, (line) => {
      stderr += `${line}\n`;
      output += `${line}\n`;
      if (onLine) onLine(line, "stderr");
    });
    child.on("error", (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      if (timedOut) output += `\n[killed after ${timeoutMs} ms]\n`;
      resolve({ code: code === null ? -1 : code, signal, stdout, stderr, output, durationMs: Date.now() - started, timedOut });
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/** A fresh temp directory (the caller removes it). */
function makeTempDir(prefix = "pulumi-dts-objects-") {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Synchronous `pulumi version` for a bin dir (diagnostics). */
function pulumiVersion(binDir) {
  const r = spawnSync(path.join(binDir, "pulumi"), ["version"], { encoding: "utf8" });
  return (r.stdout || "").trim();
}

module.exports = {
  REPO_ROOT,
  PULUMI_VERSION,
  ensurePulumi,
  pulumiEnv,
  linkProgramDeps,
  symlinkForce,
  assertBuilt,
  assertFreshBuild,
  lineSplitter,
  run,
  makeTempDir,
  pulumiVersion,
};
