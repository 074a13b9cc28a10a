/**
 * The host loads the provider from `dist/` (by package name), so these tests need a build no older than the
 * sources. `npm test` builds first; when a test file runs alone, {@link ensureBuilt} builds if `dist` is stale
 * (one build at a time across jest workers, via a lock directory).
 */
import { execFile } from "node:child_process";
import { existsSync, promises as fs, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./host-client";

const SOURCE_DIRS = ["sdk", "provider"];

async function listTs(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listTs(full)));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

/** Source files whose compiled file is missing or older. */
export async function staleSources(): Promise<string[]> {
  const stale: string[] = [];
  for (const dir of SOURCE_DIRS) {
    for (const src of await listTs(path.join(REPO_ROOT, dir))) {
      const js = path.join(REPO_ROOT, "dist", path.relative(REPO_ROOT, src)).replace(/\.ts$/, ".js");
      if (!existsSync(js) || statSync(js).mtimeMs < statSync(src).mtimeMs) stale.push(path.relative(REPO_ROOT, src));
    }
  }
  return stale;
}

function run(cmd: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** Builds `dist/` with `tsc -p tsconfig.build.json` when a provider or SDK source is newer than its output. */
export async function ensureBuilt(): Promise<void> {
  if ((await staleSources()).length === 0) return;
  const lock = path.join(os.tmpdir(), `pulumi-dts-objects-build-${Buffer.from(REPO_ROOT).toString("hex").slice(-24)}.lock`);
  const started = Date.now();
  for (;;) {
    try {
      await fs.mkdir(lock);
      break;
    } catch {
      // Another worker builds; a lock older than 5 minutes is left over from a killed run.
      const age = Date.now() - (await fs.stat(lock).then((s) => s.mtimeMs, () => Date.now()));
      if (age > 300_000) await fs.rm(lock, { recursive: true, force: true });
      if (Date.now() - started > 300_000) throw new Error(`waited 5 minutes for the build lock ${lock}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    const stale = await staleSources();
    if (stale.length === 0) return;
    const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
    const { output } = await run(process.execPath, [tsc, "-p", "tsconfig.build.json"]);
    // tsc emits despite type errors elsewhere in the tree (parts are written in parallel); what matters is that
    // the provider and SDK outputs are now fresh.
    const still = await staleSources();
    if (still.length > 0) throw new Error(`npm run build left stale outputs for ${still.join(", ")}:\n${output}`);
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}
