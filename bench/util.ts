/**
 * Shared pieces of the benchmarks: scaled time, a seeded PRNG and bounded concurrency (re-exported from
 * tests/support/sim.ts, shared with the fault-injection suite), summary statistics, text/markdown tables and the
 * shape of a benchmark's result.
 */
import { cpus, freemem, loadavg, totalmem } from "node:os";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

export { mapLimit, prng, scaledTime } from "../tests/support/sim";

/** One figure that `compare.js` checks against the committed results. */
export interface Figure {
  /** Stable id, e.g. `detection.ours.calls@90s`. */
  id: string;
  value: number;
  unit: string;
  /** Which direction is better. */
  better: "lower" | "higher";
  /** Selects the allowed regression ratio in compare.js (see RATIOS there). */
  kind: "latency" | "calls" | "wall" | "bytes" | "memory" | "coldstart" | "throughput" | "error" | "cpu";
}

/** A table: header row + rows of cells (already formatted). */
export interface Table {
  title: string;
  header: string[];
  rows: string[][];
}

/** What each benchmark returns. */
export interface BenchSection {
  name: string;
  title: string;
  /** When it ran (ISO). */
  date: string;
  /** Settings worth recording (time scale, repetitions, ...). */
  settings: Record<string, unknown>;
  tables: Table[];
  /** Findings in one line each (targets met or missed, ratios). */
  notes: string[];
  figures: Figure[];
  /** Raw measurements. */
  data: unknown;
}

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  max: number;
  min: number;
}

/** Mean, median, p90, min, max. */
export function summarize(values: number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))]! : NaN);
  return {
    n: s.length,
    mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN,
    p50: q(0.5),
    p90: q(0.9),
    min: s[0] ?? NaN,
    max: s[s.length - 1] ?? NaN,
  };
}

export function median(values: number[]): number {
  return summarize(values).p50;
}

/** Fixed decimals, trailing zeros kept (tables line up). */
export function fmt(value: number, decimals = 1): string {
  return Number.isFinite(value) ? value.toFixed(decimals) : "-";
}

/** `0.43x` style ratio. */
export function ratio(a: number, b: number, decimals = 2): string {
  return b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(decimals)}x` : "-";
}

/** A plain-text table for the console. */
export function textTable(t: Table): string {
  const widths = t.header.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [t.title, line(t.header), widths.map((w) => "-".repeat(w)).join("  "), ...t.rows.map(line)].join("\n");
}

/** A GitHub-flavoured markdown table. */
export function markdownTable(t: Table): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  return [
    `**${t.title}**`,
    "",
    `| ${t.header.map(esc).join(" | ")} |`,
    `| ${t.header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
    ...t.rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}

/** The machine, for the record. */
export function machineInfo(): Record<string, unknown> {
  const cpu = cpus();
  return {
    nproc: cpu.length,
    cpuModel: cpu[0]?.model ?? "unknown",
    memTotalMiB: Math.round(totalmem() / 2 ** 20),
    memFreeMiB: Math.round(freemem() / 2 ** 20),
    loadavg1: Number(loadavg()[0]!.toFixed(2)),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** Resolves after `ms` real milliseconds. */
export function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What the emulator bin prints with `--json` (the fields the benchmarks use). */
export interface EmulatorChildInfo {
  url: string;
  accessKeyId: string;
  accessKeySecret: string;
  demoJobId: string;
}

/**
 * The emulator bin in a child process (`--json --quiet` plus `args`), so this process's CPU is the client's only:
 * resolves once it printed its startup line; `stop` ends it (SIGTERM) and waits for the exit.
 */
export async function spawnEmulatorChild(args: readonly string[]): Promise<{ info: EmulatorChildInfo; stop: () => Promise<void> }> {
  const root = join(__dirname, "..");
  const child: ChildProcess = spawn(process.execPath, ["-r", join(__dirname, "register.js"), join(root, "emulator", "bin.ts"), "--json", "--quiet", ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const info = await new Promise<EmulatorChildInfo>((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => reject(new Error("emulator child did not start within 60 s")), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const line = buffered.split("\n").find((l) => l.trim().startsWith("{"));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
    child.once("exit", (code) => reject(new Error(`emulator child exited with ${code}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { info, stop };
}
