/**
 * When to poll next: the waiter's scheduling as a pure function of the attempt number, the delays, a random source
 * and the history of replies, so it can be tested with tables of inputs (the loop in `poller.ts` only sleeps what
 * this returns, and keeps the deadline rule).
 *
 * Plain mode is smithy's backoff ({@link waiterDelaySeconds}). Progress-aware mode (the default) also reads
 * `DataInitializationStatus.Percent`: once precheck and structure initialization are `Finished` (data initialization
 * is the last phase, so its end is the end of the task) and two replies show the percent moving, it bounds the
 * remaining time and sleeps until just after the estimated end when that comes before the backoff delay:
 *
 * `delay = max(minDelay, min(backoff, estimatedEnd - now + margin + jitter))`
 *
 * The estimate is deliberately late rather than early (an early poll is a wasted call): a reported percent `p` is
 * read as "true progress in [p, p + 1)" (the service floors it), progress is assumed linear within the phase, and
 * the slowest rate consistent with every pair of replies is used, so under linear progress the estimated end is
 * never before the real one. A reply showing data initialization `NotStarted` anchors the start of the phase. When
 * progress is not linear and a poll made at the estimated end still finds the task running (a "miss"), the estimate
 * is trusted at most {@link MAX_PROGRESS_MISSES} times per phase; after that the plain backoff takes over again.
 */
import type { Random, SynchronizationObjectModifyStatus } from "./types";

/** Seconds added after the estimated end, so the poll lands just after it. */
export const PROGRESS_MARGIN_SECONDS = 0.5;
/** Width of the uniform jitter added to a progress-driven delay, seconds. */
export const PROGRESS_JITTER_SECONDS = 1;
/** Progress-driven polls that may find the task still running before the estimate is no longer used in a phase. */
export const MAX_PROGRESS_MISSES = 2;

/** One poll as the scheduler sees it: when its reply arrived and the reply (absent when the poll failed). */
export interface PollRecord {
  /** Clock time (ms) at which the reply (or the error) arrived. */
  timeMs: number;
  status?: SynchronizationObjectModifyStatus;
}

/** Input of {@link nextDelaySeconds}. */
export interface ScheduleInput {
  /** 1-based number of the poll being scheduled (the backoff's attempt). */
  attempt: number;
  minDelaySeconds: number;
  maxDelaySeconds: number;
  random: Random;
  /** Every poll so far, oldest first. */
  history: readonly PollRecord[];
  /** Clock time (ms) at which the delay starts; the time of the last record by default. */
  nowMs?: number;
  /** @default true */
  progressAware?: boolean;
}

/** What {@link nextDelaySeconds} decided, with the reason (for tests and debugging). */
export interface ScheduleDecision {
  delaySeconds: number;
  /** `backoff`: smithy's delay; `progress`: sleep until just after the estimated end. */
  source: "backoff" | "progress";
  /** Estimated end of data initialization (clock ms), when there is an estimate. */
  estimatedEndMs?: number;
}

/**
 * Delay in seconds before poll `attempt` (1-based), smithy's formula: `maxDelay` once past the ceiling
 * `log2(max/min) + 1`, else a uniform random value in `[min, min(max, min * 2^(attempt-1))]`.
 *
 * @example
 * ```ts
 * waiterDelaySeconds(1, 2, 30, () => 0.5) // 2
 * waiterDelaySeconds(3, 2, 30, () => 1)   // 8
 * ```
 */
export function waiterDelaySeconds(attempt: number, minDelay: number, maxDelay: number, random: Random): number {
  const ceiling = Math.log(maxDelay / minDelay) / Math.log(2) + 1;
  if (attempt > ceiling) return maxDelay;
  const capped = Math.min(maxDelay, minDelay * 2 ** (attempt - 1));
  return minDelay + random() * (capped - minDelay);
}

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

