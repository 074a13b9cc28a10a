/**
 * When to poll next: the waiter's scheduling as a pure function of the attempt number, the delays, a random source
 * and what the replies so far showed, so it can be tested with tables of inputs (the loop in `poller.ts` only
 * sleeps what this returns, and keeps the deadline rule).
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
 *
 * **Idle sleeps on long waits** (`maxIdleDelaySeconds` above `maxDelaySeconds`). When the replies show the end is
 * far away, the waiter may sleep longer than `maxDelaySeconds`:
 *
 * `delay = min(maxIdleDelay, IDLE_FRACTION * (earliestEnd - now))` when `earliestEnd - now >= IDLE_MIN_REMAINING`
 *
 * where `earliestEnd = t_last + (99 - p_last) / rate` is the *earliest* end at the estimate's rate (at most
 * `p_last + 1` percent may be done already, floored percents). It applies only while the latest reply is a
 * data-phase reply with an estimate and progress is not stalled: the percent rose at least twice in this run of the
 * phase, and the time since it last rose is at most {@link STALL_FACTOR} times the time one percent took between
 * the last two rises. As the end nears (under {@link IDLE_MIN_REMAINING_SECONDS}), when progress stalls, runs back
 * (a new run), a poll fails or the phase changes, the normal backoff and progress-aware rules above apply again.
 * The estimate's rate is the fastest sustained rate seen (the largest lower bound), so an idle sleep only
 * overshoots the end when the task suddenly runs more than `1 / IDLE_FRACTION` times faster than it ever did, and
 * never by more than `maxIdleDelay`.
 *
 * The state behind a decision is a {@link ProgressState}, updated reply by reply (constant work per poll and bounded
 * memory, see `progress-state.ts`); {@link nextDelaySeconds} also accepts a whole history (it feeds one).
 */
import { ProgressState, PROGRESS_MARGIN_SECONDS, type PollRecord } from "./progress-state";
import type { Random } from "../types";

export { PROGRESS_MARGIN_SECONDS, ProgressState, inDataPhase, type PollRecord } from "./progress-state";

/** Width of the uniform jitter added to a progress-driven delay, seconds. */
export const PROGRESS_JITTER_SECONDS = 1;
/** Progress-driven polls that may find the task still running before the estimate is no longer used in a phase. */
export const MAX_PROGRESS_MISSES = 2;
/** Default cap of an idle sleep, seconds (the waiter's `maxIdleDelaySeconds`). */
export { DEFAULT_MAX_IDLE_DELAY_SECONDS } from "../wait-settings";
import { DEFAULT_MAX_IDLE_DELAY_SECONDS } from "../wait-settings";
/** An idle sleep is at most this fraction of the time to the earliest possible end. */
export const IDLE_FRACTION = 0.1;
/** Idle sleeps only while the earliest possible end is at least this far away, seconds. */
export const IDLE_MIN_REMAINING_SECONDS = 1800;
/** Progress counts as stalled once the percent has not risen for this many times the last observed pace. */
export const STALL_FACTOR = 2;

/** Input of {@link nextDelaySeconds}. */
export interface ScheduleInput {
  /** 1-based number of the poll being scheduled (the backoff's attempt). */
  attempt: number;
  minDelaySeconds: number;
  maxDelaySeconds: number;
  random: Random;
  /** Every poll so far, oldest first; or the state already fed with them (what the waiter passes). */
  history: readonly PollRecord[] | ProgressState;
  /** Clock time (ms) at which the delay starts; the time of the last record by default. */
  nowMs?: number;
  /** @default true */
  progressAware?: boolean;
  /**
   * Cap of an idle sleep (see the module comment); a value <= `maxDelaySeconds` turns idle sleeps off.
   * @default 600
   */
  maxIdleDelaySeconds?: number;
}

