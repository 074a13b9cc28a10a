/**
 * The reference implementation of the waiter's schedule: the straightforward algorithm that recomputes everything
 * from the whole history on every decision (what `sdk/waiting/schedule.ts` did before the incremental `ProgressState`), plus
 * the idle-sleep rule written the same way. O(n) to O(n^2) per decision: for tests only. The property test
 * (tests/sdk/schedule-property.test.ts) requires the SDK's incremental schedule to decide exactly as this does.
 */
import type { Random, SynchronizationObjectModifyStatus } from "../../sdk/types";
import {
  IDLE_FRACTION,
  IDLE_MIN_REMAINING_SECONDS,
  MAX_PROGRESS_MISSES,
  PROGRESS_JITTER_SECONDS,
  PROGRESS_MARGIN_SECONDS,
  STALL_FACTOR,
  DEFAULT_MAX_IDLE_DELAY_SECONDS,
  waiterDelaySeconds,
  type PollRecord,
  type ScheduleDecision,
} from "../../sdk/waiting/schedule";

interface Point {
  t: number;
  /** Reported percent; -1 for the anchor ("not started": true progress <= 0). */
  p: number;
}

/** True when data initialization is the phase running (the earlier phases `Finished`, data neither done nor failed). */
function inDataPhase(s: SynchronizationObjectModifyStatus): boolean {
  return (
    s.precheck.status === "Finished" &&
    s.structureInitialization.status === "Finished" &&
    s.dataInitialization.status !== "Finished" &&
    s.dataInitialization.status !== "Failed" &&
    s.dataInitialization.status !== "NotStarted"
  );
}

/** The data-phase points of the current run of the phase (after the last reset), and the "not started" anchor. */
function runOf(history: readonly PollRecord[]): { points: Point[]; anchor?: Point } {
  let points: Point[] = [];
  let anchor: Point | undefined;
  for (const { timeMs, status } of history) {
    if (!status) continue;
    const d = status.dataInitialization;
    if (!inDataPhase(status)) {
      points = [];
      anchor = d.status === "NotStarted" ? { t: timeMs, p: -1 } : undefined;
      continue;
    }
    const p = d.percent;
    if (typeof p !== "number" || !Number.isFinite(p) || p < 0 || p > 100) {
      points = [];
      anchor = undefined;
      continue;
    }
    const last = points[points.length - 1];
    if (last && p < last.p) {
      points = [];
      anchor = undefined;
    }
    points.push({ t: timeMs, p });
  }
  return { points, anchor };
}

function dataPoints(history: readonly PollRecord[]): Point[] {
  const { points, anchor } = runOf(history);
  return anchor && points.length ? [anchor, ...points] : points;
}

/** The slowest linear rate consistent with the run (percent per ms), 0 when there is none. */
function rateOf(points: Point[]): number {
  if (points.length < 2) return 0;
  const last = points[points.length - 1]!;
  let rate = 0;
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i]!;
    const dt = last.t - a.t;
    if (dt <= 0) continue;
    const r = (last.p - a.p - 1) / dt;
    if (r > rate) rate = r;
  }
  return rate;
}

export function referenceEstimateDataEndMs(history: readonly PollRecord[]): number | undefined {
  const points = dataPoints(history);
  const rate = rateOf(points);
  if (!(rate > 0)) return undefined;
  const last = points[points.length - 1]!;
  return last.t + (100 - last.p) / rate;
}

export function referenceCountProgressMisses(history: readonly PollRecord[]): number {
  let misses = 0;
  for (let k = 1; k < history.length; k++) {
    const record = history[k]!;
    if (!record.status) continue;
    if (!inDataPhase(record.status)) {
      misses = 0;
      continue;
    }
    const end = referenceEstimateDataEndMs(history.slice(0, k));
    if (end !== undefined && record.timeMs >= end + PROGRESS_MARGIN_SECONDS * 1000) misses++;
  }
  return misses;
}

/** The idle sleep the history allows at `now`, seconds, or undefined. */
export function referenceIdleDelaySeconds(history: readonly PollRecord[], now: number, cap: number): number | undefined {
  const lastRecord = history[history.length - 1];
  if (!lastRecord?.status || !inDataPhase(lastRecord.status)) return undefined;
  const { points } = runOf(history);
  const last = points[points.length - 1];
  if (!last || last.t !== lastRecord.timeMs || last.p !== lastRecord.status.dataInitialization.percent) return undefined;
  const rate = rateOf(dataPoints(history));
  if (!(rate > 0)) return undefined;
  // The points where the percent rose (the first point counts as one).
  const moves = points.filter((pt, i) => i === 0 || pt.p > points[i - 1]!.p);
  if (moves.length < 2) return undefined;
  const a = moves[moves.length - 2]!;
  const b = moves[moves.length - 1]!;
  const pace = (b.t - a.t) / (b.p - a.p);
  if (last.t - b.t > STALL_FACTOR * pace) return undefined;
  const remaining = (last.t + Math.max(0, 99 - last.p) / rate - now) / 1000;
  if (!(remaining >= IDLE_MIN_REMAINING_SECONDS)) return undefined;
  return Math.min(cap, IDLE_FRACTION * remaining);
}

/** The reference decision, from the whole history. */
export function referenceNextDelaySeconds(input: {
  attempt: number;
  minDelaySeconds: number;
  maxDelaySeconds: number;
  random: Random;
  history: readonly PollRecord[];
  nowMs?: number;
  progressAware?: boolean;
  maxIdleDelaySeconds?: number;
}): ScheduleDecision {
  const { attempt, minDelaySeconds: min, maxDelaySeconds: max, random, history } = input;
  const backoff = waiterDelaySeconds(attempt, min, max, random);
  if (input.progressAware === false || history.length === 0) return { delaySeconds: backoff, source: "backoff" };
  const last = history[history.length - 1]!;
  const now = input.nowMs ?? last.timeMs;
  const estimatedEndMs = referenceEstimateDataEndMs(history);
  if (estimatedEndMs === undefined) return { delaySeconds: backoff, source: "backoff" };
  const cap = input.maxIdleDelaySeconds ?? DEFAULT_MAX_IDLE_DELAY_SECONDS;
  if (cap > max) {
    const idle = referenceIdleDelaySeconds(history, now, cap);
    if (idle !== undefined && idle > max) return { delaySeconds: idle, source: "idle", estimatedEndMs };
  }
  if (referenceCountProgressMisses(history) >= MAX_PROGRESS_MISSES) return { delaySeconds: backoff, source: "backoff", estimatedEndMs };
  const untilEnd = (estimatedEndMs - now) / 1000 + PROGRESS_MARGIN_SECONDS;
  if (untilEnd >= backoff) return { delaySeconds: backoff, source: "backoff", estimatedEndMs };
  const jittered = untilEnd + random() * PROGRESS_JITTER_SECONDS;
  return { delaySeconds: Math.max(min, Math.min(backoff, jittered)), source: "progress", estimatedEndMs };
}