/** The data-phase points of the current run of the phase (after the last reset), with the "not started" anchor. */
function dataPoints(history: readonly PollRecord[]): Point[] {
  let points: Point[] = [];
  let anchor: Point | undefined;
  for (const { timeMs, status } of history) {
    if (!status) continue;
    const d = status.dataInitialization;
    if (!inDataPhase(status)) {
      // Not started yet (or an earlier phase again): only the latest "NotStarted" reply can anchor the start.
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
      // Progress went back: the phase restarted, older points say nothing about this run.
      points = [];
      anchor = undefined;
    }
    points.push({ t: timeMs, p });
  }
  return anchor && points.length ? [anchor, ...points] : points;
}

/**
 * Latest end of data initialization (clock ms) consistent with the replies, under linear progress, or `undefined`
 * when the replies do not show data initialization running and moving.
 *
 * Each pair of points (i, j) bounds the rate from below: `(p_j - p_i - 1) / (t_j - t_i)` (floored percents); the
 * largest such bound is the slowest rate possible, and the end is `t_last + (100 - p_last) / rate`.
 *
 * @example
 * ```ts
 * // 10 % at 0 s, 51 % at 20 s: rate >= 2 %/s, so the end is at most 20 + 49 / 2 = 44.5 s.
 * estimateDataEndMs([{ timeMs: 0, status: at(10) }, { timeMs: 20_000, status: at(51) }]) // 44_500
 * ```
 */
export function estimateDataEndMs(history: readonly PollRecord[]): number | undefined {
  const points = dataPoints(history);
  if (points.length < 2) return undefined;
  const last = points[points.length - 1]!;
  let rate = 0; // percent per ms, lower bound
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i]!;
    const dt = last.t - a.t;
    if (dt <= 0) continue;
    const r = (last.p - a.p - 1) / dt;
    if (r > rate) rate = r;
  }
  if (!(rate > 0)) return undefined;
  return last.t + (100 - last.p) / rate;
}

/** Polls made at or after the end the earlier replies predicted (plus the margin) that still found the phase running. */
export function countProgressMisses(history: readonly PollRecord[]): number {
  let misses = 0;
  for (let k = 1; k < history.length; k++) {
    const record = history[k]!;
    if (!record.status) continue;
    if (!inDataPhase(record.status)) {
      misses = 0;
      continue;
    }
    const end = estimateDataEndMs(history.slice(0, k));
    if (end !== undefined && record.timeMs >= end + PROGRESS_MARGIN_SECONDS * 1000) misses++;
  }
  return misses;
}

/**
 * The waiter's schedule: how long to sleep before poll `attempt`. Pure: the same input gives the same output
 * (`random` is called at most twice: once by the backoff while below its ceiling, once for the jitter of a
 * progress-driven delay).
 *
 * @example
 * ```ts
 * nextDelaySeconds({ attempt: 7, minDelaySeconds: 2, maxDelaySeconds: 30, random: () => 0, history, progressAware: true })
 * // { delaySeconds: 4.5, source: "progress", estimatedEndMs: ... } when the replies put the end 4 s from now
 * ```
 */
export function nextDelaySeconds(input: ScheduleInput): ScheduleDecision {
  const { attempt, minDelaySeconds: min, maxDelaySeconds: max, random, history } = input;
  const backoff = waiterDelaySeconds(attempt, min, max, random);
  if (input.progressAware === false || history.length === 0) return { delaySeconds: backoff, source: "backoff" };
  const last = history[history.length - 1]!;
  const now = input.nowMs ?? last.timeMs;
  const estimatedEndMs = estimateDataEndMs(history);
  if (estimatedEndMs === undefined) return { delaySeconds: backoff, source: "backoff" };
  if (countProgressMisses(history) >= MAX_PROGRESS_MISSES) return { delaySeconds: backoff, source: "backoff", estimatedEndMs };
  const untilEnd = (estimatedEndMs - now) / 1000 + PROGRESS_MARGIN_SECONDS;
  if (untilEnd >= backoff) return { delaySeconds: backoff, source: "backoff", estimatedEndMs };
  const jittered = untilEnd + random() * PROGRESS_JITTER_SECONDS;
  return { delaySeconds: Math.max(min, Math.min(backoff, jittered)), source: "progress", estimatedEndMs };
}
