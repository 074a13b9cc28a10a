/**
 * Tests that run compiled code (the dynamic-provider host loads the provider from `dist/` by package name; the CLI
 * tests run `dist/cli/index.js`) need a build no older than the sources. `npm test` builds first; when a test file
 * runs alone, {@link ensureBuilt} builds if `dist` is stale, one build at a time across jest workers (a lock
 * directory).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");
/** The source folders `tsconfig.build.json` compiles. */
const BUILT_DIRS = ["sdk", "provider", "emulator", "cli"];
const LOCK_STALE_MS = 300_000;

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** Source files (relative to the repo) whose compiled file is missing or older. */
export function staleSources(): string[] {
  const stale: string[] = [];
  for (const dir of BUILT_DIRS) {
    for (const src of sources(join(ROOT, dir))) {
      const out = join(ROOT, "dist", relative(ROOT, src)).replace(/\.ts$/, ".js");
      if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs) stale.push(relative(ROOT, src));
    }
  }
  return stale;
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds with `tsc -p tsconfig.build.json` when `dist` is missing or stale. tsc emits despite type errors elsewhere
 * in the tree, so the build counts when every output is fresh afterwards (errors are then only a warning).
 */
export function ensureBuilt(): void {
  if (staleSources().length === 0) return;
  const lock = join(tmpdir(), `pulumi-dts-objects-build-${Buffer.from(ROOT).toString("hex").slice(-24)}.lock`);
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another worker builds; a lock older than 5 minutes is left over from a killed run.
      try {
        if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* removed meanwhile */
      }
      if (Date.now() - started > LOCK_STALE_MS) throw new Error(`waited 5 minutes for the build lock ${lock}`);
      pause(200);
    }
  }
  try {
    if (staleSources().length === 0) return;
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: ROOT, encoding: "utf8" });
    const still = staleSources();
    if (still.length > 0) throw new Error(`the build left stale outputs for ${still.join(", ")}:\n${r.stdout}\n${r.stderr}`);
    if (r.status !== 0) process.stderr.write(`warning: tsc reported errors (dist was still written):\n${r.stdout.slice(0, 2000)}\n`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
