/**
 * What the progress-aware schedule knows about the replies so far, updated one reply at a time: constant work per
 * reply and bounded memory however long the wait (a multi-day data initialization makes thousands of polls).
 *
 * It keeps exactly the semantics of the estimator in `schedule.ts` (the reference implementation that recomputes
 * everything from the whole history lives in `tests/support/schedule-reference.ts`, and a property test requires
 * identical decisions from both):
 *
 * - the data-phase points of the current run of the phase, with the `NotStarted` anchor (percent -1);
 * - a reply outside the data phase, a missing or out-of-range percent, or a percent lower than the previous one
 *   starts a new run (older points say nothing about it);
 * - the estimate is the slowest linear rate consistent with every pair (earlier point, latest point) of the run, each
 *   percent read as floored: `rate = max_i (p_last - p_i - 1) / (t_last - t_i)`;
 * - a miss is a reply that arrived at or after the end the earlier replies predicted (plus the margin) and still
 *   shows the data phase running; a reply outside the data phase resets the count.
 *
 * Why the points need no array: the maximum of `(p_last - 1 - p_i) / (t_last - t_i)` over earlier points is the
 * slope of the tangent from `(t_last, p_last - 1)` to the points, which always touches their **lower convex hull**.
 * Within a run the percent never decreases, so every hull vertex after the first has a strictly higher percent than
 * the one before: for whole percents (what DTS reports) the hull has at most ~103 vertices, whatever the number of
 * replies. The hull is built with exact arithmetic on the inputs (integer milliseconds and percents are exact in
 * doubles), and the rate is the maximum of the same float expression over the hull vertices, so it equals the
 * reference's float for float. Points with the time of the latest point are kept aside until a later time arrives
 * (a pair with `t_last - t_i = 0` does not count), and of several points with one time only the lowest can matter.
 *
 * Times are read as non-decreasing: a reply timed before the previous one (a clock stepped back) is taken at the
 * previous one's time.
 */
import type { SynchronizationObjectModifyStatus } from "../types";

/** Seconds added after the estimated end, so the poll lands just after it. */
export const PROGRESS_MARGIN_SECONDS = 0.5;

/**
 * Hull vertices kept at most. Only reachable with more than ~1 000 distinct fractional percents in one run (DTS
 * reports whole percents: at most ~103 vertices); past it the oldest vertex is dropped, so memory stays bounded.
 */
export const MAX_HULL_POINTS = 1024;

/** One poll as the scheduler sees it: when its reply arrived and the reply (absent when the poll failed). */
export interface PollRecord {
  /** Clock time (ms) at which the reply (or the error) arrived. */
  timeMs: number;
  status?: SynchronizationObjectModifyStatus;
}

/**
 * True when data initialization is the phase running (the earlier phases `Finished`, data neither done nor failed).
 * A structure phase a new job's migration mode turns off reads `Skipped` (initialization-target.ts) and counts as done.
 */
export function inDataPhase(s: SynchronizationObjectModifyStatus): boolean {
  return (
    s.precheck.status === "Finished" &&
    (s.structureInitialization.status === "Finished" || s.structureInitialization.status === "Skipped") &&
    s.dataInitialization.status !== "Finished" &&
    s.dataInitialization.status !== "Failed" &&
    s.dataInitialization.status !== "NotStarted"
  );
}

function validPercent(p: unknown): p is number {
  return typeof p === "number" && Number.isFinite(p) && p >= 0 && p <= 100;
}

/**
 * The schedule's state, fed every poll with {@link ProgressState.observe}. O(1) memory (bounded hull) and O(hull)
 * work per reply (at most ~103 divisions for whole percents).
 *
 * @example
 * ```ts
 * const state = new ProgressState();
 * state.observe({ timeMs: 0, status: at(10) });
 * state.observe({ timeMs: 20_000, status: at(51) });
 * state.estimatedEndMs // 44_500
 * ```
 */
export class ProgressState {
  /** Records observed (failed polls included). */
  records = 0;
  /** Time of the latest record (reply or error), as given. */
  lastRecordMs: number | undefined;
  /** The latest record was a data-phase reply that became the latest point of the run. */
  lastRecordIsPoint = false;
  /** Misses in the current phase run (see the module comment). */
  misses = 0;
  /** Latest end of data initialization consistent with the run (clock ms), when there is an estimate. */
  estimatedEndMs: number | undefined;
  /** The estimate's rate, percent per ms (> 0 when there is an estimate). */
  rate = 0;