/** What {@link nextDelaySeconds} decided, with the reason (for tests and debugging). */
export interface ScheduleDecision {
  delaySeconds: number;
  /**
   * `backoff`: smithy's delay; `progress`: sleep until just after the estimated end; `idle`: a sleep longer than
   * `maxDelaySeconds` because the end is far away.
   */
  source: "backoff" | "progress" | "idle";
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

/**
 * Latest end of data initialization (clock ms) consistent with the replies, under linear progress, or `undefined`
 * when the replies do not show data initialization running and moving.
 *
 * Each pair of points (i, j) bounds the rate from below: `(p_j - p_i - 1) / (t_j - t_i)` (floored percents); the
 * largest such bound is the slowest rate possible, and the end is `t_last + (100 - p_last) / rate`. Computed by
 * feeding the history to a {@link ProgressState} (the waiter keeps one and feeds it reply by reply).
 *
 * @example
 * ```ts
 * // 10 % at 0 s, 51 % at 20 s: rate >= 2 %/s, so the end is at most 20 + 49 / 2 = 44.5 s.
 * estimateDataEndMs([{ timeMs: 0, status: at(10) }, { timeMs: 20_000, status: at(51) }]) // 44_500
 * ```
 */
export function estimateDataEndMs(history: readonly PollRecord[]): number | undefined {
  return stateOf(history).estimatedEndMs;
}

/** Polls made at or after the end the earlier replies predicted (plus the margin) that still found the phase running. */
export function countProgressMisses(history: readonly PollRecord[]): number {
  return stateOf(history).misses;
}

/** A {@link ProgressState} fed with `history`. */
export function stateOf(history: readonly PollRecord[]): ProgressState {
  const state = new ProgressState();
  for (const record of history) state.observe(record);
  return state;
}

/**
 * True when the percent has not risen for more than {@link STALL_FACTOR} times the pace of the last two rises (or
 * has not risen twice yet in this run of the phase).
 */
export function progressStalled(state: ProgressState): boolean {
  const pace = state.paceMsPerPercent;
  return pace === undefined || state.sinceMoveMs > STALL_FACTOR * pace;
}

/**
 * The idle sleep (seconds) the state allows at `nowMs`, or `undefined` when none does (see the module comment).
 *
 * @example
 * ```ts
 * // 40 % at 0 h, 50 % at 1 h: rate >= 9 %/h, the earliest end is 49 / 9 h (5.4 h) away -> min(600, 0.1 * 19 600 s)
 * idleDelaySeconds(state, state.lastRecordMs!, 600) // 600
 * ```
 */
export function idleDelaySeconds(state: ProgressState, nowMs: number, maxIdleDelaySeconds: number): number | undefined {
  const last = state.lastPoint;
  if (!state.lastRecordIsPoint || !last || !(state.rate > 0) || progressStalled(state)) return undefined;
  const earliestEndMs = last.timeMs + Math.max(0, 99 - last.percent) / state.rate;
  const remainingSeconds = (earliestEndMs - nowMs) / 1000;
  if (!(remainingSeconds >= IDLE_MIN_REMAINING_SECONDS)) return undefined;
  return Math.min(maxIdleDelaySeconds, IDLE_FRACTION * remainingSeconds);
}

/**
 * The waiter's schedule: how long to sleep before poll `attempt`. Pure: the same input gives the same output
 * (`random` is called at most twice: once by the backoff while below its ceiling, once for the jitter of a
 * progress-driven delay). Given a {@link ProgressState}, it costs the same whatever the length of the wait.
 *
 * @example
 * ```ts
 * nextDelaySeconds({ attempt: 7, minDelaySeconds: 2, maxDelaySeconds: 30, random: () => 0, history, progressAware: true })
 * // { delaySeconds: 4.5, source: "progress", estimatedEndMs: ... } when the replies put the end 4 s from now
 * ```
 */
export function nextDelaySeconds(input: ScheduleInput): ScheduleDecision {
  const { attempt, minDelaySeconds: min, maxDelaySeconds: max, random } = input;
  const backoff = waiterDelaySeconds(attempt, min, max, random);
  const state = input.history instanceof ProgressState ? input.history : stateOf(input.history);
  if (input.progressAware === false || state.records === 0) return { delaySeconds: backoff, source: "backoff" };
  const now = input.nowMs ?? state.lastRecordMs!;
  const estimatedEndMs = state.estimatedEndMs;
  if (estimatedEndMs === undefined) return { delaySeconds: backoff, source: "backoff" };
  const idleCap = input.maxIdleDelaySeconds ?? DEFAULT_MAX_IDLE_DELAY_SECONDS;
  if (idleCap > max) {
    const idle = idleDelaySeconds(state, now, idleCap);
    if (idle !== undefined && idle > max) return { delaySeconds: idle, source: "idle", estimatedEndMs };
  }
  if (state.misses >= MAX_PROGRESS_MISSES) return { delaySeconds: backoff, source: "backoff", estimatedEndMs };
  const untilEnd = (estimatedEndMs - now) / 1000 + PROGRESS_MARGIN_SECONDS;
  if (untilEnd >= backoff) return { delaySeconds: backoff, source: "backoff", estimatedEndMs };
  const jittered = untilEnd + random() * PROGRESS_JITTER_SECONDS;
  return { delaySeconds: Math.max(min, Math.min(backoff, jittered)), source: "progress", estimatedEndMs };
}
