/** The waiter's schedule as a pure function: tables of histories -> delay. */
import {
  MAX_PROGRESS_MISSES,
  PROGRESS_JITTER_SECONDS,
  PROGRESS_MARGIN_SECONDS,
  countProgressMisses,
  estimateDataEndMs,
  nextDelaySeconds,
  waiterDelaySeconds,
  type PollRecord,
} from "../../sdk/waiting/schedule";
import type { SynchronizationObjectModifyStatus } from "../../sdk/types";
import { waitForObjectModification, type WaiterClient } from "../../sdk/waiting/sync-job-waiter";
import { DONE, status } from "./helpers/status";

/** A reply in data initialization at `percent` (precheck and structure Finished). */
function data(percent: number, dataStatus = "Migrating"): SynchronizationObjectModifyStatus {
  const s = status({ precheck: "Finished", structure: "Finished", data: dataStatus });
  return { ...s, dataInitialization: { ...s.dataInitialization, percent } };
}
const precheck = (percent: number): SynchronizationObjectModifyStatus => status({ precheck: "Migrating", precheckPercent: percent });
const notStarted = (): SynchronizationObjectModifyStatus => status({ precheck: "Finished", structure: "Finished", data: "NotStarted" });

/** `[seconds, reply | undefined]` -> history. */
const h = (...rows: Array<[number, SynchronizationObjectModifyStatus | undefined]>): PollRecord[] =>
  rows.map(([s, st]) => (st ? { timeMs: s * 1000, status: st } : { timeMs: s * 1000 }));

const base = { minDelaySeconds: 2, maxDelaySeconds: 30 };

describe("waiterDelaySeconds (unchanged smithy backoff)", () => {
  it.each([
    [1, 1, 2],
    [2, 1, 4],
    [3, 1, 8],
    [4, 1, 16],
    [5, 1, 30],
    [9, 0, 30],
    [3, 0.5, 5],
  ])("attempt %d, random %d -> %d s", (attempt, r, expected) => {
    expect(waiterDelaySeconds(attempt, 2, 30, () => r)).toBe(expected);
  });
});

describe("estimateDataEndMs", () => {
  it.each<[string, PollRecord[], number | undefined]>([
    ["no history", [], undefined],
    ["one data reply", h([10, data(20)]), undefined],
    // (51 - 10 - 1) / 20 s = 2 %/s; 49 % left -> 24.5 s after 20 s.
    ["two data replies", h([0, data(10)], [20, data(51)]), 44_500],
    // Anchor: NotStarted at 0 s, 40 % at 10 s -> rate >= 4 %/s; 60 % left -> 15 s.
    ["NotStarted anchors the start", h([0, notStarted()], [10, data(40)]), 25_000],
    // Only the latest NotStarted counts: (40 - -1 - 1) / (10 - 5) = 8 %/s -> 7.5 s.
    ["latest NotStarted anchor", h([0, notStarted()], [5, notStarted()], [10, data(40)]), 17_500],
    ["percent not moving", h([0, data(50)], [30, data(50)]), undefined],
    ["moving by one only (could be 0.01 %)", h([0, data(50)], [30, data(51)]), undefined],
    ["precheck running: later phases unknown", h([0, precheck(10)], [10, precheck(60)]), undefined],
    [
      "structure running",
      h([0, status({ precheck: "Finished", structure: "Migrating" })], [10, status({ precheck: "Finished", structure: "Migrating" })]),
      undefined,
    ],
    ["data Finished", h([0, data(10)], [20, data(100, "Finished")]), undefined],
    ["failed polls are skipped", h([0, data(10)], [10, undefined], [20, data(51)]), 44_500],
    // Percent went back (phase restarted): only 5 % at 30 s and 25 % at 40 s count: (25-5-1)/10 = 1.9 %/s.
    ["restart after a decrease", h([0, data(10)], [20, data(60)], [30, data(5)], [40, data(25)]), 40_000 + (75 / 1.9) * 1000],
    // The slowest rate over all pairs: (90-10-1)/90 = 0.878 vs (90-80-1)/30 = 0.3 -> 0.878 %/s.
    ["largest lower bound over all pairs", h([0, data(10)], [60, data(80)], [90, data(90)]), 90_000 + (10 / (79 / 90)) * 1000],
    ["non-finite percent resets", h([0, data(10)], [20, data(Number.NaN)], [30, data(50)]), undefined],
  ])("%s", (_name, history, expected) => {
    const end = estimateDataEndMs(history);
    if (expected === undefined) expect(end).toBeUndefined();
    else expect(end).toBeCloseTo(expected, 6);
  });

  it("never lands before the real end of a linear phase (floored percents, any poll times)", () => {
    // Property check over seeded cases: phase from s to s + D, percent = floor(100 * (t - s) / D).
    let seed = 1;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let c = 0; c < 500; c++) {
      const start = rnd() * 30_000;
      const duration = 5_000 + rnd() * 600_000;
      const pct = (t: number) => Math.min(99, Math.floor((100 * (t - start)) / duration));
      const history: PollRecord[] = [{ timeMs: start - rnd() * 20_000, status: notStarted() }];
      let t = start + rnd() * 10_000;
      while (t < start + duration) {
        history.push({ timeMs: t, status: data(pct(t)) });
        const end = estimateDataEndMs(history);
        if (end !== undefined) expect(end).toBeGreaterThanOrEqual(start + duration - 1e-6);
        t += 500 + rnd() * 30_000;
      }
    }
  });
});

