/**
 * Helpers for the CLI tests: build `dist/` when it is missing or older than the sources, run the BUILT command
 * (`node dist/cli/index.js`) as a subprocess with a clean environment, and a few parsers.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const CLI = join(ROOT, "dist", "cli", "index.js");
const SOURCE_DIRS = ["cli", "sdk", "emulator"];

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** True when some source has no compiled file or a newer mtime than it. */
export function distIsStale(): boolean {
  for (const dir of SOURCE_DIRS) {
    for (const src of sources(join(ROOT, dir))) {
      const out = join(ROOT, "dist", relative(ROOT, src)).replace(/\.ts$/, ".js");
      if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs) return true;
    }
  }
  return false;
}

/**
 * Builds with `tsc -p tsconfig.build.json` when dist is missing or stale. A lock directory keeps two test workers
 * from compiling into dist at the same time. Type errors elsewhere in the tree do not stop tsc from emitting, so the
 * build counts as usable when dist/cli/index.js is fresh afterwards.
 */
export function ensureBuilt(): void {
  if (!distIsStale()) return;
  const lock = join(tmpdir(), "pulumi-dts-objects-cli-build.lock");
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another worker builds; a lock older than 2 minutes is stale.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() > deadline) throw new Error("timed out waiting for the build lock");
      spawnSync("sleep", ["0.2"]);
    }
  }
  try {
    if (!distIsStale()) return;
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: ROOT, encoding: "utf8" });
    if (!existsSync(CLI)) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
    if (r.status !== 0) process.stderr.write(`warning: tsc reported errors (dist was still written):\n${r.stdout.slice(0, 2000)}\n`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const tempDirs: string[] = [];

/** A HOME with no credentials files, so the chain finds nothing ambient (removed by {@link removeTempDirs}). */
export function emptyHome(): string {
  const dir = mkdtempSync(join(tmpdir(), "dts-cli-home-"));
  tempDirs.push(dir);
  return dir;
}

/** Removes every directory {@link emptyHome} made in this test file (call in afterAll). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A clean environment for the command: nothing inherited but PATH; CI mode unless told otherwise. */
export function cliEnv(extra: Record<string, string | undefined> = {}, home = emptyHome()): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    LANG: "C.UTF-8",
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
    CI: "true",
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built command; resolves when it exits (killed after `timeoutMs`). */
export function runCli(
  args: string[],
  options: { env: Record<string, string>; timeoutMs?: number; onStart?: (child: ChildProcess) => void; cwd?: string },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: options.env, cwd: options.cwd ?? ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 45_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    options.onStart?.(child);
  });
}

/** Resolves once `text` appears in the child's stderr (rejects after `timeoutMs`). */
export function waitForStderr(child: ChildProcess, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`stderr never matched ${pattern}; got:\n${seen}`)), timeoutMs);
    child.stderr!.on("data", (d: Buffer | string) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
}

/** A local port nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** A strict RFC 4180 parser (quoted fields, doubled quotes, newlines inside quotes), to check the CSV round-trips. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") {
      quoted = true;
      i++;
    } else if (c === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else if (c === '"') {
      throw new Error(`stray quote at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Quotes one argument for `sh -c` (used with `script -c`). */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
