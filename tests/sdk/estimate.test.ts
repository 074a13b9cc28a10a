/** The finish estimate (sdk/waiting/estimate.ts): tables of replies -> estimated finish, and its guarantees. */
import {
  estimateFinishMs,
  estimateOf,
  INITIAL_ESTIMATE,
  MIN_LEFT_MS,
  modificationPoint,
  observeProgress,
  rateOf,
  type ProgressPoint,
} from "../../sdk/waiting/estimate";
import type { SynchronizationObjectModifyStatus } from "../../sdk/types";
import { status } from "../support/sync-job-status-replies";

const MIN = 60_000;

/** Replies every `everyMs` of a phase reaching one percent per `msPerPercent`, from `fromPercent`, `count` replies. */
function linear(msPerPercent: number, everyMs: number, count: number, fromPercent = 0): ProgressPoint[] {
  return Array.from({ length: count }, (_, i) => ({ timeMs: i * everyMs, percent: Math.min(100, fromPercent + Math.floor((i * everyMs) / msPerPercent)) }));
}

function data(percent: number, dataStatus = "Migrating"): SynchronizationObjectModifyStatus {
  const s = status({ precheck: "Finished", structure: "Finished", data: dataStatus });
  return { ...s, dataInitialization: { ...s.dataInitialization, percent } };
}

describe("estimateFinishMs", () => {
  it("gives nothing before the phase was seen to reach 3 whole percents", () => {
    // 10 % at 0, 11 % at 1 min, 12 % at 2 min: 11 and 12 timed, only 1 percent measured.
    const s = estimateOf([
      { timeMs: 0, percent: 10 },
      { timeMs: MIN, percent: 11 },
      { timeMs: 2 * MIN, percent: 12 },
    ]);
    expect(estimateFinishMs(s, 2 * MIN)).toBeUndefined();
    const more = observeProgress(s, { timeMs: 3 * MIN, percent: 13 });
    expect(estimateFinishMs(more, 3 * MIN)).toBeDefined();
  });

  it("finds the end of a linear phase within a few percent of the time left", () => {
    // 1 % per 10 min, replies every 2 min, 40 % reached at 400 min: 600 min left.
    const points = linear(10 * MIN, 2 * MIN, 201);
    const s = estimateOf(points);
    expect(s.percent).toBe(40);
    const now = points.at(-1)!.timeMs;
    const left = estimateFinishMs(s, now)! - now;
    expect(Math.abs(left - 600 * MIN) / (600 * MIN)).toBeLessThan(0.03);
  });

  it("is not fooled by a slow start: the rate is the recent one", () => {
    // 0..10 % at 1 % per 60 min, then 1 % per 10 min up to 50 %.
    const points: ProgressPoint[] = [];
    for (let t = 0; t <= 600 * MIN + 400 * MIN; t += 2 * MIN) {
      const p = t <= 600 * MIN ? Math.floor(t / (60 * MIN)) : 10 + Math.floor((t - 600 * MIN) / (10 * MIN));
      points.push({ timeMs: t, percent: p });
    }
    const s = estimateOf(points);
    const now = points.at(-1)!.timeMs;
    expect(s.percent).toBe(50);
    expect(Math.abs(estimateFinishMs(s, now)! - now - 500 * MIN) / (500 * MIN)).toBeLessThan(0.03);
  });

  it("ignores a stall that is over, and pushes the finish later while a stall lasts", () => {
    // 1 % per 10 min; at 30 % nothing moves for 300 min; then on again to 45 %.
    const points: ProgressPoint[] = [];
    for (let t = 0; t <= 750 * MIN; t += 2 * MIN) {
      const p = t < 300 * MIN ? Math.floor(t / (10 * MIN)) : t < 600 * MIN ? 30 : 30 + Math.floor((t - 600 * MIN) / (10 * MIN));
      points.push({ timeMs: t, percent: p });
    }
    const s = estimateOf(points);
    expect(s.percent).toBe(45);
    const now = points.at(-1)!.timeMs;
    expect(Math.abs(estimateFinishMs(s, now)! - now - 550 * MIN) / (550 * MIN)).toBeLessThan(0.03);
    // A stall now: the finish moves with the clock, never behind it.
    const later = now + 1000 * MIN;
    const stalled = observeProgress(s, { timeMs: later, percent: 45 });
    expect(estimateFinishMs(stalled, later)!).toBeGreaterThan(later);
  });

  it("follows a phase that speeds up", () => {
    // 1 % per 20 min to 40 %, then 1 % per 5 min: at 55 %, 45 % left at 5 min each.
    const points: ProgressPoint[] = [];
    for (let t = 0; t <= 800 * MIN + 75 * MIN; t += MIN) {
      const p = t <= 800 * MIN ? Math.floor(t / (20 * MIN)) : 40 + Math.floor((t - 800 * MIN) / (5 * MIN));
      points.push({ timeMs: t, percent: p });
    }
    const s = estimateOf(points);
    expect(s.percent).toBe(55);
    const now = points.at(-1)!.timeMs;
    expect(Math.abs(estimateFinishMs(s, now)! - now - 225 * MIN) / (225 * MIN)).toBeLessThan(0.05);
  });

  it.each([0, 1, 10 * MIN, 10_000 * MIN])("is never at or before now while the phase runs (%d ms after the last reply)", (after) => {
    const s = estimateOf(linear(MIN, 30_000, 199)); // 99 % at the last reply
    expect(s.percent).toBe(99);
    const now = 99 * MIN + after;
    expect(estimateFinishMs(s, now)! - now).toBeGreaterThanOrEqual(MIN_LEFT_MS);
  });

  it("starts over when the percent goes back or the phase stops running", () => {
    const s = estimateOf(linear(MIN, 30_000, 40));
    expect(rateOf(s)).toBeDefined();
    expect(estimateFinishMs(observeProgress(s, { timeMs: 20 * MIN, percent: 3 }), 20 * MIN)).toBeUndefined();
    expect(observeProgress(s, { timeMs: 20 * MIN, percent: undefined })).toBe(INITIAL_ESTIMATE);
  });

  it("is pure: feeding a state does not change it", () => {
    const s = estimateOf(linear(MIN, 30_000, 40));
    const copy = JSON.stringify(s);
    observeProgress(s, { timeMs: 30 * MIN, percent: 50 });
    expect(JSON.stringify(s)).toBe(copy);
  });

  it("keeps a bounded state however long the wait", () => {
    const s = estimateOf(linear(60 * MIN, 10_000, 50_000));
    expect(s.reached.length).toBeLessThanOrEqual(101);
  });
});

describe("modificationPoint", () => {
  it("reads data initialization only while it runs", () => {
    expect(modificationPoint(5, data(42))).toEqual({ timeMs: 5, percent: 42 });
    expect(modificationPoint(5, data(100, "Finished")).percent).toBeUndefined();
    expect(modificationPoint(5, data(0, "NotStarted")).percent).toBeUndefined();
    expect(modificationPoint(5, status({ precheck: "Migrating", precheckPercent: 40 })).percent).toBeUndefined();
  });
});