describe("countProgressMisses", () => {
  it.each<[string, PollRecord[], number]>([
    ["linear: the poll at the estimate finds it done", h([0, data(10)], [20, data(51)], [45, data(100, "Finished")]), 0],
    // Estimate after 20 s: 44.5 s; the poll at 45 s (>= 44.5 + 0.5) still reads 80 %.
    ["a poll at the estimate still running", h([0, data(10)], [20, data(51)], [45, data(80)]), 1],
    ["a poll before the estimate is no miss", h([0, data(10)], [20, data(51)], [30, data(70)]), 0],
    ["a new phase run resets the count", h([0, data(10)], [20, data(51)], [45, data(80)], [50, notStarted()], [60, data(10)]), 0],
  ])("%s", (_name, history, expected) => {
    expect(countProgressMisses(history)).toBe(expected);
  });
});

describe("nextDelaySeconds", () => {
  const moving = h([0, data(10)], [20, data(51)]); // end <= 44.5 s
  it.each<[string, Parameters<typeof nextDelaySeconds>[0], { delaySeconds: number; source: "backoff" | "progress" }]>([
    ["no history: backoff", { ...base, attempt: 1, random: () => 1, history: [] }, { delaySeconds: 2, source: "backoff" }],
    [
      "no progress signal: backoff",
      { ...base, attempt: 3, random: () => 1, history: h([0, precheck(10)], [8, precheck(50)]) },
      { delaySeconds: 8, source: "backoff" },
    ],
    [
      "progressAware false: backoff",
      { ...base, attempt: 9, random: () => 0, history: moving, nowMs: 40_000, progressAware: false },
      { delaySeconds: 30, source: "backoff" },
    ],
    // End at 44.5 s, now 40 s: 4.5 + 0.5 margin + 0 jitter = 5 s (< backoff 30).
    [
      "end before the backoff: sleep until just after it",
      { ...base, attempt: 9, random: () => 0, history: moving, nowMs: 40_000 },
      { delaySeconds: 5, source: "progress" },
    ],
    ["jitter widens it by up to 1 s", { ...base, attempt: 9, random: () => 0.5, history: moving, nowMs: 40_000 }, { delaySeconds: 5.5, source: "progress" }],
    // now 20 s: 24.5 + 0.5 = 25 s, still below 30.
    ["nowMs defaults to the last reply", { ...base, attempt: 9, random: () => 0, history: moving }, { delaySeconds: 25, source: "progress" }],
    ["end after the backoff: backoff", { ...base, attempt: 2, random: () => 1, history: moving }, { delaySeconds: 4, source: "backoff" }],
    ["never below minDelay", { ...base, attempt: 9, random: () => 0, history: moving, nowMs: 44_400 }, { delaySeconds: 2, source: "progress" }],
    ["estimated end already past: minDelay", { ...base, attempt: 9, random: () => 0, history: moving, nowMs: 60_000 }, { delaySeconds: 2, source: "progress" }],
    [
      `after ${MAX_PROGRESS_MISSES} misses: backoff again`,
      { ...base, attempt: 9, random: () => 0, history: h([0, data(10)], [20, data(51)], [45, data(60)], [90, data(70)]) },
      { delaySeconds: 30, source: "backoff" },
    ],
    // One miss at 45 s (90 %): rate >= (90-10-1)/45 %/s, so 10 % left take 450/79 s.
    [
      "one miss: estimate still used",
      { ...base, attempt: 9, random: () => 0, history: h([0, data(10)], [20, data(51)], [45, data(90)]) },
      { delaySeconds: 0.5 + 450 / 79, source: "progress" },
    ],
  ])("%s", (_name, input, expected) => {
    const decision = nextDelaySeconds(input);
    expect(decision.source).toBe(expected.source);
    expect(decision.delaySeconds).toBeCloseTo(expected.delaySeconds, 9);
  });

  it("calls random once below the backoff ceiling plus once for a progress delay, never past the ceiling otherwise", () => {
    let calls = 0;
    const random = () => {
      calls++;
      return 0;
    };
    nextDelaySeconds({ ...base, attempt: 9, random, history: h([0, precheck(10)]) });
    expect(calls).toBe(0);
    nextDelaySeconds({ ...base, attempt: 9, random, history: h([0, data(10)], [20, data(51)]), nowMs: 40_000 });
    expect(calls).toBe(1);
    nextDelaySeconds({ ...base, attempt: 2, random, history: h([0, data(10)], [20, data(51)]), nowMs: 40_000 }); // backoff 2 s wins
    expect(calls).toBe(2);
    nextDelaySeconds({ ...base, attempt: 2, random, history: h([0, data(10)], [20, data(51)]), nowMs: 44_000 });
    expect(calls).toBe(4);
  });

  it("exports the margin and jitter it uses", () => {
    expect(PROGRESS_MARGIN_SECONDS).toBe(0.5);
    expect(PROGRESS_JITTER_SECONDS).toBe(1);
  });
});