  // The current run. Lower hull of the points with a time before `lastT` (flat arrays: t and p).
  private readonly hullT: number[] = [];
  private readonly hullP: number[] = [];
  /** Lowest percent among the points at time `lastT` (kept aside until a later time arrives). */
  private pendingP = 0;
  /** Points in the run, the anchor included. */
  private points = 0;
  /** The latest point (or the anchor while there is no data point yet). */
  private lastT = 0;
  private lastP = 0;
  /** Data points of the run (the anchor excluded): time and percent of the latest two that raised the percent. */
  private dataPoints = 0;
  private moveT = 0;
  private moveP = 0;
  private prevMoveT: number | undefined;
  private prevMoveP = 0;

  /** Time (ms) and percent of the latest data point of the run, when there is one. */
  get lastPoint(): { timeMs: number; percent: number } | undefined {
    return this.dataPoints > 0 ? { timeMs: this.lastT, percent: this.lastP } : undefined;
  }

  /**
   * Milliseconds one percent took between the latest two replies that raised the percent in this run, or
   * `undefined` before the percent rose twice (the first data point counts as a rise).
   */
  get paceMsPerPercent(): number | undefined {
    if (this.prevMoveT === undefined) return undefined;
    return (this.moveT - this.prevMoveT) / (this.moveP - this.prevMoveP);
  }

  /** Milliseconds between the latest reply that raised the percent and the latest point (0 right after a rise). */
  get sinceMoveMs(): number {
    return this.dataPoints > 0 ? this.lastT - this.moveT : 0;
  }

  /** Feeds one poll (a reply, or a failed poll without status). */
  observe(record: PollRecord): void {
    this.records++;
    this.lastRecordMs = record.timeMs;
    this.lastRecordIsPoint = false;
    const status = record.status;
    if (!status) return;
    if (!inDataPhase(status)) {
      this.misses = 0;
      this.reset();
      // Not started yet (or an earlier phase again): only the latest "NotStarted" reply can anchor the start.
      if (status.dataInitialization.status === "NotStarted") this.addPoint(record.timeMs, -1, true);
      return;
    }
    if (this.estimatedEndMs !== undefined && record.timeMs >= this.estimatedEndMs + PROGRESS_MARGIN_SECONDS * 1000) this.misses++;
    const p = status.dataInitialization.percent;
    if (!validPercent(p)) {
      this.reset();
      return;
    }
    // Progress went back: the phase restarted, older points (and the anchor) say nothing about this run.
    if (this.dataPoints > 0 && p < this.lastP) this.reset();
    this.addPoint(record.timeMs, p, false);
    this.lastRecordIsPoint = true;
  }

  private reset(): void {
    this.hullT.length = 0;
    this.hullP.length = 0;
    this.points = 0;
    this.dataPoints = 0;
    this.prevMoveT = undefined;
    this.estimatedEndMs = undefined;
    this.rate = 0;
  }

  private addPoint(rawT: number, p: number, anchor: boolean): void {
    const t = this.points > 0 && rawT < this.lastT ? this.lastT : rawT;
    if (this.points === 0) {
      this.pendingP = p;
    } else if (t > this.lastT) {
      // The points at the previous time now lie strictly before the latest one: the lowest joins the hull.
      this.pushHull(this.lastT, this.pendingP);
      this.pendingP = p;
    } else if (p < this.pendingP) {
      this.pendingP = p;
    }
    if (!anchor) {
      if (this.dataPoints === 0) {
        this.moveT = t;
        this.moveP = p;
      } else if (p > this.lastP) {
        this.prevMoveT = this.moveT;
        this.prevMoveP = this.moveP;
        this.moveT = t;
        this.moveP = p;
      }
      this.dataPoints++;
    }
    this.points++;
    this.lastT = t;
    this.lastP = p;
    this.updateEstimate();
  }

  private pushHull(t: number, p: number): void {
    const T = this.hullT;
    const P = this.hullP;
    let n = T.length;
    // Lower hull, x increasing: drop the last vertex while it is not strictly below the chord (cross <= 0).
    while (n >= 2) {
      const cross = (T[n - 1]! - T[n - 2]!) * (p - P[n - 2]!) - (P[n - 1]! - P[n - 2]!) * (t - T[n - 2]!);
      if (cross > 0) break;
      T.pop();
      P.pop();
      n--;
    }
    T.push(t);
    P.push(p);
    if (T.length > MAX_HULL_POINTS) {
      T.shift();
      P.shift();
    }
  }

  private updateEstimate(): void {
    this.estimatedEndMs = undefined;
    this.rate = 0;
    if (this.points < 2 || this.dataPoints === 0) return;
    const lastT = this.lastT;
    const lastP = this.lastP;
    let rate = 0; // percent per ms, lower bound
    const T = this.hullT;
    const P = this.hullP;
    for (let i = 0; i < T.length; i++) {
      const r = (lastP - P[i]! - 1) / (lastT - T[i]!);
      if (r > rate) rate = r;
    }
    if (!(rate > 0)) return;
    this.rate = rate;
    this.estimatedEndMs = lastT + (100 - lastP) / rate;
  }
}
