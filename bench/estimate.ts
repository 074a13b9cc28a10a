/**
 * Accuracy of the finish estimate (`sdk/waiting/estimate.ts`) on emulated histories of data initialization, beside a
 * naive linear extrapolation from the start of the phase (`left = elapsed * (100 - p) / p`).
 *
 * Each history is a true progress curve over a phase of 1 to 72 hours, sampled by polls at irregular intervals
 * (uniform in [0.5, 1.5] x duration / 400, about what the waiter's idle sleeps give on a long phase) and reported
 * as DTS does, floored to a whole percent. At the first poll whose percent reaches 20, 50 and 80, the relative error
 * of the time left is `|estimated left - true left| / true left`. Shapes:
 *
 * - `linear`: constant rate with +-15 % noise per percent;
 * - `slow start`: the rate ramps from 20 % to 100 % of its final value over the first 20 % of the percents;
 * - `stall then resume`: no progress for 15 % of the duration at a percent in [30, 40], then the rate as before;
 * - `speeds up`: the rate is multiplied by 2 to 3 at a percent in [30, 45].
 *
 * No timing of this machine is involved: the figures depend only on the seed.
 */
import { estimateFinishMs, INITIAL_ESTIMATE, observeProgress } from "../sdk/waiting/estimate";
import { fmt, prng, type BenchSection, type Figure, type Table } from "./util";

export interface EstimateBenchOptions {
  /** Histories per shape. @default 400 */
  runs?: number;
  seed?: number;
}

const SHAPES = ["linear", "slow start", "stall then resume", "speeds up"] as const;
type Shape = (typeof SHAPES)[number];
const CHECKPOINTS = [20, 50, 80] as const;

/** Time (ms from the phase start) at which each whole percent 0..100 is reached. */
function curve(shape: Shape, random: () => number): number[] {
  const hours = 1 + random() * 71;
  // Relative time each percent takes, then scaled to the duration.
  const cost: number[] = [];
  const stallAt = 30 + Math.floor(random() * 11);
  const speedAt = 30 + Math.floor(random() * 16);
  const factor = 2 + random();
  for (let k = 0; k < 100; k++) {
    let c = 1 + (random() - 0.5) * 0.3;
    if (shape === "slow start" && k < 20) c /= 0.2 + 0.8 * (k / 20);
    if (shape === "speeds up" && k >= speedAt) c /= factor;
    cost.push(c);
  }
  const total = cost.reduce((a, b) => a + b, 0);
  const stall = shape === "stall then resume" ? 0.15 * total : 0;
  const scale = (hours * 3_600_000) / (total + stall);
  const at = [0];
  for (let k = 0; k < 100; k++) at.push(at[k]! + (cost[k]! + (k === stallAt ? stall : 0)) * scale);
  return at;
}

/** Floored percent at time t on the curve. */
function percentAt(at: number[], t: number): number {
  let k = 0;
  while (k < 100 && at[k + 1]! <= t) k++;
  return k;
}

interface Sample {
  ours?: number;
  naive: number;
}

/** Estimates made over all polls, and those at or before the poll's time (must stay 0). */
const pastCount = { estimates: 0, past: 0 };

