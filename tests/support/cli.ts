/**
 * Helpers for the CLI tests: build `dist/` when it is missing or older than the sources (tests/support/build.ts), run the BUILT command
 * (`node dist/cli/index.js`) as a subprocess with a clean environment, and a few parsers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const CLI = join(ROOT, "dist", "cli", "index.js");
export { ensureBuilt } from "./build";

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
