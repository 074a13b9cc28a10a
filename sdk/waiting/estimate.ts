/**
 * When will it finish? The one estimator of the package: the status line on the resource's row, the CLI's progress
 * and the `estimatedFinishAt` output all read it. It is separate from the schedule's bound (`progress-state.ts`),
 * which is deliberately late (an early poll is a wasted call); this one aims at the likely end.
 *
 * Model: the phase whose end is estimated (data initialization for a modification task: the last phase, so its end
 * is the task's) reports a whole `Percent` (DTS floors it). The estimator remembers, for each whole percent `k`,
 * when the phase reached it (the midpoint between the reply that still showed less and the first that showed `k`;
 * a jump of several percents between two replies spreads them evenly). The rate comes from the time each of the
 * recent percents took, over a window of `max(MIN_WINDOW_PERCENT, WINDOW_FRACTION * k)` percents below the current
 * one, so a slow start weighs nothing once the window has passed it:
 *
 * - when the newest {@link MIN_WINDOW_PERCENT} percents run at a pace {@link PACE_CHANGE} times faster or slower
 *   than the older ones of the window (a phase that speeds up), only they count;
 * - a percent that took more than {@link OUTLIER_FACTOR} times the median (a stall that is over, the tail of an
 *   older pace) or less than its inverse counts as a median one;
 * - `rate = percents / sum(times)`, `position(now) = k + min(1 - HEADROOM, (now - reached[k]) * rate)`,
 *   `finish = now + (100 - position(now)) / rate`.
 *
 * A stall in the future or a change of pace not seen yet cannot be known: bench/RESULTS.md shows the error at 20 %.
 *
 * - **Never in the past while the phase runs**: the position is capped below the next whole percent (the replies
 *   have not shown it yet), so the time left is at least `HEADROOM / rate` (and at least {@link MIN_LEFT_MS}); a
 *   stall pushes the finish later as the clock runs instead of leaving it behind.
 * - **Nothing until meaningful**: no estimate before the phase was seen to reach {@link MIN_MEASURED_PERCENTS}
 *   whole percents (the time of the first percent seen is unknown: the phase may have been there for long), nor
 *   when the phase is not running. A reply with a lower percent (the phase restarted) starts over.
 * - **Pure and constant per reply**: the state is a fixed-size value (101 times at most, whatever the length of the
 *   wait); {@link observeProgress} returns a new state, {@link estimateFinishMs} reads one at a given clock time.
 *
 * Accuracy on emulated histories (linear, slow start, stall then resume, a phase that speeds up), beside a naive
 * linear extrapolation: bench/estimate.ts, figures in bench/RESULTS.md.
 *
 * Interface for other waiters (e.g. a job acceptor): feed one {@link ProgressPoint} per reply (time, and the
 * percent of the last phase while it runs, `undefined` when it does not), ask {@link estimateFinishMs} with the
 * clock; a failed poll is simply not fed.
 */
import type { SynchronizationObjectModifyStatus } from "../types";
import { inDataPhase } from "./progress-state";

/** The rate is measured over at least this many whole percents below the current one (when seen). */
export const MIN_WINDOW_PERCENT = 5;
/** ... and over this fraction of the percent reached, when larger (a longer window smooths the floored percents). */
export const WINDOW_FRACTION = 0.25;
/** Whole percents the phase must be seen to reach (each one timed) before there is an estimate: a rate over 2 percents at least. */
export const MIN_MEASURED_PERCENTS = 3;
/** The position now is kept this far (in percent) below the next whole percent, which no reply has shown yet. */
export const HEADROOM_PERCENT = 0.05;
/** Least time left while the phase runs, ms. */
export const MIN_LEFT_MS = 1000;

/** One reply as the estimator sees it. */
export interface ProgressPoint {
  /** Clock time (ms) of the reply. */
  timeMs: number;
  /** Percent (0..100) of the phase whose end is estimated, while it runs; `undefined` when it is not running. */
  percent: number | undefined;
}

/** The estimator's state: a small immutable value (at most 101 numbers). Start from {@link INITIAL_ESTIMATE}. */
export interface EstimateState {
  /** `reached[k]`: clock ms at which whole percent `k` was reached, `NaN` when not timed. Empty when not running. */
  readonly reached: readonly number[];
  /** Whole percent of the latest reply, -1 when the phase is not running. */
  readonly percent: number;
  /** Whole percents timed in this run of the phase. */
  readonly timed: number;
  /** Clock ms of the latest reply of the run (the earliest time the next percent can have been reached). */
  readonly lastReplyMs: number;
}

export const INITIAL_ESTIMATE: EstimateState = Object.freeze({ reached: Object.freeze([]) as readonly number[], percent: -1, timed: 0, lastReplyMs: 0 });

