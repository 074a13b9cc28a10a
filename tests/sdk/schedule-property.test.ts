/**
 * Property test: the incremental schedule (`ProgressState` + `nextDelaySeconds`, what the waiter runs) decides
 * exactly as the reference that recomputes everything from the whole history (tests/support/schedule-reference.ts),
 * over thousands of seeded random histories: linear, stalling, restarting, with failing polls, missing or invalid
 * fields, phases going back, equal timestamps, waits from minutes to days. Every prefix of every history is a
 * decision point; the decision (delay, source, estimated end), the estimate and the misses must be identical
 * (`toEqual` on doubles: no tolerance).
 */
import { countProgressMisses, estimateDataEndMs, nextDelaySeconds, ProgressState, type PollRecord } from "../../sdk/waiting/schedule";
import type { SynchronizationObjectModifyStatus } from "../../sdk/types";
import { referenceCountProgressMisses, referenceEstimateDataEndMs, referenceNextDelaySeconds } from "../support/schedule-reference";
import { prng } from "../support/sim";
import { status } from "../support/sync-job-status-replies";

type Kind = "linear" | "stalling" | "restarting" | "failing" | "missing" | "mixed";
const KINDS: Kind[] = ["linear", "stalling", "restarting", "failing", "missing", "mixed"];

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)]!;
}

function dataReply(percent: unknown, dataStatus = "Migrating"): SynchronizationObjectModifyStatus {
  const s = status({ precheck: "Finished", structure: "Finished", data: dataStatus });
  return { ...s, dataInitialization: { ...s.dataInitialization, percent: percent as number } };
}

/** A seeded random history of one wait (see the file comment), with its kind. */
function randomHistory(seed: number): { kind: Kind; history: PollRecord[] } {
  const rnd = prng(seed);
  const kind = pick(rnd, KINDS);
  const n = 2 + Math.floor(rnd() * 70);
  // Poll gaps from ~1 s to ~10 min; data phases from minutes to days.
  const gapMs = pick(rnd, [2_000, 30_000, 120_000, 300_000, 600_000]);
  const dataMs = pick(rnd, [10 * 60_000, 3_600_000, 12 * 3_600_000, 72 * 3_600_000]);
  const fractional = rnd() < 0.1;
  let ratePerMs = 100 / dataMs;
  let phase: "precheck" | "structure" | "notStarted" | "data" | "done" = pick(rnd, ["precheck", "structure", "notStarted", "data", "data"]);
  let t = 1_700_000_000_000 + Math.floor(rnd() * 1e9);
  let p = phase === "data" ? rnd() * 60 : 0;
  let stalledUntil = 0;
  const history: PollRecord[] = [];
  for (let i = 0; i < n; i++) {
    const dt = rnd() < 0.05 ? 0 : Math.floor(gapMs * (0.2 + rnd() * 1.6));
    t += dt;
    const failing = kind === "failing" || kind === "mixed" ? 0.2 : 0.02;
    if (rnd() < failing) {
      history.push({ timeMs: t });
      continue;
    }
    // Phase changes.
    if (phase === "precheck" && rnd() < 0.3) phase = "structure";
    else if (phase === "structure" && rnd() < 0.3) phase = "notStarted";
    else if (phase === "notStarted" && rnd() < 0.5) {
      phase = "data";
      p = 0;
    } else if (phase === "data" && (kind === "mixed" || kind === "missing") && rnd() < 0.03) phase = pick(rnd, ["precheck", "notStarted"]);
    if (phase === "data") {
      // Progress: linear, with stalls, rate changes (fast start, slow end) and restarts.
      if (t >= stalledUntil) p += ratePerMs * dt * (kind === "linear" ? 1 : 0.5 + rnd());
      if ((kind === "stalling" || kind === "mixed") && rnd() < 0.1) stalledUntil = t + gapMs * Math.floor(1 + rnd() * 8);
      if (kind !== "linear" && rnd() < 0.05) ratePerMs *= pick(rnd, [0.1, 0.25, 4]);
      if ((kind === "restarting" || kind === "mixed") && rnd() < 0.06) p = rnd() * p;
      if (p >= 100 && rnd() < 0.5) phase = "done";
    }
    let reply: SynchronizationObjectModifyStatus;
    if (phase === "precheck") reply = status({ precheck: "Migrating", precheckPercent: Math.floor(rnd() * 100) });
    else if (phase === "structure") reply = status({ precheck: "Finished", structure: "Migrating" });
    else if (phase === "notStarted") reply = status({ precheck: "Finished", structure: "Finished", data: "NotStarted" });
    else if (phase === "done") reply = rnd() < 0.8 ? dataReply(100, "Finished") : dataReply(Math.floor(p), "Failed");
    else {
      let percent: unknown = fractional ? Math.round(Math.min(99.5, p) * 4) / 4 : Math.min(99, Math.floor(p));
      if ((kind === "missing" || kind === "mixed") && rnd() < 0.1) percent = pick(rnd, [undefined, Number.NaN, -1, 150, Infinity, null]);
      reply = dataReply(percent, rnd() < 0.05 ? "Unknown" : "Migrating");
    }
    history.push({ timeMs: t, status: reply });
    if (phase === "done" && rnd() < 0.3) phase = "data"; // keep polling after the end: states must still agree
  }
  return { kind, history };
}

