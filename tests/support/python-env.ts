/**
 * The Python pieces of the native-provider tests: scripts/ensure-python (pulumi-language-python v3.79.0 built from
 * Go modules + a virtualenv with pulumi, mypy and alibabacloud-dts20200101, all in the cache outside the repo), and
 * the generated Python SDK (scripts/gen-sdk/run -> sdks/python) installed into that virtualenv with pip.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "./pulumi-project";

/** A cold build of the language host plus the pip installs, on 2 busy cores. */
export const ENSURE_PYTHON_TIMEOUT_MS = 20 * 60 * 1000;

export function runCommand(
  command: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ code: number | null; output: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let stdout = "";
    child.stdout.on("data", (d) => {
      output += d;
      stdout += d;
    });
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output, stdout }));
  });
}

export interface PythonEnv {
  /** The bin dir holding pulumi-language-python and pulumi-language-python-exec. */
  hostBin: string;
  /** The virtualenv directory. */
  venv: string;
  python: string;
}

/** Runs scripts/ensure-python; rejects (never skips) when the host or the virtualenv cannot be provisioned. */
export async function ensurePython(): Promise<PythonEnv> {
  const r = await runCommand("bash", [path.join(REPO_ROOT, "scripts", "ensure-python")], { cwd: REPO_ROOT });
  const [hostBin, venv] = r.stdout.trim().split("\n").slice(-2);
  if (r.code !== 0 || !hostBin || !venv) throw new Error(`scripts/ensure-python failed (exit ${r.code}):\n${r.output}`);
  return { hostBin, venv, python: path.join(venv, "bin", "python") };
}

/** Generates the SDKs (scripts/gen-sdk/run) and pip-installs sdks/python into the virtualenv (replacing any older one). */
export async function installGeneratedSdk(env: PythonEnv): Promise<void> {
  const gen = await runCommand("bash", [path.join(REPO_ROOT, "scripts", "gen-sdk", "run")], { cwd: REPO_ROOT });
  if (gen.code !== 0) throw new Error(`scripts/gen-sdk/run failed (exit ${gen.code}):\n${gen.output}`);
  // Test files run in parallel jest workers sharing this virtualenv (and other checkouts share it too): one install
  // at a time, and none when the venv's installed pulumi_dts already has this SDK's very modules (compared file by
  // file: a marker could lie once another checkout installed its own SDK). A reinstall under a running program would
  // break its imports.
  const sdk = path.join(REPO_ROOT, "sdks", "python");
  const script = [
    'digest() { (cd "$1" 2>/dev/null && find . -type f -name "*.py" -not -path "*__pycache__*" -print0 | sort -z | xargs -0 -r sha256sum | sha256sum) || echo none; }',
    'installed="$("$3" -c "import os, pulumi_dts; print(os.path.dirname(pulumi_dts.__file__))" 2>/dev/null)"',
    '[ -n "$installed" ] && [ "$(digest "$1/pulumi_dts")" = "$(digest "$installed")" ] && exit 0',
    '"$3" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall "$1"',
  ].join("\n");
  const pip = await runCommand("flock", [path.join(env.venv, ".dts-sdk-lock"), "bash", "-c", script, "install-sdk", sdk, env.venv, env.python], {
    cwd: REPO_ROOT,
  });
  if (pip.code !== 0) throw new Error(`pip install sdks/python failed (exit ${pip.code}):\n${pip.output}`);
}