describe("the waiter with progress-aware scheduling", () => {
  /** A linear task on a fake clock: data initialization runs from `dataStartS` to `endS`. */
  function linearTask(dataStartS: number, endS: number) {
    let now = 0;
    const sleeps: number[] = [];
    const reply = (): SynchronizationObjectModifyStatus => {
      const t = now / 1000;
      if (t < dataStartS) return t < dataStartS / 2 ? precheck(Math.floor((100 * t) / (dataStartS / 2))) : notStarted();
      if (t >= endS) return status(DONE);
      return data(Math.min(99, Math.floor((100 * (t - dataStartS)) / (endS - dataStartS))));
    };
    const client: WaiterClient = { describeSynchronizationObjectModifyStatus: async () => reply() };
    const options = {
      maxWaitSeconds: 3600,
      clock: { now: () => now },
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
      random: () => 0.5,
    };
    return { client, options, sleeps, elapsedS: () => now / 1000 };
  }

  it.each([
    [20, 95],
    [25, 300],
    [24, 625],
  ])("data %d s .. %d s: seen within 2 s of the end and with no more polls than the plain backoff", async (dataStartS, endS) => {
    const aware = linearTask(dataStartS, endS);
    const a = await waitForObjectModification(aware.client, "t", aware.options);
    const plain = linearTask(dataStartS, endS);
    const p = await waitForObjectModification(plain.client, "t", { ...plain.options, progressAware: false });
    expect(a.state).toBe("success");
    expect(p.state).toBe("success");
    expect(aware.elapsedS() - endS).toBeGreaterThanOrEqual(0);
    expect(aware.elapsedS() - endS).toBeLessThanOrEqual(2);
    expect(a.polls).toBeLessThanOrEqual(p.polls);
    expect(plain.elapsedS() - endS).toBeGreaterThan(aware.elapsedS() - endS);
  });

  it("progress that slows down near the end costs at most 2 extra polls, then the plain backoff takes over", async () => {
    // 0 -> 80 % in 20 s, then 80 -> 100 % over 300 s: every linear estimate is early.
    const run = async (progressAware: boolean) => {
      let now = 0;
      const reply = (): SynchronizationObjectModifyStatus => {
        const t = now / 1000 - 10;
        if (t < 0) return notStarted();
        if (t >= 320) return status(DONE);
        return data(Math.floor(t < 20 ? 4 * t : 80 + ((t - 20) * 20) / 300));
      };
      const result = await waitForObjectModification({ describeSynchronizationObjectModifyStatus: async () => reply() }, "t", {
        maxWaitSeconds: 3600,
        progressAware,
        clock: { now: () => now },
        sleep: async (ms: number) => {
          now += ms;
        },
        random: () => 0.5,
      });
      expect(result.state).toBe("success");
      return result.polls;
    };
    const aware = await run(true);
    const plain = await run(false);
    expect(aware).toBeGreaterThan(plain); // the estimates were early
    expect(aware).toBeLessThanOrEqual(plain + MAX_PROGRESS_MISSES);
  });

  it("keeps the deadline rule: the final poll 500 ms before the deadline", async () => {
    const task = linearTask(5, 10_000);
    const result = await waitForObjectModification(task.client, "t", { ...task.options, maxWaitSeconds: 100 });
    expect(result.state).toBe("timeout");
    expect(task.elapsedS()).toBe(99.5);
  });
});