describe("incremental schedule = reference schedule (property)", () => {
  const HISTORIES = 3000;

  it(`decides identically at every poll of ${HISTORIES} seeded random histories`, () => {
    const kinds: Record<string, number> = {};
    const sources: Record<string, number> = {};
    let decisions = 0;
    for (let seed = 1; seed <= HISTORIES; seed++) {
      const { kind, history } = randomHistory(seed);
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      const rnd = prng(seed * 7919);
      const state = new ProgressState();
      const minDelaySeconds = pick(rnd, [1, 2, 5]);
      const maxDelaySeconds = pick(rnd, [minDelaySeconds, 30, 60]);
      const maxIdleDelaySeconds = pick(rnd, [undefined, maxDelaySeconds, 300, 600, 3600]);
      const progressAware = rnd() < 0.9;
      for (let k = 0; k < history.length; k++) {
        state.observe(history[k]!);
        const prefix = history.slice(0, k + 1);
        const nowMs = rnd() < 0.5 ? undefined : history[k]!.timeMs + Math.floor(rnd() * 3000);
        const attempt = k + 1;
        const randomSeed = seed * 100_003 + k;
        const input = { attempt, minDelaySeconds, maxDelaySeconds, nowMs, progressAware, maxIdleDelaySeconds };
        const ours = nextDelaySeconds({ ...input, random: prng(randomSeed), history: state });
        const reference = referenceNextDelaySeconds({ ...input, random: prng(randomSeed), history: prefix });
        if (JSON.stringify(ours) !== JSON.stringify(reference)) {
          // Name the history so a failure can be replayed.
          expect({ seed, kind, k, ours }).toEqual({ seed, kind, k, ours: reference });
        }
        const end = referenceEstimateDataEndMs(prefix);
        const misses = referenceCountProgressMisses(prefix);
        if (state.estimatedEndMs !== end || state.misses !== misses) {
          expect({ seed, kind, k, end: state.estimatedEndMs, misses: state.misses }).toEqual({ seed, kind, k, end, misses });
        }
        sources[ours.source] = (sources[ours.source] ?? 0) + 1;
        decisions++;
      }
    }
    if (process.env.SCHEDULE_PROPERTY_STATS) console.log(JSON.stringify({ kinds, sources, decisions }));
    // The generator must exercise every kind and every kind of decision, or the property says little.
    for (const k of KINDS) expect(kinds[k]).toBeGreaterThan(HISTORIES / 10);
    expect(sources.backoff).toBeGreaterThan(1000);
    expect(sources.progress).toBeGreaterThan(100);
    expect(sources.idle).toBeGreaterThan(100);
    expect(decisions).toBeGreaterThan(50_000);
  });

  it("the history helpers agree with the reference on the same random histories", () => {
    for (let seed = 5001; seed <= 5300; seed++) {
      const { history } = randomHistory(seed);
      expect(estimateDataEndMs(history)).toBe(referenceEstimateDataEndMs(history));
      expect(countProgressMisses(history)).toBe(referenceCountProgressMisses(history));
    }
  });
});

describe("bounded state", () => {
  it("keeps at most ~103 hull points over a 3-day wait of 50 000 replies, and its estimate matches the reference", () => {
    // A slowing data initialization: 0 -> 99 % over 72 h, polled every ~5 s.
    const rnd = prng(42);
    const state = new ProgressState();
    const history: PollRecord[] = [{ timeMs: 0, status: status({ precheck: "Finished", structure: "Finished", data: "NotStarted" }) }];
    state.observe(history[0]!);
    let t = 0;
    const end = 72 * 3_600_000;
    while (t < end) {
      t += 1000 + Math.floor(rnd() * 8000);
      const percent = Math.min(99, Math.floor(100 * Math.sqrt(t / end)));
      const record = { timeMs: t, status: dataReply(percent) };
      history.push(record);
      state.observe(record);
    }
    expect(history.length).toBeGreaterThan(40_000);
    const hull = (state as unknown as { hullT: number[] }).hullT.length;
    expect(hull).toBeLessThanOrEqual(103);
    expect(state.estimatedEndMs).toBe(referenceEstimateDataEndMs(history));
  });
});