/** The data-initialization point of a modification status reply (the last phase of a task). */
export function modificationPoint(timeMs: number, status: SynchronizationObjectModifyStatus): ProgressPoint {
  const p = status.dataInitialization.percent;
  return { timeMs, percent: inDataPhase(status) && typeof p === "number" && Number.isFinite(p) ? p : undefined };
}

/**
 * The state after one more reply. Pure: `state` is not changed.
 *
 * @example
 * ```ts
 * let s = INITIAL_ESTIMATE;
 * s = observeProgress(s, { timeMs: 0, percent: 10 });
 * s = observeProgress(s, { timeMs: 60_000, percent: 11 }); // 11 reached at ~30 s
 * ```
 */
export function observeProgress(state: EstimateState, point: ProgressPoint): EstimateState {
  const raw = point.percent;
  if (raw === undefined || !Number.isFinite(raw) || raw < 0 || raw > 100) return INITIAL_ESTIMATE;
  const k = Math.floor(raw);
  if (state.percent < 0 || k < state.percent) {
    // First reply of a run (or the phase went back): when k was reached is unknown.
    const reached = new Array<number>(101).fill(Number.NaN);
    return { reached, percent: k, timed: 0, lastReplyMs: point.timeMs };
  }
  // A clock stepped back is read as no time passed.
  const timeMs = Math.max(point.timeMs, state.lastReplyMs);
  if (k === state.percent) return { ...state, lastReplyMs: timeMs };
  // Reached between the previous reply and this one.
  const reached = state.reached.slice();
  const prevT = state.lastReplyMs;
  const from = state.percent;
  for (let j = from + 1; j <= k; j++) {
    // Spread evenly over the interval, each at the middle of its share.
    reached[j] = prevT + ((j - from - 0.5) / (k - from)) * (timeMs - prevT);
  }
  return { reached, percent: k, timed: state.timed + (k - from), lastReplyMs: timeMs };
}

/**
 * Estimated finish (clock ms) of the phase at `nowMs`, or `undefined` when there is none yet (see the module
 * comment). Always later than `nowMs` when defined.
 *
 * @example
 * ```ts
 * estimateFinishMs(state, Date.now()) // e.g. 1767312000000
 * ```
 */
export function estimateFinishMs(state: EstimateState, nowMs: number): number | undefined {
  const rate = rateOf(state);
  if (rate === undefined) return undefined;
  const k = state.percent;
  const since = Math.max(0, nowMs - state.reached[k]!);
  const position = Math.min(k + since * rate, Math.min(k + 1, 100) - HEADROOM_PERCENT);
  const left = Math.max(MIN_LEFT_MS, (100 - position) / rate);
  return nowMs + left;
}

/** Measured rate, percent per ms, or `undefined` before it is meaningful (see the module comment). */
export function rateOf(state: EstimateState): number | undefined {
  const k = state.percent;
  if (k < 0 || state.timed < MIN_MEASURED_PERCENTS || Number.isNaN(state.reached[k]!)) return undefined;
  const window = Math.max(MIN_WINDOW_PERCENT, Math.ceil(WINDOW_FRACTION * k));
  // Time each whole percent took, newest first, over the window (only percents timed at both ends).
  const took: number[] = [];
  for (let j = k; j > 0 && took.length < window; j--) {
    const a = state.reached[j - 1]!;
    if (Number.isNaN(a)) break;
    took.push(state.reached[j]! - a);
  }
  if (took.length < MIN_MEASURED_PERCENTS - 1) return undefined;
  // A change of pace (the newest percents much faster or slower than the window's typical one): only they count.
  const recent = took.slice(0, Math.min(took.length, MIN_WINDOW_PERCENT));
  const older = took.slice(recent.length);
  const now = median(recent);
  const before = older.length > 0 ? median(older) : now;
  const used = now > PACE_CHANGE * before || now * PACE_CHANGE < before ? recent : took;
  // Percents that took far longer or shorter than the typical one (a stall that is over, the tail of an older
  // pace, a jump) count as a typical one: the mean of the rest smooths the floored percents.
  const typical = median(used);
  let total = 0;
  for (const d of used) total += d > OUTLIER_FACTOR * typical || d * OUTLIER_FACTOR < typical ? typical : d;
  return total > 0 ? used.length / total : undefined;
}

/** The newest percents' pace differs from the older ones' in the window by more than this factor: a change of pace. */
export const PACE_CHANGE = 1.5;
/** A percent that took more than this many times the typical one (or less than its inverse) counts as a typical one. */
export const OUTLIER_FACTOR = 1.5;

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/**
 * Feeds a whole run (tests, the benchmark): the state after `points`, oldest first.
 */
export function estimateOf(points: readonly ProgressPoint[]): EstimateState {
  let s = INITIAL_ESTIMATE;
  for (const p of points) s = observeProgress(s, p);
  return s;
}