function runHistory(shape: Shape, random: () => number): Map<number, Sample> {
  const at = curve(shape, random);
  const end = at[100]!;
  const step = end / 400;
  let state = INITIAL_ESTIMATE;
  const out = new Map<number, Sample>();
  let pastChecks = 0;
  for (let t = random() * step; t < end && pastChecks < CHECKPOINTS.length; t += step * (0.5 + random())) {
    const p = percentAt(at, t);
    state = observeProgress(state, { timeMs: t, percent: p });
    const any = estimateFinishMs(state, t);
    if (any !== undefined) {
      pastCount.estimates++;
      if (any <= t) pastCount.past++;
    }
    const check = CHECKPOINTS[pastChecks]!;
    if (p < check) continue;
    const trueLeft = end - t;
    const finish = estimateFinishMs(state, t);
    const naiveLeft = p > 0 ? (t * (100 - p)) / p : Number.POSITIVE_INFINITY;
    out.set(check, {
      ...(finish !== undefined ? { ours: Math.abs(finish - t - trueLeft) / trueLeft } : {}),
      naive: Math.abs(naiveLeft - trueLeft) / trueLeft,
    });
    pastChecks++;
    while (pastChecks < CHECKPOINTS.length && p >= CHECKPOINTS[pastChecks]!) {
      out.set(CHECKPOINTS[pastChecks]!, out.get(check)!);
      pastChecks++;
    }
  }
  return out;
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

const pct = (v: number): string => (Number.isNaN(v) ? "-" : `${fmt(v * 100)} %`);

export async function runEstimateBench(options: EstimateBenchOptions = {}): Promise<BenchSection> {
  const runs = options.runs ?? 400;
  const seed = options.seed ?? 22;
  const random = prng(seed);
  const table: Table = {
    title: "Relative error of the time left (median / p90), ours vs naive linear extrapolation",
    header: ["history", "progress", "ours median", "ours p90", "naive median", "naive p90", "ours: no estimate"],
    rows: [],
  };
  const figures: Figure[] = [];
  const notes: string[] = [];
  const all = new Map<number, { ours: number[]; naive: number[] }>();
  pastCount.estimates = 0;
  pastCount.past = 0;
  for (const shape of SHAPES) {
    const by = new Map<number, { ours: number[]; naive: number[]; missing: number }>();
    for (const c of CHECKPOINTS) by.set(c, { ours: [], naive: [], missing: 0 });
    for (let r = 0; r < runs; r++) {
      for (const [c, s] of runHistory(shape, random)) {
        const b = by.get(c)!;
        if (s.ours === undefined) b.missing++;
        else b.ours.push(s.ours);
        b.naive.push(s.naive);
        const a = all.get(c) ?? { ours: [], naive: [] };
        if (s.ours !== undefined) a.ours.push(s.ours);
        a.naive.push(s.naive);
        all.set(c, a);
      }
    }
    for (const c of CHECKPOINTS) {
      const b = by.get(c)!;
      table.rows.push([
        shape,
        `${c} %`,
        pct(quantile(b.ours, 0.5)),
        pct(quantile(b.ours, 0.9)),
        pct(quantile(b.naive, 0.5)),
        pct(quantile(b.naive, 0.9)),
        String(b.missing),
      ]);
      const id = `estimate.${shape.replace(/ /g, "-")}.p90@${c}`;
      figures.push({ id, value: quantile(b.ours, 0.9) * 100, unit: "%", better: "lower", kind: "error" });
      if (c >= 50) {
        const p90 = quantile(b.ours, 0.9);
        notes.push(
          `${shape} at ${c} %: p90 ${pct(p90)} ${p90 < 0.15 ? "meets" : "MISSES"} the goal (p90 under 15 % from 50 % on); naive p90 ${pct(quantile(b.naive, 0.9))}.`,
        );
      }
    }
  }
  notes.push(`Estimates in the past while the phase ran: ${pastCount.past} of ${pastCount.estimates} (every poll of every history up to 80 %).`);
  figures.push({ id: "estimate.past", value: pastCount.past, unit: "estimates", better: "lower", kind: "calls" });
  for (const c of CHECKPOINTS) {
    const a = all.get(c)!;
    table.rows.push([
      "all shapes",
      `${c} %`,
      pct(quantile(a.ours, 0.5)),
      pct(quantile(a.ours, 0.9)),
      pct(quantile(a.naive, 0.5)),
      pct(quantile(a.naive, 0.9)),
      "",
    ]);
  }
  return {
    name: "estimate",
    title: "Finish estimate: error of the time left on emulated histories",
    date: new Date().toISOString(),
    settings: { runs, seed, pollsPerPhase: "~400 (interval uniform in [0.5, 1.5] x duration/400)", durations: "1..72 h", percents: "floored" },
    tables: [table],
    notes,
    figures,
    data: {},
  };
}
