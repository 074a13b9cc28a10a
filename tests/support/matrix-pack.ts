/**
 * The tarball users get: `npm pack` run (with its lifecycle scripts) in a clean copy of this checkout, i.e. the
 * files git tracks or would add, without `dist/` and without build output, so `prepack` must build `dist/` itself.
 * `node_modules` is a link to this checkout's (the build needs TypeScript and the type packages).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT, run } from "../../scripts/pulumi-env";

/** Files of the checkout as a clean clone (plus uncommitted, not ignored files) would have them. */
export function sourceFiles(): string[] {
  const r = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  if (r.error || r.status !== 0) {
    throw new Error(
      `git ls-files failed in ${REPO_ROOT} (${r.error?.message ?? `exit ${r.status}: ${r.stderr}`}): ` +
        "the package tests copy the checkout's files, so they need git and a git checkout",
    );
  }
  return (
    r.stdout
      .split("\0")
      .filter(Boolean)
      // A worktree whose node_modules is a link to a shared one: git ignores `node_modules/` (a directory) only, so
      // it lists the link as an untracked file. It is not a source (the copy gets its own link, below).
      .filter((f) => f !== "node_modules")
      .filter((f) => fs.existsSync(path.join(REPO_ROOT, f)))
  );
}

/** Copy the checkout's source files into `dest` (no dist/, no node_modules). */
export function copySources(dest: string): void {
  for (const rel of sourceFiles()) {
    const to = path.join(dest, rel);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, rel), to);
  }
}

export interface Packed {
  /** Absolute path of the .tgz. */
  tarball: string;
  /** The paths inside the package, as `npm pack --json` lists them. */
  files: string[];
  /** What the lifecycle scripts printed. */
  output: string;
}

/**
 * `npm pack` with lifecycle scripts in a clean copy; the tarball is copied into `workDir`. Several files pack the
 * same sources in one run (in parallel jest workers): the first packs under a lock, keyed by the sources' content,
 * and the others reuse its tarball and its `npm pack` report (a changed source file packs again).
 */
export async function packCleanCopy(workDir: string): Promise<Packed> {
  const cache = path.join(os.tmpdir(), `pulumi-dts-packed-${process.getuid?.() ?? "u"}`, sourcesKey());
  const meta = path.join(cache, "packed.json");
  await withDirLock(`${cache}.lock`, async () => {
    if (fs.existsSync(meta)) return;
    const staging = `${cache}.tmp-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    const packed = await packInto(staging);
    fs.writeFileSync(path.join(staging, "packed.json"), JSON.stringify({ ...packed, tarball: path.basename(packed.tarball) }));
    fs.rmSync(path.join(staging, "clean-copy"), { recursive: true, force: true });
    fs.rmSync(cache, { recursive: true, force: true });
    fs.renameSync(staging, cache);
  });
  const saved = JSON.parse(fs.readFileSync(meta, "utf8")) as Packed;
  const tarball = path.join(workDir, saved.tarball);
  fs.copyFileSync(path.join(cache, saved.tarball), tarball);
  return { ...saved, tarball };
}

/** A digest of every source file's path and content. */
function sourcesKey(): string {
  const hash = createHash("sha256");
  for (const rel of sourceFiles().sort()) {
    hash.update(`${rel}\0`);
    hash.update(fs.readFileSync(path.join(REPO_ROOT, rel)));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/** Runs `fn` while holding `lockDir` (mkdir is atomic); a lock whose holder process is gone is taken over. */
async function withDirLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, "pid"), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      if (!holderAlive(lockDir)) fs.rmSync(lockDir, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function holderAlive(lockDir: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(lockDir, "pid"), "utf8"));
  } catch {
    return true; // just created, its pid not written yet
  }
  if (!pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `npm pack` with lifecycle scripts in a clean copy under `workDir`; the tarball lands in `workDir`. */
async function packInto(workDir: string): Promise<Packed> {
  const copy = path.join(workDir, "clean-copy");
  copySources(copy);
  if (fs.existsSync(path.join(copy, "dist"))) throw new Error("the clean copy has a dist/ (is dist/ tracked by git?)");
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
  const r = await run("npm", ["pack", "--json", "--pack-destination", workDir], {
    cwd: copy,
    // Not the `npm_*` variables of the `npm test` running this (they name this checkout, its Node and its config).
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))), npm_config_update_notifier: "false" },
    timeoutMs: 300_000,
  });
  if (r.code !== 0) throw new Error(`npm pack in a clean copy failed (exit ${r.code}):\n${r.output.slice(-4000)}`);
  const json = JSON.parse(r.stdout.slice(r.stdout.indexOf("[")));
  const tarball = path.join(workDir, json[0].filename as string);
  if (!fs.existsSync(tarball)) throw new Error(`npm pack reported ${tarball}, which does not exist`);
  return { tarball, files: (json[0].files as { path: string }[]).map((f) => f.path).sort(), output: r.stderr };
}
