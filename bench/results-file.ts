/** The shape of bench/results.json and the benchmark names: read by main.ts (which writes it) and report.ts. */
import type { BenchSection } from "./util";

export const BENCHMARKS = [
  "detection",
  "pagination",
  "throughput",
  "provider",
  "emulator",
  "longwait",
  "estimate",
  "plugin",
  "dtsjob",
  "initialization",
] as const;
export type BenchName = (typeof BENCHMARKS)[number];

export interface ResultsFile {
  format: 1;
  /** Machine and date of the last run that wrote this file. */
  machine: Record<string, unknown>;
  date: string;
  sections: Partial<Record<BenchName, BenchSection & { machine: Record<string, unknown> }>>;
}
